"""County transitions: create and save a draft, submit, withdraw, answer a return."""

from dataclasses import replace
from datetime import date

import pytest

from innocounty.programme import ApplicationState as S
from innocounty.programme import BatchStatus, ConstructionPlan, PlanSection, Theme, check, perform

CONFIRM = {"confirm": True}


def test_county_officer_creates_a_draft_in_the_window(b):
    decision = check("create_draft", b.context(b.county_officer(), None))
    assert decision.allowed, decision.messages


def test_outcome_of_creating_a_draft(b):
    outcome = perform("create_draft", b.context(b.county_officer(), None))
    assert outcome.allowed
    assert outcome.from_state is None and outcome.to_state is S.DRAFT
    assert (outcome.workflow, outcome.transition) == ("application", "create_draft")
    assert outcome.effects == () and outcome.notify == () and outcome.inputs == {}


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("provincial_officer", "wrong_role"),
        ("ministry_officer", "wrong_role"),
    ],
)
def test_only_county_officers_create_drafts(b, actor, code):
    decision = check("create_draft", b.context(getattr(b, actor)(), None))
    assert not decision.allowed
    assert decision.codes == (code,)


def test_county_officer_of_another_county_is_out_of_scope(b):
    decision = check("create_draft", b.context(b.county_officer(b.JIANGYIN), None))
    assert decision.codes == ("wrong_scope",)
    assert "管辖范围" in decision.messages[0]


@pytest.mark.parametrize(
    ("today", "code"),
    [(date(2018, 6, 30), "window_not_open"), (date(2018, 9, 1), "window_closed")],
)
def test_create_draft_outside_the_window_is_refused(b, today, code):
    decision = check("create_draft", b.context(b.county_officer(), None, today=today))
    assert decision.codes == (code,)


@pytest.mark.parametrize("today", [date(2018, 7, 1), date(2018, 8, 31)])
def test_window_ends_are_inclusive(b, today):
    assert check("submit", b.context(b.county_officer(), S.DRAFT, today=today, inputs=CONFIRM)).allowed


def test_urban_district_is_not_an_eligible_unit_type(b):
    ctx = b.context(b.county_officer(), None, app=b.application(None, unit_type="市辖区"))
    decision = check("create_draft", ctx)
    assert decision.codes == ("unit_type_not_eligible",)


def test_a_county_applies_once_per_batch(b):
    ctx = replace(b.context(b.county_officer(), None), county_has_other_application=True)
    assert check("create_draft", ctx).codes == ("duplicate_application",)


@pytest.mark.parametrize("status", [BatchStatus.DRAFT, BatchStatus.CLOSED, BatchStatus.ARCHIVED])
def test_drafts_need_an_open_batch(b, status):
    assert "batch_not_open" in check("save_draft", b.context(b.county_officer(), status=status)).codes


def test_theme_must_be_offered_by_the_batch(b):
    ctx = b.context(b.county_officer(), themes=frozenset({Theme.ECOLOGY}))
    assert check("save_draft", ctx).codes == ("theme_not_offered",)


def test_submit_complete_application(b):
    outcome = perform("submit", b.context(b.county_officer(), S.DRAFT, inputs=CONFIRM))
    assert outcome.allowed and outcome.to_state is S.SUBMITTED
    assert outcome.effects == ("freeze_version",)
    assert [(r.role, r.province_code) for r in outcome.notify] == [("provincial_officer", b.JIANGSU)]


def test_submit_lists_every_missing_part(b):
    empty = b.application(S.DRAFT, plan=ConstructionPlan())
    decision = check("submit", b.context(b.county_officer(), app=empty, inputs=CONFIRM))
    assert not decision.allowed
    [summary] = decision.reasons
    assert summary.code == "incomplete_application"
    paths = {p.path for p in summary.details}
    assert {f"sections.{s.value}" for s in PlanSection} <= paths
    assert {"theme", "targets", "milestones.2019", "milestones.2020", "milestones.2021"} <= paths
    assert len([p for p in paths if p.startswith("key_tasks.")]) == 6
    assert f"共{len(summary.details)}处" in summary.text


def test_submit_reports_window_and_completeness_together(b):
    empty = b.application(S.DRAFT, plan=ConstructionPlan(theme=Theme.INDUSTRY))
    decision = check("submit", b.context(b.county_officer(), app=empty, today=date(2018, 9, 2)))
    assert decision.codes[:2] == ("window_closed", "incomplete_application")


