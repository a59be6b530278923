"""What an uploaded attachment really is: PDF, DOCX or XLSX, judged by its bytes, never by its name.

- PDF: the file starts with ``%PDF-``.
- DOCX / XLSX: a ZIP package whose ``[Content_Types].xml`` declares the main part of a Word document
  (``wordprocessingml.document.main+xml``) or an Excel workbook (``spreadsheetml.sheet.main+xml``).
  Macro-enabled packages (.docm/.xlsm: ``macroEnabled`` content types or a ``vbaProject.bin`` part),
  templates, old OLE files (.doc/.xls) and anything else are refused.

The extension must agree with the content (a PDF renamed .docx is refused), and the size is limited by
``settings.APPLICATION_ATTACHMENT_MAX_BYTES`` (default 20 MiB). Each refusal says why in Chinese.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
MACRO_MARKERS = ("macroenabled", "vbaproject")
MAX_ZIP_ENTRIES = 5000
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
CONTENT_TYPES_LIMIT = 1024 * 1024
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx"}
MACRO_EXTENSIONS = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam")


@dataclass(frozen=True)
class FileCheck:
    kind: str | None  # "pdf" / "docx" / "xlsx" when accepted
    problem: str = ""  # why it was refused
    code: str = ""

    @property
    def accepted(self) -> bool:
        return self.kind is not None and not self.problem


def max_attachment_bytes() -> int:
    return int(getattr(settings, "APPLICATION_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _refuse(code: str, message: str) -> FileCheck:
    return FileCheck(None, message, code)


def check_attachment(filename: str, data: bytes, max_bytes: int | None = None) -> FileCheck:
    """Accept a PDF, DOCX or XLSX file whose content matches its extension; refuse everything else."""
    limit = max_attachment_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        return _refuse("too_large", _("文件大小 %(size).1f MiB，超过上限 %(limit).1f MiB。") % {"size": len(data) / 1048576, "limit": limit / 1048576})
    if not data:
        return _refuse("empty", _("文件为空。"))
    lower = filename.lower()
    if lower.endswith(MACRO_EXTENSIONS):
        return _refuse("macro_enabled", _("不接受启用宏的文件（.docm、.xlsm 等），请另存为 .docx 或 .xlsx。"))
    extension = next((kind for kind, ext in EXTENSIONS.items() if lower.endswith(ext)), None)
    if extension is None:
        return _refuse("wrong_extension", _("只接受 PDF、Word（.docx）和 Excel（.xlsx）文件。"))
    found = _sniff(data)
    if not found.accepted:
        return found
    if found.kind != extension:
        return _refuse(
            "content_mismatch",
            _("文件扩展名为 %(extension)s，但内容是 %(found)s 文件，请核对后重新上传。")
            % {"extension": EXTENSIONS[extension], "found": EXTENSIONS[found.kind]},
        )
    return found


def _sniff(data: bytes) -> FileCheck:
    if data.startswith(PDF_MAGIC):
        return FileCheck("pdf")
    if data.startswith(OLE_MAGIC):
        return _refuse("legacy_office", _("这是旧版 Office 文件（.doc/.xls）或加密文件，请另存为 .docx 或 .xlsx。"))
    if not data.startswith(ZIP_MAGIC):
        return _refuse("not_recognised", _("文件内容不是 PDF、Word（.docx）或 Excel（.xlsx）（可能是改了扩展名的其他文件）。"))
    return _sniff_package(data)


def _sniff_package(data: bytes) -> FileCheck:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
                return _refuse("suspicious_package", _("文件解压后过大或结构异常，已拒收。"))
            names = {e.filename.lower(): e for e in entries}
            if any(name.endswith("vbaproject.bin") for name in names):
                return _refuse("macro_enabled", _("文件包含宏（VBA 工程），已拒收。"))
            info = names.get("[content_types].xml")
            if info is None or info.file_size > CONTENT_TYPES_LIMIT:
                return _refuse("not_recognised", _("ZIP 文件缺少 Office 内容类型声明，不是 .docx 或 .xlsx 文件。"))
            content_types = package.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, RuntimeError):
        return _refuse("corrupt", _("文件已损坏，无法识别。"))
    try:
        root = ET.fromstring(content_types)
    except ET.ParseError:
        return _refuse("corrupt", _("文件的内容类型声明无法解析。"))
    declared = {el.get("ContentType", "").lower() for el in root}
    if any(marker in ct for ct in declared for marker in MACRO_MARKERS):
        return _refuse("macro_enabled", _("文件为启用宏的文档或工作簿，已拒收。"))
    kinds = {kind for ct, kind in MAIN_CONTENT_TYPES.items() if ct in declared}
    if len(kinds) != 1:
        return _refuse("not_recognised", _("文件不是 Word 文档（.docx）或 Excel 工作簿（.xlsx）（可能是模板或其他 Office 文件）。"))
    return FileCheck(kinds.pop())
