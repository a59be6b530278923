"""The machine itself: input bounds, the assigned relation, and what a table may not declare."""

from dataclasses import replace
from enum import StrEnum

import pytest

from innocounty.programme import (
    APPLICATION,
    PROVINCE_LIST,
    Actor,
    Input,
    InputKind,
    Relation,
    Role,
    RoleGrant,
    SubjectContext,
    Workflow,
    check,
)
from innocounty.programme import ApplicationState as S
from innocounty.programme.machine import Transition, by

CONFIRM = {"confirm": True}


# --- input bounds ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("priority", "code"),
    [(0, "input_out_of_range"), (101, "input_out_of_range"), (-1, "input_out_of_range"),
     (2**70, "input_out_of_range"), (-(2**70), "input_out_of_range"),
     (True, "invalid_input"), (False, "invalid_input"), ("1", "invalid_input"), (1.0, "invalid_input"),
     ([1], "invalid_input")],
)  # fmt: skip
def test_priority_out_of_bounds_is_refused(b, priority, code):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, inputs={"priority": priority})
    decision = check("recommend", ctx)
    assert not decision.allowed
    assert decision.codes[0] == code and decision.reasons[0].path == "priority"
    assert "推荐顺序" in decision.messages[0] and "%(" not in decision.messages[0]
    reorder = b.list_context(inputs={"application": 1, "priority": priority})
    decision = PROVINCE_LIST.check("reorder", reorder)
    assert decision.codes == (code,)


def test_the_range_is_named(b):
    decision = PROVINCE_LIST.check("reorder", b.list_context(inputs={"application": 1, "priority": 101}))
    assert decision.messages == ("推荐顺序须在1至100之间",)


@pytest.mark.parametrize("priority", [1, 100])
def test_priority_bounds_are_inclusive(b, priority):
    assert PROVINCE_LIST.check(
        "reorder", b.list_context(inputs={"application": 1, "priority": priority})
    ).allowed


@pytest.mark.parametrize(("value", "code"), [(0, "input_out_of_range"), (2**70, "input_out_of_range"),
                                             (True, "invalid_input"), ("7", "invalid_input")])  # fmt: skip
def test_an_id_without_a_maximum_is_still_bounded(b, value, code):
    ctx = b.list_context(inputs={"application": value, "priority": 1})
    assert PROVINCE_LIST.check("reorder", ctx).codes == (code,)


@pytest.mark.parametrize("length", [4001, 10_000])
def test_text_over_max_length_is_refused(b, length):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, inputs={"reason": "理" * length})
    decision = check("return_for_revision", ctx)
    assert decision.codes == ("input_too_long",)
    assert decision.messages == ("理由不能超过4000字",)


def test_text_at_max_length_is_allowed(b):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, inputs={"reason": "理" * 4000})
    assert check("return_for_revision", ctx).allowed


def test_an_optional_text_is_bounded_too(b):
    ctx = b.context(b.county_officer(), S.SUBMITTED, inputs={"reason": "x" * 4001, **CONFIRM})
    assert check("withdraw", ctx).codes == ("input_too_long",)
    assert check("withdraw", replace(ctx, inputs={"reason": 42, **CONFIRM})).codes == ("invalid_input",)


@pytest.mark.parametrize(
    "items",
    [["x"] * 51, ["x" * 201], [1], "provincial_recommendation_present", {"a": 1}],
)
def test_list_inputs_are_bounded(b, items):
    app = b.application(S.FORWARDED, recommendation_priority=1)
    ctx = b.context(b.ministry_officer(), app=app, inputs={"reason": "缺", "failed_items": items, **CONFIRM})
    assert check("fail_formal_review", ctx).codes == ("invalid_input",)


def test_list_inputs_within_bounds(b):
    app = b.application(S.FORWARDED, recommendation_priority=1)
    for items in (["x"] * 50, ("a", "b"), ["x" * 200]):
        ctx = b.context(
            b.ministry_officer(), app=app, inputs={"reason": "缺", "failed_items": items, **CONFIRM}
        )
        assert check("fail_formal_review", ctx).allowed, items


def test_input_kinds_directly():
    flag = Input("flag", "标记", InputKind.BOOL, required=True)
    assert [p.code for p in flag.problems(1, "act")] == ["invalid_input"]
    assert flag.problems(False, "act") == [] and flag.problems(True, "act") == []
    assert [p.code for p in flag.problems(None, "act")] == ["missing_flag"]
    bounded = Input("n", "数", InputKind.INT, minimum=-5, maximum=5)
    assert [p.code for p in bounded.problems(-6, "act")] == ["input_out_of_range"]
    assert bounded.problems(-5, "act") == [] and bounded.problems(None, "act") == []
    unbounded = Input("n", "数", InputKind.INT)
    assert unbounded.problems(2**63 - 1, "act") == []
    assert [p.code for p in unbounded.problems(2**63, "act")] == ["input_out_of_range"]
    short = Input("t", "文", max_length=3, required=True)
    assert [p.code for p in short.problems("abcd", "act")] == ["input_too_long"]
    assert [p.code for p in short.problems(" \n ", "act")] == ["missing_t"]
    assert [p.code for p in Input("l", "单", InputKind.LIST, required=True).problems([], "act")] == [
        "missing_l"
    ]


# --- the assigned relation (experts) ---------------------------------------------------------------------
class Doc(StrEnum):
    OPEN = "open"
    DONE = "done"


TOY = Workflow(
    kind="toy",
    label="评议",
    states=Doc,
    state_labels={Doc.OPEN: "进行中", Doc.DONE: "已完成"},
    transitions=(Transition("score", "打分", (Doc.OPEN,), Doc.DONE, by(Role.EXPERT, Relation.ASSIGNED)),),
    initial=Doc.OPEN,
)


def toy_context(user_id, assignees=frozenset({7})):
    return SubjectContext(
        Actor((RoleGrant(Role.EXPERT),), user_id=user_id), None, Doc.OPEN, assignees=assignees
    )


def test_only_an_assigned_expert_may_act():
    assert TOY.check("score", toy_context(7)).allowed
    assert TOY.check("score", toy_context(8)).codes == ("wrong_scope",)
    assert TOY.check("score", toy_context(None, frozenset({None}))).codes == ("wrong_scope",)
    other = SubjectContext(Actor((RoleGrant(Role.MINISTRY_OFFICER),), user_id=7), None, Doc.OPEN,
                           assignees=frozenset({7}))  # fmt: skip
    assert TOY.check("score", other).codes == ("wrong_role",)


# --- what a table may not declare ------------------------------------------------------------------------
def test_transition_names_are_unique():
    t = TOY.transition("score")
    with pytest.raises(ValueError, match="unique"):
        replace(TOY, transitions=(t, t))


def test_every_state_has_a_label():
    with pytest.raises(ValueError, match="no label"):
        replace(TOY, state_labels={Doc.OPEN: "进行中"})


def test_reachable_states():
    assert TOY.reachable_states() == {Doc.OPEN, Doc.DONE}
    assert APPLICATION.reachable_states() | {S.APPROVED, S.NOT_APPROVED, S.HELD} == set(S)  # those: the approval list
    assert None not in APPLICATION.reachable_states()


def test_unknown_transition_is_refused_by_every_workflow(b):
    ctx = b.list_context()
    assert PROVINCE_LIST.check("approve_everything", ctx).codes == ("unknown_transition",)
    assert PROVINCE_LIST.perform("approve_everything", ctx).to_state is None
