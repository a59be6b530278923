"""The acceptance route: every step, every refusal, the rectification follow-up, decisions and the list."""

from datetime import date

import pytest

from innocounty.acceptance.models import Acceptance
from innocounty.acceptance.services import Refused, open_batch, save_summary
from innocounty.applications.factories import make_application, make_batch
from innocounty.common import clock
from innocounty.workflow.adapter import NotAllowed, apply_transition

from .conftest import C, defend_and_recheck, scored, submit_summary


def codes(outcome):
    return [p.code for p in outcome.decision.reasons] if hasattr(outcome.decision, "reasons") else []


def test_opening_waits_for_the_end_of_the_construction_period(cast, db):
    from innocounty.construction.services import project_for

    running = make_batch("在建批次", construction_start_year=clock.today().year - 1, status="closed")
    project_for(make_application(running, cast.zhengding, cast.county, state="approved"))
    n, refusals = open_batch(cast.ministry, running)
    assert n == 0 and refusals and "建设期" in refusals[0]
    assert not Acceptance.objects.exists()


def test_only_the_ministry_opens(cast, abatch, aproject):
    with pytest.raises(NotAllowed):
        open_batch(cast.county, abatch)
    assert not Acceptance.objects.exists()


def test_opening_twice_opens_nothing_more(cast, abatch, opened):
    assert open_batch(cast.ministry, abatch) == (0, [])
    assert Acceptance.objects.count() == 1 and abatch.acceptance_list.state == "draft"


def test_summary_is_required_and_only_the_own_county_submits(cast, opened):
    empty = apply_transition(cast.county, opened, "submit_summary", C)
    assert not empty.allowed and "summary_missing" in empty.decision.codes
    with pytest.raises(NotAllowed):
        apply_transition(cast.county_guan, opened, "submit_summary", C)
    from innocounty.common.refusals import Forbidden

    with pytest.raises(Forbidden):
        save_summary(cast.county_guan, opened, "别县的材料")
    save_summary(cast.county, opened, "总结")
    unconfirmed = apply_transition(cast.county, opened, "submit_summary", {})
    assert not unconfirmed.allowed
    apply_transition(cast.county, opened, "submit_summary", C).require()
    with pytest.raises(Refused):  # locked once submitted
        save_summary(cast.county, opened, "改一改")


def test_defence_and_recheck_record_their_inputs_and_refuse_bad_ones(cast, opened):
    submit_summary(cast, opened)
    missing = apply_transition(cast.ministry, opened, "record_defence", {"defence_at": "2025-06-10 09:00"})
    assert not missing.allowed
    with pytest.raises(NotAllowed):
        apply_transition(
            cast.province, opened, "record_defence", {"defence_at": "x", "venue": "y", "outcome": "z"}
        )
    too_early = apply_transition(cast.ministry, opened, "record_recheck", {"recheck_on": "2025-07-02", "team": "a",
                                                                             "findings": "b"})  # fmt: skip
    assert not too_early.allowed
    apply_transition(cast.ministry, opened, "record_defence", {"defence_at": "2025-06-10 09:00", "venue": "会议室",
                                                                "outcome": "良好"}).require()  # fmt: skip
    bad_day = apply_transition(cast.ministry, opened, "record_recheck", {"recheck_on": "2025-13-40", "team": "a",
                                                                           "findings": "b"})  # fmt: skip
    assert not bad_day.allowed and "invalid_date" in bad_day.decision.codes
    apply_transition(cast.ministry, opened, "record_recheck", {"recheck_on": "2025-07-02", "team": "张三",
                                                                "findings": "一致"}).require()  # fmt: skip
    opened.refresh_from_db()
    assert (opened.defence_venue, opened.recheck_on, opened.recheck_team) == (
        "会议室",
        date(2025, 7, 2),
        "张三",
    )


def test_scoring_waits_for_every_panel_member(cast, abatch, opened, experts):
    submit_summary(cast, opened)
    defend_and_recheck(cast, opened)
    no_panel = apply_transition(cast.ministry, opened, "close_scoring", {})
    assert not no_panel.allowed and "no_acceptance_panel" in no_panel.decision.codes
    from innocounty.acceptance import scoring

    plan = __import__("innocounty.experts.services", fromlist=["plan_for"]).plan_for(abatch, "acceptance")
    plan.panel_size = 2
    plan.save()
    scoring.propose_panels(cast.ministry, abatch, time_limit=5)
    waiting = apply_transition(cast.ministry, opened, "close_scoring", {})
    assert not waiting.allowed and "reviews_missing" in waiting.decision.codes


