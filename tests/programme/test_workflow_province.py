"""Provincial transitions: return, reject, recommend within quota, submit the list (then locked)."""

from dataclasses import replace
from datetime import date

import pytest

from innocounty.programme import PROVINCE_LIST, ProvinceListSnapshot, ProvinceListState, check, perform
from innocounty.programme import ApplicationState as S

CONFIRM = {"confirm": True}


def province_list(b, **kw):
    return ProvinceListSnapshot(b.JIANGSU, **kw)


@pytest.mark.parametrize("name", ["return_for_revision", "reject", "recommend"])
def test_province_decides_on_a_submitted_application(b, name):
    ctx = b.context(
        b.provincial_officer(),
        S.SUBMITTED,
        today=date(2018, 9, 10),
        inputs={"reason": "数据待核实", **CONFIRM},
    )
    outcome = perform(name, ctx)
    assert outcome.allowed, outcome.decision.messages
    assert [(r.role, r.county_code) for r in outcome.notify] == [("county_officer", b.KUNSHAN)]


@pytest.mark.parametrize("name", ["return_for_revision", "reject"])
def test_return_and_reject_need_a_reason(b, name):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, inputs=CONFIRM)
    decision = check(name, ctx)
    assert decision.codes == ("missing_reason",)
    assert "理由" in decision.messages[0]


@pytest.mark.parametrize("name", ["return_for_revision", "reject", "recommend", "withdraw_recommendation"])
def test_another_province_is_out_of_scope(b, name):
    state = S.RECOMMENDED if name == "withdraw_recommendation" else S.SUBMITTED
    ctx = b.context(b.provincial_officer(b.HEBEI), state, inputs={"reason": "x"})
    assert check(name, ctx).codes == ("wrong_scope",)


@pytest.mark.parametrize("name", ["return_for_revision", "reject", "recommend", "withdraw_recommendation"])
def test_counties_cannot_take_provincial_decisions(b, name):
    ctx = b.context(b.county_officer(), S.SUBMITTED, inputs={"reason": "x", **CONFIRM})
    assert check(name, ctx).codes == ("wrong_role",)


@pytest.mark.parametrize("name", ["reorder", "submit"])
def test_counties_cannot_act_on_the_province_list(b, name):
    ctx = b.list_context(b.county_officer(), inputs={"application": 1, "priority": 1, **CONFIRM})
    assert PROVINCE_LIST.check(name, ctx).codes == ("wrong_role",)


def test_reject_is_consequential(b):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, inputs={"reason": "不符合条件"})
    decision = check("reject", ctx)
    assert decision.codes == ("confirmation_required", "consequence")
    assert "终止" in decision.messages[1]


def test_reject_an_unanswered_return(b):
    ctx = b.context(
        b.provincial_officer(), S.RETURNED_BY_PROVINCE, inputs={"reason": "逾期未修改", **CONFIRM}
    )
    outcome = perform("reject", ctx)
    assert outcome.from_state is S.RETURNED_BY_PROVINCE and outcome.to_state is S.REJECTED_BY_PROVINCE
    assert outcome.inputs == {"reason": "逾期未修改"}


def test_cannot_return_a_draft(b):
    ctx = b.context(b.provincial_officer(), S.DRAFT, inputs={"reason": "x"})
    assert check("return_for_revision", ctx).codes == ("wrong_state",)


def test_province_deadline_is_inclusive(b):
    on_deadline = b.context(b.provincial_officer(), S.SUBMITTED, today=date(2018, 9, 30))
    assert check("recommend", on_deadline).allowed
    after = replace(on_deadline, today=date(2018, 10, 1))
    assert check("recommend", after).codes == ("recommendation_closed",)


def test_recommend_within_quota(b):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, province=province_list(b, recommended_count=4))
    assert check("recommend", ctx).allowed


def test_recommend_beyond_quota_is_refused(b):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, province=province_list(b, recommended_count=5))
    decision = check("recommend", ctx)
    assert decision.codes == ("quota_exceeded",)
    assert "5" in decision.messages[0]


def test_recommend_without_a_quota_is_refused(b):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, quotas={})
    assert check("recommend", ctx).codes == ("no_quota",)


@pytest.mark.parametrize(
    ("priority", "allowed", "code"),
    [(1, True, None), (3, True, None), (4, False, "priority_out_of_range"), (0, False, "input_out_of_range"),
     ("1", False, "invalid_input")],
)
def test_recommend_at_a_priority(b, priority, allowed, code):
    ctx = b.context(
        b.provincial_officer(),
        S.SUBMITTED,
        province=province_list(b, recommended_count=2),
        inputs={"priority": priority},
    )
    decision = check("recommend", ctx)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.codes == (code,)  # one reason: the input's bounds first, then the list's range
        assert {p.path for p in decision.reasons} == {"priority"}
    else:
        assert perform("recommend", ctx).inputs == {"priority": priority}


