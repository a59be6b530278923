"""Ministry transitions: formal review pass/fail, data evaluation (only in batches that have it)."""

from dataclasses import replace

import pytest

from innocounty.programme import SECOND_BATCH_2023, BatchStatus, check, perform
from innocounty.programme import ApplicationState as S

CONFIRM = {"confirm": True}


def forwarded(b, **changes):
    return b.application(S.FORWARDED, **{"recommendation_priority": 1, **changes})


def test_pass_formal_review(b):
    outcome = perform("pass_formal_review", b.context(b.ministry_officer(), app=forwarded(b), inputs=CONFIRM))
    assert (
        outcome.allowed and outcome.from_state is S.FORWARDED and outcome.to_state is S.FORMAL_REVIEW_PASSED
    )
    assert {(r.role, r.province_code, r.county_code) for r in outcome.notify} == {
        ("county_officer", b.JIANGSU, b.KUNSHAN),
        ("provincial_officer", b.JIANGSU, None),
    }


@pytest.mark.parametrize("name", ["pass_formal_review", "fail_formal_review"])
def test_formal_review_conclusions_need_confirmation(b, name):
    ctx = b.context(b.ministry_officer(), app=forwarded(b), inputs={"reason": "缺少推荐函"})
    assert check(name, ctx).codes == ("confirmation_required", "consequence")


def test_formal_review_continues_after_the_call_closes(b):
    ctx = b.context(b.ministry_officer(), app=forwarded(b), status=BatchStatus.CLOSED, inputs=CONFIRM)
    assert check("pass_formal_review", ctx).allowed


def test_no_formal_review_in_an_archived_batch(b):
    ctx = b.context(b.ministry_officer(), app=forwarded(b), status=BatchStatus.ARCHIVED, inputs=CONFIRM)
    assert check("pass_formal_review", ctx).codes == ("batch_not_active",)


@pytest.mark.parametrize("actor", ["county_officer", "provincial_officer"])
def test_only_the_ministry_reviews(b, actor):
    ctx = b.context(getattr(b, actor)(), app=forwarded(b), inputs={"reason": "x"})
    assert check("pass_formal_review", ctx).codes == ("wrong_role",)
    assert check("fail_formal_review", ctx).codes == ("wrong_role",)


def test_pass_refused_when_the_checklist_fails(b):
    app = forwarded(b, unit_type="市辖区", recommendation_priority=None, plan=b.complete_plan(theme=None))
    decision = check("pass_formal_review", b.context(b.ministry_officer(), app=app, inputs=CONFIRM))
    assert decision.codes[0] == "checklist_failed"
    assert {"unit_type_not_eligible", "recommendation_missing", "theme_missing"} <= set(decision.codes)


def test_fail_needs_a_reason(b):
    ctx = b.context(b.ministry_officer(), app=forwarded(b), inputs=CONFIRM)
    assert check("fail_formal_review", ctx).codes == ("missing_reason",)
    ctx = replace(
        ctx,
        inputs={"reason": "缺少省级推荐函", "failed_items": ["provincial_recommendation_present"], **CONFIRM},
    )
    outcome = perform("fail_formal_review", ctx)
    assert outcome.from_state is S.FORWARDED and outcome.to_state is S.FORMAL_REVIEW_FAILED
    assert outcome.inputs == {
        "reason": "缺少省级推荐函",
        "failed_items": ["provincial_recommendation_present"],
    }


def test_formal_review_only_of_forwarded_applications(b):
    ctx = b.context(b.ministry_officer(), S.RECOMMENDED, inputs={"reason": "x", **CONFIRM})
    assert check("pass_formal_review", ctx).codes == ("wrong_state",)


def test_data_evaluation_is_not_a_stage_of_the_2018_batch(b):
    ctx = b.context(b.ministry_officer(), S.FORMAL_REVIEW_PASSED)
    decision = check("select_for_consultation", ctx)
    assert decision.codes == ("stage_not_in_batch",)
    assert "数据评价" in decision.messages[0]


@pytest.mark.parametrize(
    ("name", "state", "target"),
    [
        ("select_for_consultation", S.FORMAL_REVIEW_PASSED, S.SELECTED_FOR_CONSULTATION),
        ("select_for_consultation", S.NOT_SELECTED, S.SELECTED_FOR_CONSULTATION),
        ("mark_not_selected", S.FORMAL_REVIEW_PASSED, S.NOT_SELECTED),
        ("mark_not_selected", S.SELECTED_FOR_CONSULTATION, S.NOT_SELECTED),
    ],
)
def test_data_evaluation_marks_in_the_2023_batch(b, name, state, target):
    ctx = b.context(b.ministry_officer(), state, stages=SECOND_BATCH_2023, status=BatchStatus.CLOSED)
    assert perform(name, ctx).to_state is target


def test_data_evaluation_locked_once_closed(b):
    ctx = b.context(
        b.ministry_officer(), S.FORMAL_REVIEW_PASSED, stages=SECOND_BATCH_2023, data_evaluation_closed=True
    )
    assert check("select_for_consultation", ctx).codes == ("data_evaluation_closed",)


def test_data_evaluation_only_after_formal_review(b):
    ctx = b.context(b.ministry_officer(), S.FORWARDED, stages=SECOND_BATCH_2023)
    assert check("select_for_consultation", ctx).codes == ("wrong_state",)
