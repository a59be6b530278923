"""The approval list through the adapter: drafting, decisions with reasons, the notice period (inclusive
dates), objections and finalisation; every refusal names its reason."""

from datetime import timedelta

import pytest

from innocounty.approvals import services
from innocounty.approvals.models import ApprovalList, ListEntry
from innocounty.audit.models import AuditEvent
from innocounty.programme.approval_rules import ListDecision
from innocounty.workflow.adapter import NotAllowed, apply_transition

from .conftest import DAY, at

pytestmark = pytest.mark.django_db


def codes(outcome):
    return set(outcome.decision.codes)


def states(story):
    return {k: type(a).objects.get(pk=a.pk).state for k, a in story.apps.items()}


def drafted(story):
    with at(DAY - timedelta(days=3)):
        outcome, lst = services.draft_list(story.cast.ministry, story.batch)
    assert outcome.allowed, outcome.decision.messages
    return lst


def on_notice(story, days=7):
    lst = drafted(story)
    with at(DAY):
        outcome = services.publish_notice(story.cast.ministry, lst, days, confirm=True)
    assert outcome.allowed, outcome.decision.messages
    lst.refresh_from_db()
    return lst


def test_draft_creates_an_entry_per_candidate_with_a_proposed_decision(story):
    lst = drafted(story)
    entries = ListEntry.objects.filter(approval_list=lst)
    assert {e.application_id for e in entries} == {a.pk for a in story.apps.values()}
    assert all(e.decision == "approve" for e in entries) and sorted(e.order for e in entries) == [1, 2, 3]


def test_only_the_ministry_drafts(story):
    for user in (story.cast.county, story.cast.province, story.cast.auditor, story.cast.expert):
        with pytest.raises(NotAllowed):
            services.draft_list(user, story.batch)
    assert not ApprovalList.objects.exists()


def test_a_second_draft_is_refused_by_the_table(story):
    lst = drafted(story)
    outcome = apply_transition(story.cast.ministry, lst, "draft", {}, kind="approval_list")
    assert codes(outcome) == {"wrong_state"}


def test_a_departure_from_the_score_order_needs_a_reason_before_the_notice(story):
    lst = drafted(story)
    first = ListEntry.objects.get(approval_list=lst, order=1)
    with at(DAY):
        assert services.decide(story.cast.ministry, lst, first.application_id, "not_approve").allowed
        outcome = services.publish_notice(story.cast.ministry, lst, 7, confirm=True)
        assert codes(outcome) == {"departure_without_reason"}
        assert "与评分排序不一致" in outcome.decision.messages[0]
        assert services.decide(story.cast.ministry, lst, first.application_id, "not_approve", "区域布局").allowed
        assert services.publish_notice(story.cast.ministry, lst, 7, confirm=True).allowed


def test_decide_refuses_unknown_decisions_and_applications(story):
    lst = drafted(story)
    outcome = services.decide(story.cast.ministry, lst, story.apps["anji"].pk, "maybe")
    assert codes(outcome) == {"decision_unknown"}
    outcome = services.decide(story.cast.ministry, lst, 999_999, "approve")
    assert codes(outcome) == {"not_in_list"}


def test_publishing_needs_confirmation_and_sets_the_inclusive_period(story):
    lst = drafted(story)
    with at(DAY):
        assert "confirmation_required" in codes(services.publish_notice(story.cast.ministry, lst, 7))
        assert services.publish_notice(story.cast.ministry, lst, 7, confirm=True).allowed
    lst.refresh_from_db()
    assert (lst.state, lst.notice_starts, lst.notice_ends) == ("on_notice", DAY, DAY + timedelta(days=6))


def test_the_2018_period(story):
    from datetime import date

    lst = drafted(story)
    with at(date(2018, 11, 22)):
        services.publish_notice(story.cast.ministry, lst, None, confirm=True)
    lst.refresh_from_db()
    assert (lst.notice_starts.isoformat(), lst.notice_ends.isoformat()) == ("2018-11-22", "2018-11-28")


def finalise(story, lst, day, number="国科发农〔2026〕76号", issued=None):
    with at(day):
        return services.finalise(story.cast.ministry, lst, number, (issued or day).isoformat(), confirm=True)


def test_no_finalisation_before_the_period_ends_inclusive(story):
    lst = on_notice(story)
    last_day = DAY + timedelta(days=6)
    for day in (DAY, last_day):
        outcome = finalise(story, lst, day)
        assert "notice_not_over" in codes(outcome), day
        assert "2026-03-08" in "".join(outcome.decision.messages)
    assert finalise(story, lst, last_day + timedelta(days=1)).allowed
    assert set(states(story).values()) == {"approved"}