def test_submit_carries_target_warnings_but_is_allowed(b):
    plan = b.complete_plan()
    worse = replace(plan.targets[0], values={2019: 2.0, 2020: 2.5, 2021: 2.8})
    app = b.application(S.DRAFT, plan=replace(plan, targets=(worse, *plan.targets[1:])))
    decision = check("submit", b.context(b.county_officer(), app=app, inputs=CONFIRM))
    assert decision.allowed
    assert [w.code for w in decision.warnings] == ["target_not_improving"]


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RECOMMENDED, S.FORWARDED, S.WITHDRAWN])
def test_submit_from_a_wrong_state(b, state):
    decision = check("submit", b.context(b.county_officer(), state))
    assert decision.codes == ("wrong_state",)
    assert state.label in decision.messages[0]


def test_after_submission_the_county_cannot_edit(b):
    assert check("save_draft", b.context(b.county_officer(), S.SUBMITTED)).codes == ("wrong_state",)


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.RETURNED_BY_PROVINCE, S.RECOMMENDED])
def test_withdraw_before_forwarding(b, state):
    ctx = b.context(b.county_officer(), state, today=date(2018, 9, 20), inputs={"reason": "放弃", **CONFIRM})
    outcome = perform("withdraw", ctx)
    assert outcome.allowed and outcome.from_state is state and outcome.to_state is S.WITHDRAWN
    assert outcome.inputs == {"reason": "放弃"} and outcome.effects == ("leave_province_list",)
    assert [(r.role, r.province_code) for r in outcome.notify] == [("provincial_officer", b.JIANGSU)]


def test_withdraw_needs_confirmation_but_no_reason(b):
    decision = check("withdraw", b.context(b.county_officer(), S.SUBMITTED))
    assert decision.codes == ("confirmation_required", "consequence")
    assert check("withdraw", b.context(b.county_officer(), S.SUBMITTED, inputs=CONFIRM)).allowed


@pytest.mark.parametrize("state", [S.FORWARDED, S.FORMAL_REVIEW_PASSED, S.WITHDRAWN, S.REJECTED_BY_PROVINCE])
def test_no_withdrawal_once_forwarded_or_closed(b, state):
    assert check("withdraw", b.context(b.county_officer(), state)).codes == ("wrong_state",)


def test_withdraw_by_another_county_is_refused(b):
    assert check("withdraw", b.context(b.county_officer(b.JIANGYIN), S.SUBMITTED)).codes == ("wrong_scope",)


def test_answer_a_return_needs_a_response(b):
    ctx = b.context(b.county_officer(), S.RETURNED_BY_PROVINCE, today=date(2018, 9, 10), inputs=CONFIRM)
    assert check("resubmit", ctx).codes == ("missing_response",)
    ctx = replace(ctx, inputs={"response": "   ", **CONFIRM})
    assert check("resubmit", ctx).codes == ("missing_response",)
    ctx = replace(ctx, inputs={"response": "已补充建设基础数据", **CONFIRM})
    outcome = perform("resubmit", ctx)
    assert (
        outcome.allowed and outcome.from_state is S.RETURNED_BY_PROVINCE and outcome.to_state is S.SUBMITTED
    )
    assert outcome.inputs == {"response": "已补充建设基础数据"}
    assert outcome.effects == ("freeze_version",)


def test_answer_a_return_after_the_application_window_but_before_the_province_deadline(b):
    ctx = b.context(
        b.county_officer(),
        S.RETURNED_BY_PROVINCE,
        today=date(2018, 9, 30),
        inputs={"response": "改", **CONFIRM},
    )
    assert check("resubmit", ctx).allowed
    assert check("save_revision", ctx).allowed


def test_answer_a_return_after_the_province_deadline_is_refused(b):
    ctx = b.context(
        b.county_officer(),
        S.RETURNED_BY_PROVINCE,
        today=date(2018, 10, 1),
        inputs={"response": "改", **CONFIRM},
    )
    assert check("resubmit", ctx).codes == ("recommendation_closed",)


def test_resubmission_is_checked_for_completeness(b):
    app = b.application(S.RETURNED_BY_PROVINCE, plan=b.complete_plan(sections={}))
    ctx = b.context(b.county_officer(), app=app, inputs={"response": "改", **CONFIRM})
    decision = check("resubmit", ctx)
    assert decision.codes[0] == "incomplete_application"
    assert decision.codes.count("section_missing") == 7
