"""The public notice page (anonymous): the list by belt and theme, the objection form with its challenge,
honeypot, bounded fields, attachment check and the per-address limit; the approved counties page."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.approvals import services
from innocounty.approvals.challenge import PER_HOUR
from innocounty.approvals.models import Objection

from .conftest import DAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(story):
    with at(DAY - timedelta(days=2)):
        _, lst = services.draft_list(story.cast.ministry, story.batch)
    with at(DAY):
        services.publish_notice(story.cast.ministry, lst, 7, confirm=True)
    lst.refresh_from_db()
    return lst


def open_form(client, lst, day=DAY + timedelta(days=1)):
    """GET the page (at 10:00:00 of ``day``): the question and its token."""
    with at(day):
        page = client.get(reverse("public:notice", args=[lst.pk])).content.decode()
    question = re.search(r'data-question="(\d+) \+ (\d+) = \?"', page)
    token = re.search(r'name="token" value="([^"]+)"', page)[1]
    return int(question[1]) + int(question[2]), token, page


def post(client, lst, data, day=DAY + timedelta(days=1), second=30, address="198.51.100.7"):
    with at(day, second=second):
        return client.post(reverse("public:objection", args=[lst.pk]), data, REMOTE_ADDR=address)


def form(story, answer, token, **changes):
    return {"application": story.apps["guan"].pk, "name": "张三", "contact": "13800000000", "text": "申报材料不实",
            "answer": str(answer), "token": token, **changes}  # fmt: skip


def test_anonymous_page_lists_the_counties_by_belt_and_theme(client, story, notice):
    _, _, page = open_form(client, notice)
    assert "东部（3）" in page and "生态" in page
    for app in story.apps.values():
        assert app.county.name in page
    assert "2026-03-02至2026-03-08" in page


def test_not_shown_while_drafted(client, story):
    with at(DAY):
        _, lst = services.draft_list(story.cast.ministry, story.batch)
    assert client.get(reverse("public:notice", args=[lst.pk])).status_code == 404


def test_an_objection_with_the_right_answer_is_stored_privately(client, story, notice):
    answer, token, _ = open_form(client, notice)
    response = post(client, notice, form(story, answer, token))
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.state, objection.application_id, objection.client_address) == (
        "lodged", story.apps["guan"].pk, "198.51.100.7")
    page = client.get(reverse("public:notice", args=[notice.pk])).content.decode()
    assert "13800000000" not in page and "申报材料不实" not in page  # stored privately
    assert client.get(reverse("approvals:list", args=[story.batch.pk])).status_code == 302  # sign in first


def test_a_wrong_answer_is_refused(client, story, notice):
    answer, token, _ = open_form(client, notice)
    response = post(client, notice, form(story, answer + 1, token))
    assert response.status_code == 422 and "验证题答案不正确" in response.content.decode()
    assert not Objection.objects.exists()


def test_a_forged_or_too_fast_or_stale_token_is_refused(client, story, notice):
    answer, token, _ = open_form(client, notice)
    assert post(client, notice, form(story, answer, token[:-2] + "xx")).status_code == 422
    assert post(client, notice, form(story, answer, token), second=1).status_code == 422  # a script, within 3 s
    assert post(client, notice, form(story, answer, token), day=DAY + timedelta(days=2)).status_code == 422
    assert not Objection.objects.exists()


def test_the_honeypot_refuses(client, story, notice):
    answer, token, _ = open_form(client, notice)
    assert post(client, notice, form(story, answer, token, website="http://spam.example")).status_code == 422
    assert not Objection.objects.exists()


def test_fields_are_bounded_and_required(client, story, notice):
    answer, token, _ = open_form(client, notice)
    response = post(client, notice, form(story, answer, token, name="长" * 101, contact="", application="abc"))
    page = response.content.decode()
    assert response.status_code == 422 and "不能超过100字" in page and "此项必填" in page and "请选择名单中的县" in page
    assert not Objection.objects.exists()


def test_a_county_not_on_the_list_is_refused(client, story, notice):
    from innocounty.approvals.models import ListEntry

    ListEntry.objects.filter(application=story.apps["anji"]).update(decision="not_approve")
    answer, token, _ = open_form(client, notice)
    assert post(client, notice, form(story, answer, token, application=story.apps["anji"].pk)).status_code == 422


def test_the_attachment_is_type_checked(client, story, notice):
    answer, token, _ = open_form(client, notice)
    fake = SimpleUploadedFile("proof.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = post(client, notice, {**form(story, answer, token), "attachment": fake})
    assert response.status_code == 422 and not Objection.objects.exists()
    pdf = SimpleUploadedFile("proof.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="application/pdf")
    assert post(client, notice, {**form(story, answer, token), "attachment": pdf}).status_code == 302
    objection = Objection.objects.get()
    assert objection.attachment_kind == "pdf" and objection.attachment.name.startswith("objections/")


def test_the_rate_limit_per_address(client, story, notice):
    for n in range(PER_HOUR):
        answer, token, _ = open_form(client, notice)
        assert post(client, notice, form(story, answer, token, text=f"第{n}条")).status_code == 302
    answer, token, _ = open_form(client, notice)
    response = post(client, notice, form(story, answer, token))
    assert response.status_code == 422 and "过于频繁" in response.content.decode()
    answer, token, _ = open_form(client, notice)
    assert post(client, notice, form(story, answer, token), address="198.51.100.8").status_code == 302  # another
    assert Objection.objects.count() == PER_HOUR + 1


def test_the_limit_follows_the_trusted_proxy_header(client, story, notice, settings):
    settings.INNOCOUNTY_TRUSTED_PROXY_COUNT = 1
    for _ in range(PER_HOUR):
        answer, token, _ = open_form(client, notice)
        with at(DAY + timedelta(days=1), second=30):
            client.post(reverse("public:objection", args=[notice.pk]), form(story, answer, token),
                        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")  # fmt: skip
    assert set(Objection.objects.values_list("client_address", flat=True)) == {"203.0.113.5"}


def test_the_approved_page_and_its_map_data(client, story, notice):
    with at(DAY + timedelta(days=7)):
        assert services.finalise(story.cast.ministry, notice, "国科发农〔2026〕76号", (DAY + timedelta(days=7)).isoformat(),
                                 confirm=True).allowed  # fmt: skip
    page = client.get(reverse("public:approved")).content.decode()
    assert "国科发农〔2026〕76号" in page and all(a.county.name in page for a in story.apps.values())
    data = client.get(reverse("public:approved_map_data")).json()
    values = {a["name"]: a["value"] for a in data["areas"]}
    assert values["河北"] == 2 and values["浙江"] == 1 and values["北京"] is None


def test_odd_input_is_answered_not_crashed(client, story, notice):
    answer, token, _ = open_form(client, notice)
    for odd in ("9" * 30, "²", "-1", "1e3"):
        assert post(client, notice, form(story, answer, token, application=odd)).status_code == 422
    assert post(client, notice, {"token": "x" * 5000, "answer": "9" * 50}).status_code == 422