def test_panels_keep_the_conflict_rules(cast, abatch, opened, experts):
    from innocounty.acceptance import scoring
    from innocounty.experts.factories import make_expert

    make_expert("hebei", "13")  # same province as Zhengding: never on its panel
    conflicted = make_expert("conf", "32", conflicts=["130123"])
    scoring.propose_panels(cast.ministry, abatch, time_limit=5)
    on_panel = set(scoring.assignments_of(opened).values_list("expert__province_id", "expert_id"))
    assert all(p != "13" for p, _ in on_panel) and conflicted.pk not in {e for _, e in on_panel}
    assert all(
        a.purpose == "acceptance" and a.subject_type == "acceptance" for a in scoring.assignments_of(opened)
    )


@pytest.mark.parametrize("decision,inputs,state", [
    ("pass", {}, "passed"),
    ("fail", {"reason": "主要指标未完成"}, "failed"),
    ("require_rectification", {"reason": "研发投入不足", "deadline": "2027-06-30"}, "rectifying"),
])  # fmt: skip
def test_decisions(cast, abatch, opened, experts, decision, inputs, state):
    scored(cast, abatch, opened, experts)
    assert opened.score == pytest.approx(80.0)
    apply_transition(cast.ministry, opened, decision, {**inputs, **C}).require()
    opened.refresh_from_db()
    assert opened.state == state and opened.decided_at is not None
    assert opened.decision_reason == inputs.get("reason", "")


def test_decisions_refuse_without_reason_confirmation_or_a_valid_deadline(cast, abatch, opened, experts):
    scored(cast, abatch, opened, experts)
    assert not apply_transition(cast.ministry, opened, "fail", C).allowed  # no reason
    assert not apply_transition(cast.ministry, opened, "pass", {}).allowed  # not confirmed
    past = apply_transition(
        cast.ministry, opened, "require_rectification", {"reason": "x", "deadline": "2020-01-01", **C}
    )
    assert not past.allowed and "deadline_past" in past.decision.codes
    junk = apply_transition(
        cast.ministry, opened, "require_rectification", {"reason": "x", "deadline": "soon", **C}
    )
    assert not junk.allowed and "invalid_date" in junk.decision.codes
    with pytest.raises(NotAllowed):
        apply_transition(cast.county, opened, "pass", C)
    opened.refresh_from_db()
    assert opened.state == "scored"


@pytest.mark.parametrize("follow_up,state", [("rectified", "passed"), ("rectification_failed", "failed")])
def test_rectification_follow_up(cast, abatch, opened, experts, follow_up, state):
    scored(cast, abatch, opened, experts)
    apply_transition(
        cast.ministry, opened, "require_rectification", {"reason": "x", "deadline": "2027-06-30", **C}
    ).require()
    assert not apply_transition(cast.ministry, opened, follow_up, C).allowed  # findings required
    apply_transition(cast.ministry, opened, follow_up, {"findings": "整改核查意见", **C}).require()
    opened.refresh_from_db()
    assert opened.state == state and opened.follow_up_findings == "整改核查意见"
    assert opened.rectification_deadline == date(2027, 6, 30)


def test_nothing_after_a_final_decision(cast, abatch, opened, experts):
    scored(cast, abatch, opened, experts)
    apply_transition(cast.ministry, opened, "fail", {"reason": "未完成", **C}).require()
    for name in ("pass", "rectified", "record_defence", "submit_summary"):
        actor = cast.county if name == "submit_summary" else cast.ministry
        assert not apply_transition(actor, opened, name, {"reason": "x", "findings": "y", **C}).allowed


def test_the_list_publishes_only_when_all_are_decided_and_after_the_notice(cast, abatch, opened, experts):
    lst = abatch.acceptance_list
    early = apply_transition(cast.ministry, lst, "publish", C)
    assert not early.allowed and "undecided" in early.decision.codes
    scored(cast, abatch, opened, experts)
    apply_transition(cast.ministry, opened, "pass", C).require()
    bad_days = apply_transition(cast.ministry, lst, "start_notice", {"notice_days": 99, **C})
    assert not bad_days.allowed
    apply_transition(cast.ministry, lst, "start_notice", {"notice_days": 5, **C}).require()
    lst.refresh_from_db()
    running = apply_transition(cast.ministry, lst, "publish", C)
    assert not running.allowed and "notice_running" in running.decision.codes
    with clock.at(clock.now() + __import__("datetime").timedelta(days=6)):
        apply_transition(cast.ministry, lst, "publish", C).require()
    lst.refresh_from_db()
    assert lst.state == "published" and lst.number and lst.published_at


def test_the_list_may_publish_without_a_notice(cast, abatch, opened, experts):
    scored(cast, abatch, opened, experts)
    apply_transition(cast.ministry, opened, "pass", C).require()
    with pytest.raises(NotAllowed):
        apply_transition(cast.province, abatch.acceptance_list, "publish", C)
    apply_transition(cast.ministry, abatch.acceptance_list, "publish", C).require()
    from innocounty.acceptance.services import passed_published

    assert [a.project.county_id for a in passed_published()] == ["130123"]
