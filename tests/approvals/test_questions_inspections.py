"""Questioning (deadline inclusive; late answers refused; answers notify the ministry) and field inspection
records (completion rules, province visibility per record, type-checked private files)."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.approvals import services
from innocounty.approvals.models import Inspection, InspectionFile
from innocounty.notifications.models import Notification
from innocounty.workflow.adapter import NotAllowed, apply_transition

from .conftest import DAY, at

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_question_is_answered_by_its_county_before_the_deadline(story):
    app = story.apps["zhengding"]
    with at(DAY):
        outcome, q = services.ask(story.cast.ministry, app, "请说明研发投入目标的测算依据", DAY + timedelta(days=5))
    assert outcome.allowed and q.state == "open"
    assert Notification.objects.filter(recipient=story.cast.county).exists()
    with pytest.raises(NotAllowed):
        services.answer(story.cast.county_guan, q, "……", True)  # another county
    with at(DAY + timedelta(days=5)):  # the deadline itself is inside
        assert "confirmation_required" in set(services.answer(story.cast.county, q, "依据如下……", False).decision.codes)
        assert services.answer(story.cast.county, q, "依据如下……", True).allowed
    q.refresh_from_db()
    assert (q.state, q.answer, q.answered_by) == ("answered", "依据如下……", story.cast.county)
    assert Notification.objects.filter(recipient=story.cast.ministry, title__contains="答复质询").exists()


def test_a_late_answer_is_refused(story):
    with at(DAY):
        _, q = services.ask(story.cast.ministry, story.apps["zhengding"], "问题", DAY + timedelta(days=2))
    with at(DAY + timedelta(days=3)):
        outcome = services.answer(story.cast.county, q, "迟到的答复", True)
    assert outcome.decision.codes == ("answer_late",) and "已过" in outcome.decision.messages[0]


def test_a_question_needs_text_and_a_future_deadline_and_the_ministry(story):
    app = story.apps["zhengding"]
    with at(DAY):
        assert set(services.ask(story.cast.ministry, app, "", DAY)[0].decision.codes) == {"missing_question"}
        assert set(services.ask(story.cast.ministry, app, "问题", DAY - timedelta(days=1))[0].decision.codes) == {
            "deadline_past"}
        assert set(services.ask(story.cast.ministry, app, "问题", None)[0].decision.codes) == {"deadline_missing"}
        with pytest.raises(NotAllowed):
            services.ask(story.cast.county, app, "问题", DAY)
        with pytest.raises(NotAllowed):  # an expert not on the panel
            services.ask(story.cast.expert, app, "问题", DAY)


def test_the_questions_page_is_scoped(client, story):
    app = story.apps["zhengding"]
    url = reverse("approvals:questions", args=[app.pk])
    for user, status in ((story.cast.ministry, 200), (story.cast.county, 200), (story.cast.province, 200),
                         (story.cast.county_guan, 403), (story.cast.province_zj, 403), (story.cast.expert, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(story.cast.ministry)
    deadline = (date.today() + timedelta(days=10)).isoformat()
    client.post(url, {"question": "请补充说明", "deadline": deadline})
    client.force_login(story.cast.county)
    assert "请补充说明" in client.get(url).content.decode()


def completed_inspection(story, app_key="anji"):
    app = story.apps[app_key]
    with at(DAY):
        _, i = services.record_inspection(story.cast.ministry, app)
        refused = apply_transition(story.cast.ministry, i, "complete", {"confirm": True}, kind="inspection")
        assert set(refused.decision.codes) == {"inspection_dates", "inspection_team", "inspection_conclusion"}
        services.save_inspection(story.cast.ministry, i, {"starts": DAY - timedelta(days=2), "ends": DAY - timedelta(days=1),
                                 "team": "专家甲、工作人员乙", "conclusion": "recommend",
                                 "findings": {"leading_industry": "主导产业特色明显"}})  # fmt: skip
        assert apply_transition(story.cast.ministry, i, "complete", {"confirm": True}, kind="inspection").allowed
    return i


def test_completing_needs_dates_team_and_conclusion_and_locks_the_record(story):
    i = completed_inspection(story)
    assert i.findings["leading_industry"] == "主导产业特色明显" and set(i.findings) >= {"policy_implementation"}
    assert not services.save_inspection(story.cast.ministry, i, {"team": "改"})
    with at(DAY):
        assert apply_transition(story.cast.ministry, i, "reopen", {}, kind="inspection").decision.codes == ("missing_reason",)


def test_inspection_dates_in_the_future_or_inverted_are_refused(story):
    with at(DAY):
        _, i = services.record_inspection(story.cast.ministry, story.apps["anji"])
        services.save_inspection(story.cast.ministry, i, {"starts": DAY, "ends": DAY - timedelta(days=1), "team": "x",
                                                          "conclusion": "recommend"})  # fmt: skip
        codes = apply_transition(story.cast.ministry, i, "complete", {"confirm": True}, kind="inspection").decision.codes
    assert codes == ("inspection_dates_inverted",)


def test_the_province_sees_a_record_only_when_opened_to_it(client, story):
    i = completed_inspection(story)
    url = reverse("approvals:inspection", args=[i.pk])
    client.force_login(story.cast.province_zj)
    assert client.get(url).status_code == 403
    with at(DAY):
        assert apply_transition(story.cast.ministry, i, "province_access", {"open": True}, kind="inspection").allowed
    assert client.get(url).status_code == 200
    for user in (story.cast.province, story.cast.county_anji, story.cast.expert):  # another province, the county
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    client.force_login(story.cast.auditor)
    assert client.get(url).status_code == 200


def test_inspection_files_are_type_checked_and_served_after_the_check(client, story):
    with at(DAY):
        _, i = services.record_inspection(story.cast.ministry, story.apps["anji"])
    client.force_login(story.cast.ministry)
    upload = reverse("approvals:inspection_upload", args=[i.pk])
    client.post(upload, {"purpose": "photo", "file": SimpleUploadedFile("site.png", b"GIF89a" + b"\x00" * 20)})
    client.post(upload, {"purpose": "photo", "file": SimpleUploadedFile("site.exe", PNG)})
    client.post(upload, {"purpose": "attachment", "file": SimpleUploadedFile("report.pdf", PNG)})
    assert not InspectionFile.objects.exists()
    client.post(upload, {"purpose": "photo", "file": SimpleUploadedFile("site.png", PNG), "title": "园区"})
    f = InspectionFile.objects.get()
    assert f.kind == "png" and f.file.name.startswith(f"inspections/{i.pk}/") and "site" not in f.file.name
    download = reverse("approvals:inspection_file", args=[f.pk])
    assert client.get(download)["Content-Type"] == "image/png"
    client.force_login(story.cast.province_zj)
    assert client.get(download).status_code == 404
    client.force_login(story.cast.county_anji)
    assert client.post(upload, {"purpose": "photo", "file": SimpleUploadedFile("x.png", PNG)}).status_code == 403


def test_a_completed_inspection_feeds_the_list_and_is_required_when_the_batch_has_the_stage(story):
    from innocounty.programme import FIRST_BATCH_2018

    story.batch.stages = [s.value for s in FIRST_BATCH_2018]
    story.batch.save(update_fields=["stages"])
    completed_inspection(story, "anji")
    with at(DAY):
        _, lst = services.draft_list(story.cast.ministry, story.batch)
        outcome = services.publish_notice(story.cast.ministry, lst, 7, confirm=True)
    assert set(outcome.decision.codes) == {"not_inspected"} and len(outcome.decision.codes) == 2
    assert lst.entries.get(application=story.apps["anji"]).order == 1  # 推荐 first when no scores are in


def test_inspection_is_not_visible_in_a_list_of_another_province(client, story):
    completed_inspection(story)
    client.force_login(story.cast.province_zj)
    assert client.get(reverse("approvals:inspections", args=[story.apps["anji"].pk])).status_code == 403
    assert Inspection.objects.count() == 1


def test_reminders_of_a_question_and_of_the_end_of_the_notice(story):
    from innocounty.notifications.reminders import send_due_reminders

    with at(DAY):
        services.ask(story.cast.ministry, story.apps["zhengding"], "问题", DAY + timedelta(days=4))
    Notification.objects.all().delete()
    with at(DAY + timedelta(days=1)):
        send_due_reminders()
    assert not Notification.objects.exists()
    with at(DAY + timedelta(days=2)):
        send_due_reminders()
        send_due_reminders()  # once only
    assert Notification.objects.filter(recipient=story.cast.county, title__contains="答复期限").count() == 1
    with at(DAY + timedelta(days=4)):
        send_due_reminders()
    assert Notification.objects.filter(recipient=story.cast.county).count() == 2


def test_the_panel_asks_and_hears_the_answer(client, story):
    from innocounty.common.states import seeding_states
    from innocounty.experts.factories import make_expert
    from innocounty.experts.models import Assignment

    app = story.apps["anji"]
    member, other = make_expert("panel_a", "11"), make_expert("panel_b", "11")
    with seeding_states():
        Assignment.objects.create(batch=story.batch, application=app, expert=member, state="declared",
                                  created_by=story.cast.ministry)  # fmt: skip
        Assignment.objects.create(batch=story.batch, application=app, expert=other, state="invited",
                                  created_by=story.cast.ministry)  # fmt: skip
    url = reverse("approvals:questions", args=[app.pk])
    client.force_login(other.user)
    assert client.get(url).status_code == 403  # invited, not yet declared: not on the panel
    with at(DAY), pytest.raises(NotAllowed):
        services.ask(other.user, app, "问题", DAY + timedelta(days=3))
    client.force_login(member.user)
    assert client.get(url).status_code == 200
    with at(DAY):
        outcome, q = services.ask(member.user, app, "请说明龙头企业的研发投入", DAY + timedelta(days=3))
    assert outcome.allowed
    with at(DAY + timedelta(days=1)):
        assert services.answer(story.cast.county_anji, q, "说明如下", True).allowed
    assert Notification.objects.filter(recipient=member.user, title__contains="答复质询").exists()
    assert not Notification.objects.filter(recipient=other.user).exists()
