"""Uploads of the approval stage, through the one file checker: inspection photos (JPEG/PNG) and
attachments (PDF/DOCX/XLSX), objection attachments (PDF or an image), each size-bounded."""

from __future__ import annotations

import hashlib

from innocounty.common.filecheck import (
    ATTACHMENT_KINDS,
    check_attachment,
    check_image,
    max_bytes,
    problem_text,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
OBJECTION_MAX_BYTES = 5 * 1024 * 1024


def read_upload(upload, limit: int) -> bytes:
    """At most ``limit + 1`` bytes (the checker refuses what is longer without reading it all)."""
    return upload.read(limit + 1)


def check_photo(upload) -> tuple[str, bytes, str]:
    """(kind, data, "") or ("", b"", reason)."""
    limit = max_bytes("photo")
    data = read_upload(upload, limit)
    found = check_image(upload.name, data, limit, size=upload.size)
    return (found.kind, data, "") if found.accepted else ("", b"", problem_text(found))


def check_document(upload) -> tuple[str, bytes, str]:
    limit = max_bytes("attachment")
    data = read_upload(upload, limit)
    found = check_attachment(upload.name, data)
    return (found.kind, data, "") if found.accepted else ("", b"", problem_text(found))


def check_objection_attachment(upload) -> tuple[str, bytes, str]:
    data = read_upload(upload, OBJECTION_MAX_BYTES)
    if upload.name.lower().endswith((".jpg", ".jpeg", ".png")):
        found = check_image(upload.name, data, OBJECTION_MAX_BYTES, size=upload.size)
    else:
        from innocounty.common.filecheck import check_file

        found = check_file(upload.name, data, ("pdf",), OBJECTION_MAX_BYTES, size=upload.size)
    return (found.kind, data, "") if found.accepted else ("", b"", problem_text(found))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = ["ATTACHMENT_KINDS", "CONTENT_TYPES", "check_document", "check_objection_attachment", "check_photo", "sha256"]
