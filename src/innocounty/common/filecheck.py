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
}


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


def problem_text(found: FileCheck) -> str:
    """The reason in the active language ("" when accepted)."""
    if not found.code:
        return ""
    return gettext(found.template) % found.params if found.params else gettext(found.template)
