"""The one file checker, pure part: what an uploaded file (a monitoring workbook, an application attachment,
a data file given to the engine's CLI) really is, and whether it is safe to open. The platform's layer with
its settings (limits, size limits per kind of upload, messages in the reader's language) is
:mod:`innocounty.common.filecheck`.

What a file really is — PDF, DOCX or XLSX — is judged by its bytes, never by its name:

- PDF: the file starts with ``%PDF-``.
- DOCX / XLSX: a ZIP package whose ``[Content_Types].xml`` declares the main part of a Word document
  (``wordprocessingml.document.main+xml``) or an Excel workbook (``spreadsheetml.sheet.main+xml``).

Refused, each with a reason in Chinese: an empty or oversize file, an extension that is not allowed or that
disagrees with the content, old OLE files (.doc/.xls, encrypted files), templates and other Office files,
anything macro-enabled, ZIP bombs, and damaged or hostile XML.

Macros are found three ways, all case-insensitive: a content type that names macros or a VBA project
(``…macroEnabled…``, ``…vbaProject…``, ``…vbaData…``), a part named ``vbaProject*`` / ``vbaData*``, and a
``.bin`` part whose declared content type is a macro type. Every XML part (``.xml``, ``.rels``, and any part
declared as XML) is parsed as a stream with expat before any other library opens the file: a DOCTYPE (the
door to entity expansion and external entities) or any parse error (a truncated sheet) refuses the file
with "文件已损坏或含不允许的内容".

The limits are given by the caller (``DEFAULT_LIMITS`` otherwise). Messages are catalogue texts
(``gettext_noop``) with parameters: the monitoring report stores them in Chinese and translates when shown.
No Django here.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.parsers import expat


def gettext_noop(message: str) -> str:
    """Marks a catalogue text (extracted by makemessages like Django's); unlike Django's it needs no settings,
    so the engine's CLI can use this module without a configured site."""
    return message


PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
MACRO_MARKERS = ("macroenabled", "vbaproject", "vbadata", "ms-office.activex")
MACRO_PART_PREFIXES = ("vbaproject", "vbadata")
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx"}
KIND_LABELS = {"pdf": "PDF", "docx": gettext_noop("Word（.docx）"), "xlsx": gettext_noop("Excel 工作簿（.xlsx）")}
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx")
MACRO_EXTENSIONS = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".xlsb", ".pptm")
DEFAULT_LIMITS = {
    "max_zip_entries": 2000,
    "max_uncompressed_bytes": 100 * 1024 * 1024,  # all parts together
    "max_xml_bytes": 64 * 1024 * 1024,  # all XML parts together (each is parsed)
    "max_content_types_bytes": 1024 * 1024,
}
DAMAGED = gettext_noop("文件已损坏或含不允许的内容（%(detail)s），已拒收。请用 Office 重新保存后上传。")
OVERSIZE_PART = gettext_noop("“%(part)s”解压后为 %(size).1f MiB，超过上限 %(limit).1f MiB（可能含大量多余的单元格、格式或文字）。"
                             "请把数据复制到下载的模板中再上传。")
XML_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileCheck:
    """Accepted (``kind`` set) or refused (``code`` and a catalogue ``template`` with ``params``)."""

    kind: str | None
    code: str = ""
    template: str = ""
    params: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def accepted(self) -> bool:
        return self.kind is not None and not self.code

    @property
    def message(self) -> str:
        """The reason in Chinese (the stored text)."""
        return self.template % self.params if self.params else self.template



def _refuse(code: str, template: str, **params) -> FileCheck:
    return FileCheck(None, code, template, params)


def _kinds_text(kinds: Iterable[str]) -> str:
    return "、".join(str(KIND_LABELS[k]) for k in kinds)


def check_file(filename: str, data: bytes, kinds: Iterable[str], max_bytes: int, size: int | None = None,
               max_part_bytes: int | None = None, limits: dict | None = None) -> FileCheck:
    """Accept a file of one of ``kinds`` whose content matches its extension; refuse everything else.

    ``size`` is the declared size when only the first ``max_bytes + 1`` bytes were read; ``max_part_bytes``
    bounds each XML part (checked from the ZIP directory before anything is parsed)."""
    kinds = tuple(kinds)
    size = max(len(data), size or 0)
    if size > max_bytes:
        return _refuse("too_large", gettext_noop("文件大小 %(size).1f MiB，超过上限 %(limit).1f MiB。"),
                       size=size / 1048576, limit=max_bytes / 1048576)
    if size == 0:
        return _refuse("empty", gettext_noop("文件为空。"))
    lower = filename.lower()
    if lower.endswith(MACRO_EXTENSIONS):
        return _refuse("macro_enabled", gettext_noop("不接受启用宏的文件（.xlsm、.docm 等），请另存为 .xlsx 或 .docx。"))
    extension = next((k for k in kinds if lower.endswith(EXTENSIONS[k])), None)
    if extension is None:
        return _refuse("wrong_extension", gettext_noop("只接受 %(kinds)s 文件。"), kinds=_kinds_text(kinds))
    found = sniff(data, kinds, max_part_bytes, limits)
    if not found.accepted:
        return found
    if found.kind != extension:
        return _refuse("content_mismatch",
                       gettext_noop("文件扩展名为 %(extension)s，但内容是 %(found)s 文件（可能是改了扩展名的其他文件），请核对后重新上传。"),
                       extension=EXTENSIONS[extension], found=EXTENSIONS[found.kind])
    return found