def test_no_finalisation_while_an_objection_is_open(story):
    lst = on_notice(story)
    with at(DAY + timedelta(days=2)):
        outcome, objection = services.lodge(lst, story.apps["guan"], "张三", "13800000000", "材料不实", "203.0.113.9")
    assert outcome.allowed and objection.state == "lodged"
    after = DAY + timedelta(days=7)
    refused = finalise(story, lst, after)
    assert codes(refused) == {"objections_open"} and "1条异议未处理" in refused.decision.messages[0]
    with at(after):
        assert codes(services.resolve(story.cast.ministry, objection, True, "")) >= {"missing_reason"}
        assert codes(services.resolve(story.cast.ministry, objection, True, "核实", "bogus", confirm=True)) == {
            "outcome_unknown"}
        assert services.resolve(story.cast.ministry, objection, True, "经核实材料不实", "hold", confirm=True).allowed
    assert finalise(story, lst, after).allowed
    assert states(story) == {"zhengding": "approved", "guan": "held", "anji": "approved"}
    objection.refresh_from_db()
    assert (objection.state, objection.outcome, objection.resolved_by) == ("upheld", "hold", story.cast.ministry)


def test_an_upheld_objection_can_remove_the_county(story):
    lst = on_notice(story)
    with at(DAY + timedelta(days=1)):
        _, objection = services.lodge(lst, story.apps["anji"], "李四", "lisi@example.org", "不符合条件", None)
        services.resolve(story.cast.ministry, objection, True, "不符合申报条件", "remove", confirm=True)
    assert ListEntry.objects.get(application=story.apps["anji"]).decision == ListDecision.NOT_APPROVE.value
    assert finalise(story, lst, DAY + timedelta(days=7)).allowed
    assert states(story)["anji"] == "not_approved"


def test_a_dismissed_objection_keeps_the_decision(story):
    lst = on_notice(story)
    with at(DAY + timedelta(days=1)):
        _, objection = services.lodge(lst, story.apps["anji"], "李四", "lisi@example.org", "不符合条件", None)
        assert codes(services.resolve(story.cast.ministry, objection, False, "")) == {"missing_reason"}
        assert services.resolve(story.cast.ministry, objection, False, "经核实不成立").allowed
    assert finalise(story, lst, DAY + timedelta(days=7)).allowed
    assert states(story)["anji"] == "approved"


def test_objections_only_within_the_period(story):
    lst = on_notice(story)
    for day in (DAY - timedelta(days=1), DAY + timedelta(days=7)):
        with at(day):
            outcome, _ = services.lodge(lst, story.apps["anji"], "王五", "x", "y", None)
        assert codes(outcome) == {"notice_closed"}, day
    with at(DAY + timedelta(days=6)):  # the last day is inside
        assert services.lodge(lst, story.apps["anji"], "王五", "x", "y", None)[0].allowed


def test_the_document_number_and_date_are_checked(story):
    lst = on_notice(story)
    after = DAY + timedelta(days=7)
    assert codes(finalise(story, lst, after, number="科技部2026年76号")) == {"document_number_invalid"}
    assert codes(finalise(story, lst, after, number="国科发农〔2025〕76号")) == {"document_number_year"}
    assert codes(finalise(story, lst, after, issued=DAY + timedelta(days=6))) == {"document_date_in_notice"}
    assert codes(finalise(story, lst, after, issued=after + timedelta(days=1))) == {"document_date_future"}
    with at(after):
        assert codes(services.finalise(story.cast.ministry, lst, "国科发农〔2026〕76号", "2026-13-45", True)) == {
            "document_date_missing"}
    assert finalise(story, lst, after).allowed
    lst.refresh_from_db()
    assert (lst.state, lst.document_number, lst.document_date) == ("final", "国科发农〔2026〕76号", after)


def test_the_applications_move_only_with_the_list(story):
    app = story.apps["anji"]
    outcome = apply_transition(story.cast.ministry, app, "approve", {}, kind="application")
    assert codes(outcome) == {"list_act"} and states(story)["anji"] == "selected_for_consultation"


def test_withdrawing_the_notice_returns_to_draft(story):
    lst = on_notice(story)
    with at(DAY + timedelta(days=1)):
        assert codes(services.withdraw_notice(story.cast.ministry, lst, "", confirm=True)) == {"missing_reason"}
        assert services.withdraw_notice(story.cast.ministry, lst, "名单需调整", confirm=True).allowed
    lst.refresh_from_db()
    assert (lst.state, lst.notice_starts) == ("draft", None)


def test_every_step_is_audited(story):
    lst = on_notice(story)
    assert finalise(story, lst, DAY + timedelta(days=7)).allowed
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"approval_list.draft", "approval_list.publish_notice", "approval_list.finalise", "application.approve"} <= actions


def test_the_list_state_cannot_be_written_directly(story):
    from innocounty.common.states import StateWriteRefused

    lst = drafted(story)
    lst.state = "final"
    with pytest.raises(StateWriteRefused):
        lst.save()
