"""Official documents: the PDF's text (pdftotext) and the DOCX (python-docx) contain the document number and
every county; downloads are scope-checked; the ministry edits the templates (bounded, with a preview)."""

import io
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from docx import Document

from innocounty.approvals import services
from innocounty.approvals.document_data import form_context, letter_context, list_context
from innocounty.approvals.documents import render_document
from innocounty.approvals.models import DocumentKind, DocumentTemplate

from .conftest import DAY, at

pytestmark = pytest.mark.django_db
NUMBER = "国科发农〔2026〕76号"


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture
def final(story):
    with at(DAY - timedelta(days=1)):
        _, lst = services.draft_list(story.cast.ministry, story.batch)
    with at(DAY):
        services.publish_notice(story.cast.ministry, lst, 7, confirm=True)
    with at(DAY + timedelta(days=7)):
        assert services.finalise(story.cast.ministry, lst, NUMBER, (DAY + timedelta(days=7)).isoformat(), True).allowed
    lst.refresh_from_db()
    return lst


def test_the_publication_notice_has_the_number_and_every_county(story, final):
    docx, pdf = render_document(DocumentKind.PUBLICATION, list_context(final, DocumentKind.PUBLICATION))
    for text in (pdf_text(pdf).replace(" ", ""), docx_text(docx)):
        assert NUMBER in text and "2026年3月9日" in text and "附件" in text
        for app in story.apps.values():
            assert app.county.name in text


def test_the_public_notice_names_the_period(story, final):
    docx, pdf = render_document(DocumentKind.PUBLIC_NOTICE, list_context(final, DocumentKind.PUBLIC_NOTICE))
    text = pdf_text(pdf).replace(" ", "")
    assert "2026年3月2日至2026年3月8日" in text and all(a.county.name in text for a in story.apps.values())
    assert "2026年3月2日至2026年3月8日" in docx_text(docx)


def test_the_letter_is_ordered_and_the_form_has_the_plan_and_seal_blocks(story):
    docx, pdf = render_document(DocumentKind.RECOMMENDATION_LETTER, letter_context(story.batch, story.cast.hebei))
    text = pdf_text(pdf).replace(" ", "")
    assert "河北省科学技术厅" in text and text.index("正定县") < text.index("固安县") and "安吉县" not in text
    docx, pdf = render_document(DocumentKind.APPLICATION_FORM, form_context(story.apps["anji"]))
    text = pdf_text(pdf).replace(" ", "")
    for part in ("安吉县创新型县（市）建设申报书", "量化目标", "进度安排", "（盖章）", "主要负责人（签字）", "监测评价"):
        assert part in text, part
    assert "（盖章）" in docx_text(docx)


def test_downloads_are_scope_checked(client, story, final):
    form = reverse("approvals:application_form", args=[story.apps["anji"].pk, "pdf"])
    letter = reverse("approvals:letter", args=[story.batch.pk, "13", "docx"])
    for user, url, status in ((story.cast.county_anji, form, 200), (story.cast.county, form, 403),
                              (story.cast.province_zj, form, 200), (story.cast.province, form, 403),
                              (story.cast.ministry, form, 200), (story.cast.expert, form, 403),
                              (story.cast.province, letter, 200), (story.cast.province_zj, letter, 403),
                              (story.cast.county, letter, 403), (story.cast.ministry, letter, 200)):  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == status, (user, url)
    client.logout()
    assert client.get(form).status_code == 302
    assert client.get(reverse("approvals:application_form", args=[story.apps["anji"].pk, "exe"])).status_code in (302, 404)


def test_list_documents_are_public_only_once_on_notice(client, story):
    with at(DAY):
        _, lst = services.draft_list(story.cast.ministry, story.batch)
    url = reverse("approvals:list_document", args=[story.batch.pk, "notice", "pdf"])
    assert client.get(url).status_code == 404
    client.force_login(story.cast.county)
    assert client.get(url).status_code == 403
    client.force_login(story.cast.ministry)
    assert client.get(url).status_code == 200  # the ministry's draft
    with at(DAY):
        services.publish_notice(story.cast.ministry, lst, 7, confirm=True)
    client.logout()
    assert client.get(url).status_code == 200
    assert client.get(reverse("approvals:list_document", args=[story.batch.pk, "publication", "pdf"])).status_code == 404


def test_the_ministry_edits_a_template_with_bounds_and_a_preview(client, story, final):
    url = reverse("approvals:template", args=["publication"])
    client.force_login(story.cast.auditor)
    assert client.get(url).status_code == 200
    assert client.post(url, {"office": "x"}).status_code == 403
    client.force_login(story.cast.ministry)
    fields = {"office": "科学技术部文件", "title": "关于{batch}的通知", "addressee": "各省科技厅：",
              "body": "同意{count}个县（市）开展建设。\n特此通知。", "signature": "科技部"}  # fmt: skip
    assert client.post(url, {**fields, "body": "长" * 8001}).status_code == 422
    preview = client.post(url, {**fields, "preview": "1"})
    assert preview["Content-Type"] == "application/pdf" and "同意2个县" in pdf_text(preview.content).replace(" ", "")
    assert not DocumentTemplate.objects.exists()
    assert client.post(url, fields).status_code == 302
    docx, pdf = render_document(DocumentKind.PUBLICATION, list_context(final, DocumentKind.PUBLICATION))
    assert "同意3个县（市）开展建设。" in docx_text(docx) and "{count}" not in docx_text(docx)
    assert client.get(reverse("approvals:template", args=["nonsense"])).status_code == 404