def sniff(data: bytes, kinds: Iterable[str] = ATTACHMENT_KINDS, max_part_bytes: int | None = None,
          limits: dict | None = None) -> FileCheck:
    """What the bytes are (pdf / docx / xlsx), or why they are refused (naming the ``kinds`` expected)."""
    if data.startswith(PDF_MAGIC):
        return FileCheck("pdf")
    if data.startswith(OLE_MAGIC):
        return _refuse("legacy_office",
                       gettext_noop("这是旧版 Office 97-2003 文件（.doc/.xls）或加密文件，请另存为 .docx 或 .xlsx。"))
    if not data.startswith(ZIP_MAGIC):
        return _refuse("not_recognised", gettext_noop("文件内容不是 %(kinds)s（可能是改了扩展名的其他文件）。"),
                       kinds=_kinds_text(kinds))
    return check_package(data, max_part_bytes, limits)


def check_package(data: bytes | str, max_part_bytes: int | None = None, limits: dict | None = None) -> FileCheck:
    """An OOXML package (bytes, or a path): its main part, no macros, sane sizes, well-formed XML only."""
    bound = {**DEFAULT_LIMITS, **(limits or {})}
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    try:
        with zipfile.ZipFile(source) as package:
            entries = package.infolist()
            if (len(entries) > bound["max_zip_entries"]
                    or sum(e.file_size for e in entries) > bound["max_uncompressed_bytes"]):
                return _refuse("suspicious_package", gettext_noop("文件解压后过大或结构异常，已拒收。"))
            names = {e.filename.lower(): e for e in entries}
            info = names.get("[content_types].xml")
            if info is None or info.file_size > bound["max_content_types_bytes"]:
                return _refuse("not_recognised", gettext_noop("ZIP 文件缺少 Office 内容类型声明，不是 .docx 或 .xlsx 文件。"))
            types = _content_types(package, info)
            if isinstance(types, FileCheck):
                return types
            defaults, overrides = types
            if _has_macros(names, defaults, overrides):
                return _refuse("macro_enabled", gettext_noop("文件包含宏（VBA 工程）或为启用宏的文档，已拒收。"))
            kinds = {MAIN_CONTENT_TYPES[ct] for ct in overrides.values() if ct in MAIN_CONTENT_TYPES}
            if len(kinds) != 1:
                return _refuse("not_recognised",
                               gettext_noop("文件不是 Word 文档（.docx）或 Excel 工作簿（.xlsx）（可能是模板、加载项或其他 Office 文件）。"))
            if max_part_bytes is not None:
                for entry in entries:
                    if entry.file_size > max_part_bytes and _is_xml(entry.filename.lower(), defaults, overrides):
                        return _refuse("oversize_part", OVERSIZE_PART, part=entry.filename,
                                       size=entry.file_size / 1048576, limit=max_part_bytes / 1048576)
            damaged = _check_xml_parts(package, entries, defaults, overrides, bound["max_xml_bytes"])
            if damaged:
                return damaged
            return FileCheck(kinds.pop())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, OSError, RuntimeError,
            EOFError, ValueError) as exc:
        return _refuse("corrupt", DAMAGED, detail=f"ZIP: {type(exc).__name__}")


def _content_types(package: zipfile.ZipFile, info: zipfile.ZipInfo):
    """(extension → content type, part name → content type), lower-cased; or a refusal."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}

    def start(name, attrs):
        local = name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
        content_type = str(attrs.get("ContentType", "")).lower()
        if local == "Default":
            defaults[str(attrs.get("Extension", "")).lower()] = content_type
        elif local == "Override":
            overrides[str(attrs.get("PartName", "")).lstrip("/").lower()] = content_type

    problem = _parse_xml(package.open(info), "[Content_Types].xml", start)
    return problem or (defaults, overrides)


def _content_type(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> str:
    return overrides.get(name, defaults.get(posixpath.splitext(name)[1].lstrip("."), ""))


def _has_macros(names: dict, defaults: dict[str, str], overrides: dict[str, str]) -> bool:
    declared = [*defaults.values(), *overrides.values()]
    if any(marker in ct for ct in declared for marker in MACRO_MARKERS):
        return True
    for name in names:
        base = posixpath.basename(name)
        if base.startswith(MACRO_PART_PREFIXES):
            return True
        if base.endswith(".bin") and any(m in _content_type(name, defaults, overrides) for m in MACRO_MARKERS):
            return True
    return False


def _is_xml(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> bool:
    if name.endswith((".xml", ".rels")):
        return True
    content_type = _content_type(name, defaults, overrides)
    return content_type.endswith(("+xml", "/xml"))


def _check_xml_parts(package, entries, defaults, overrides, max_xml_bytes: int) -> FileCheck | None:
    total = 0
    for info in entries:
        name = info.filename.lower()
        if info.is_dir() or name == "[content_types].xml" or not _is_xml(name, defaults, overrides):
            continue
        total += info.file_size
        if total > max_xml_bytes:
            return _refuse("suspicious_package", gettext_noop("文件解压后过大或结构异常，已拒收。"))
        problem = _parse_xml(package.open(info), info.filename)
        if problem:
            return problem
    return None


class _Doctype(Exception):
    pass


def _parse_xml(stream, part: str, start=None) -> FileCheck | None:
    """Parse one part as a stream (constant memory); a DOCTYPE or any error refuses the file."""
    parser = expat.ParserCreate()

    def doctype(*_args):
        raise _Doctype

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if start is not None:
        parser.StartElementHandler = start
    try:
        with stream:
            while chunk := stream.read(XML_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Doctype:
        return _refuse("corrupt", DAMAGED, detail=f"{part}: DOCTYPE")
    except expat.ExpatError as exc:
        detail = f"{part}: {expat.ErrorString(exc.code)}, line {exc.lineno}"
        return _refuse("corrupt", DAMAGED, detail=detail)
    return None