def test_withdraw_recommendation_returns_to_submitted(b):
    ctx = b.context(b.provincial_officer(), S.RECOMMENDED)
    outcome = perform("withdraw_recommendation", ctx)
    assert outcome.from_state is S.RECOMMENDED and outcome.to_state is S.SUBMITTED
    assert outcome.effects == ("leave_province_list",)


@pytest.mark.parametrize("name", ["return_for_revision", "reject", "recommend", "withdraw_recommendation"])
def test_locked_list_refuses_every_provincial_decision(b, name):
    state = S.RECOMMENDED if name == "withdraw_recommendation" else S.SUBMITTED
    ctx = b.context(
        b.provincial_officer(),
        state,
        province=province_list(b, submitted=True),
        inputs={"reason": "x", **CONFIRM},
    )
    assert "list_locked" in check(name, ctx).codes


def list_context(b, actor=None, **kw):
    return b.list_context(actor, **{"inputs": CONFIRM, **kw})


def test_submit_the_recommendation_list(b):
    outcome = PROVINCE_LIST.perform("submit", list_context(b))
    assert outcome.allowed
    assert (outcome.workflow, outcome.transition) == ("province_list", "submit")
    assert outcome.from_state is ProvinceListState.OPEN and outcome.to_state is ProvinceListState.SUBMITTED
    assert outcome.effects == ("forward_recommended",)
    assert [(r.role, r.province_code, r.county_code) for r in outcome.notify] == [
        ("ministry_officer", None, None)
    ]
    assert outcome.inputs == {}


def test_submitting_the_list_is_consequential_and_names_the_count(b):
    decision = PROVINCE_LIST.check("submit", list_context(b, inputs={}))
    assert decision.codes == ("confirmation_required", "consequence")
    assert "推荐名单" in decision.messages[0]
    assert "本省3个拟推荐申报" in decision.messages[1]


def test_list_can_be_submitted_only_once(b):
    decision = PROVINCE_LIST.check("submit", list_context(b, submitted=True))
    assert decision.codes == ("wrong_state",)
    assert "已报送" in decision.messages[0]


def test_list_of_another_province(b):
    ctx = list_context(b, actor=b.provincial_officer(b.HEBEI))
    assert PROVINCE_LIST.check("submit", ctx).codes == ("wrong_scope",)


def test_list_with_undecided_applications_is_refused(b):
    decision = PROVINCE_LIST.check("submit", list_context(b, undecided_count=2))
    assert decision.codes == ("undecided_applications",)
    assert "2份" in decision.messages[0]


def test_empty_list_is_refused(b):
    ctx = list_context(b, recommended_count=0, priorities=())
    assert PROVINCE_LIST.check("submit", ctx).codes == ("empty_list",)


def test_list_over_quota_is_refused(b):
    ctx = list_context(b, recommended_count=6, priorities=tuple(range(1, 7)))
    assert PROVINCE_LIST.check("submit", ctx).codes == ("quota_exceeded",)


@pytest.mark.parametrize("priorities", [(1, 2, 4), (1, 1, 2), (1, 2)])
def test_list_with_gaps_in_priorities_is_refused(b, priorities):
    ctx = list_context(b, priorities=priorities)
    assert PROVINCE_LIST.check("submit", ctx).codes == ("priorities_not_contiguous",)


def test_list_after_the_deadline_is_refused(b):
    ctx = replace(list_context(b), today=date(2018, 10, 1))
    assert PROVINCE_LIST.check("submit", ctx).codes == ("recommendation_closed",)


def test_reorder_the_list(b):
    ctx = list_context(b, inputs={"application": 7, "priority": 2})
    outcome = PROVINCE_LIST.perform("reorder", ctx)
    assert outcome.allowed and outcome.to_state is ProvinceListState.OPEN
    assert outcome.inputs == {"application": 7, "priority": 2} and outcome.effects == ("reorder_priorities",)
    assert PROVINCE_LIST.check("reorder", list_context(b, inputs={})).codes == (
        "missing_application",
        "missing_priority",
    )
    assert PROVINCE_LIST.check(
        "reorder", list_context(b, submitted=True, inputs={"application": 7, "priority": 2})
    ).codes == ("wrong_state",)


@pytest.mark.parametrize("state", [S.RECOMMENDED, S.SUBMITTED])
def test_an_application_cannot_be_forwarded_by_itself(b, state):
    """``forward`` belongs to the list's submission: on one application it is refused, whatever else holds."""
    decision = check("forward", b.context(b.provincial_officer(), state, inputs=CONFIRM))
    assert decision.codes == ("list_act",)
    assert "整份名单" in decision.messages[0]


def test_forward_driven_by_the_list(b):
    ctx = replace(b.context(b.provincial_officer(), S.RECOMMENDED), via="province_list.submit")
    outcome = perform("forward", ctx)
    assert outcome.allowed and outcome.from_state is S.RECOMMENDED and outcome.to_state is S.FORWARDED
    assert check("forward", replace(ctx, via="province_list.reorder")).codes == ("list_act",)
