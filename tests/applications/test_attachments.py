"""Attachments: sniffed by content (PDF magic, OOXML content types), size-limited, macros refused,
stored privately and served only through the permission check, as a download with nosniff."""

import errno
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.applications.factories import make_application
from innocounty.applications.models import Attachment
from innocounty.audit.models import AuditEvent
from innocounty.common.filecheck import check_attachment, problem_text
from innocounty.common.states import seeding_states

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def ooxml(main_type: str, part: str = "word/document.xml", vba: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>')  # fmt: skip
        z.writestr(part, "<xml/>")
        if vba:
            z.writestr("word/vbaProject.bin", b"\x00" * 10)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("方案.pdf", PDF, "pdf"), ("方案.docx", ooxml(WORD_MAIN), "docx"), ("目标.xlsx", ooxml(EXCEL_MAIN, "xl/workbook.xml"), "xlsx")],
)
def test_accepted_types(name, data, kind):
    assert check_attachment(name, data, 10_000).kind == kind


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("方案.docx", PDF, "content_mismatch"),  # a PDF renamed .docx
        ("方案.pdf", b"MZ\x90\x00 not a pdf", "not_recognised"),  # wrong type with the right extension
        ("方案.docx", ooxml(EXCEL_MAIN, "xl/workbook.xml"), "content_mismatch"),
        ("方案.docm", ooxml(DOCM_MAIN), "macro_enabled"),
        ("方案.docx", ooxml(DOCM_MAIN), "macro_enabled"),  # a .docm renamed .docx
        ("方案.docx", ooxml(WORD_MAIN, vba=True), "macro_enabled"),
        ("方案.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "wrong_extension"),
        ("方案.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "legacy_office"),
        ("方案.exe", b"MZ", "wrong_extension"),
        ("方案.pdf", b"", "empty"),
        ("方案.pdf", PDF + b"0" * 2000, "too_large"),
    ],
)
def test_refused_files(name, data, code):
    found = check_attachment(name, data, 1000)
    assert not found.accepted and found.code == code and problem_text(found)


def test_upload_download_and_remove(client, cast, batch, media, settings):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    client.post(reverse("applications:attachment_upload", args=[app.pk]),
                {"file": SimpleUploadedFile("建设方案.pdf", PDF), "title": "正文"})  # fmt: skip
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf" and attachment.original_name == "建设方案.pdf"
    assert str(media) in attachment.file.path and "建设方案" not in attachment.file.name
    response = client.get(reverse("applications:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    client.post(reverse("applications:attachment_remove", args=[app.pk, attachment.pk]))
    attachment.refresh_from_db()
    assert attachment.removed_at is not None


def test_upload_refuses_a_renamed_file_and_an_oversize_file(client, cast, batch, media, settings):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    page = client.post(reverse("applications:attachment_upload", args=[app.pk]),
                       {"file": SimpleUploadedFile("方案.docx", PDF)}, follow=True).content.decode()  # fmt: skip
    assert "内容是 .pdf" in page
    settings.APPLICATION_ATTACHMENT_MAX_BYTES = 10
    page = client.post(reverse("applications:attachment_upload", args=[app.pk]),
                       {"file": SimpleUploadedFile("方案.pdf", PDF)}, follow=True).content.decode()  # fmt: skip
    assert "上限" in page and not Attachment.objects.exists()


def test_download_refused_outside_the_scope(client, cast, batch, media):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.county)
    from innocounty.applications.editing import add_attachment

    with seeding_states():
        app.state = "draft"
        app.save()
    attachment = add_attachment(cast.county, app, "a.pdf", PDF)
    with seeding_states():
        app.state = "submitted"
        app.save()
    for user, status in ((cast.county_guan, 404), (cast.province_zj, 404), (cast.expert, 404), (cast.province, 200), (cast.ministry, 200)):
        client.force_login(user)
        assert client.get(reverse("applications:attachment", args=[attachment.pk])).status_code == status
    client.logout()
    assert client.get(reverse("applications:attachment", args=[attachment.pk])).status_code == 302


def test_upload_refused_after_submission(client, cast, batch, media):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.county)
    page = client.post(reverse("applications:attachment_upload", args=[app.pk]),
                       {"file": SimpleUploadedFile("a.pdf", PDF)}, follow=True).content.decode()  # fmt: skip
    assert "不能修改" in page and not Attachment.objects.exists()


@pytest.mark.parametrize("code, message", [(errno.ENOSPC, "存储空间已满"), (errno.EIO, "存储错误")])
def test_a_full_disk_on_upload_is_a_clear_error_and_leaves_nothing_partial(client, cast, batch, media, monkeypatch,
                                                                           code, message):  # fmt: skip
    """The disk fills up halfway through the file (issue 13, faults): the upload is refused with a message,
    the half-written file is removed, and no attachment row or audit event is left."""

    def half_then_full(storage, name, content):
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:10])
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(FileSystemStorage, "_save", half_then_full)
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    events = AuditEvent.objects.count()
    response = client.post(reverse("applications:attachment_upload", args=[app.pk]),
                           {"file": SimpleUploadedFile("方案.pdf", PDF)}, follow=True)  # fmt: skip
    assert response.status_code == 200 and message in response.content.decode()
    assert not Attachment.objects.exists() and AuditEvent.objects.count() == events
    assert [p for p in Path(media).rglob("*") if p.is_file()] == []
