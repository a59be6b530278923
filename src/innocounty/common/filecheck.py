"""The one file checker, with the platform's settings: one set of limits (``FILE_CHECK_LIMITS``) and the size
limit of each kind of upload (``MONITORING_UPLOAD_MAX_BYTES``, ``APPLICATION_ATTACHMENT_MAX_BYTES``).

The checks themselves are pure and live in :mod:`innocounty.evaluation.packages` (the engine's CLI uses
them too); this module gives them the settings and the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext

from innocounty.evaluation import packages
from innocounty.evaluation.packages import (  # noqa: F401  (the platform's names for the checker)
    ATTACHMENT_KINDS,
    DAMAGED,
    DEFAULT_LIMITS,
    OVERSIZE_PART,
    FileCheck,
)

# The size limit of each kind of upload: (setting, default).
MAX_BYTES = {
    "monitoring": ("MONITORING_UPLOAD_MAX_BYTES", 5 * 1024 * 1024),
    "attachment": ("APPLICATION_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024),
    "photo": ("INSPECTION_PHOTO_MAX_BYTES", 10 * 1024 * 1024),
}
IMAGE_MAGIC = {"jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}
IMAGE_EXTENSIONS = {"jpeg": (".jpg", ".jpeg"), "png": (".png",)}


def max_bytes(purpose: str) -> int:
    """The size limit of ``purpose`` ("monitoring" or "attachment") from settings."""
    name, default = MAX_BYTES[purpose]
    return int(getattr(settings, name, default))


def limits() -> dict[str, int]:
    """``settings.FILE_CHECK_LIMITS`` over the defaults."""
    configured = dict(getattr(settings, "FILE_CHECK_LIMITS", {}) or {})
    return {**DEFAULT_LIMITS, **{k: int(v) for k, v in configured.items() if k in DEFAULT_LIMITS}}


def check_file(filename: str, data: bytes, kinds: Iterable[str], max_bytes: int, size: int | None = None,
               max_part_bytes: int | None = None) -> FileCheck:
    """:func:`innocounty.evaluation.packages.check_file` with the configured limits."""
    return packages.check_file(filename, data, kinds, max_bytes, size, max_part_bytes, limits())


def check_package(data: bytes | str, max_part_bytes: int | None = None) -> FileCheck:
    return packages.check_package(data, max_part_bytes, limits())


def check_attachment(filename: str, data: bytes, limit: int | None = None) -> FileCheck:
    """An application attachment: PDF, DOCX or XLSX within ``APPLICATION_ATTACHMENT_MAX_BYTES``."""
    return check_file(filename, data, ATTACHMENT_KINDS, max_bytes("attachment") if limit is None else limit)


def check_image(filename: str, data: bytes, limit: int, size: int | None = None) -> FileCheck:
    """A photo: JPEG or PNG whose first bytes match its extension, within ``limit`` bytes."""
    from innocounty.programme.problems import gettext_noop

    size = max(len(data), size or 0)
    if size > limit:
        return FileCheck(None, "too_large", gettext_noop("文件大小 %(size).1f MiB，超过上限 %(limit).1f MiB。"),
                         {"size": size / 1048576, "limit": limit / 1048576})  # fmt: skip
    if size == 0:
        return FileCheck(None, "empty", gettext_noop("文件为空。"))
    lower = filename.lower()
    kind = next((k for k, ends in IMAGE_EXTENSIONS.items() if lower.endswith(ends)), None)
    if kind is None:
        return FileCheck(None, "wrong_extension", gettext_noop("照片只接受 JPEG（.jpg）或 PNG（.png）文件。"))
    if not data.startswith(IMAGE_MAGIC[kind]):
        return FileCheck(None, "content_mismatch", gettext_noop("文件内容不是 %(kind)s 图片（可能是改了扩展名的其他文件）。"),
                         {"kind": kind.upper()})  # fmt: skip
    return FileCheck(kind)


def problem_text(found: FileCheck) -> str:
    """The reason in the active language ("" when accepted)."""
    if not found.code:
        return ""
    return gettext(found.template) % found.params if found.params else gettext(found.template)
