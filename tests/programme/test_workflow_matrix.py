"""Every declared transition, systematically: allowed in a good context; refused for every other role,
for the right role in another county or province, and from every state it does not declare."""

from dataclasses import replace
from datetime import date

import pytest

from innocounty.programme import (
    SECOND_BATCH_2023,
    TRANSITIONS,
    Actor,
    ApplicationState,
    ProvinceListSnapshot,
    Role,
    RoleGrant,
    Scope,
    check,
)
from innocounty.programme.workflow import Subject

ACTORS = {
    Role.COUNTY_OFFICER: "county_officer",
    Role.PROVINCIAL_OFFICER: "provincial_officer",
    Role.MINISTRY_OFFICER: "ministry_officer",
}


DECLARED = object()


def good_context(b, t, state=DECLARED):
    """A context in which ``t`` is allowed (``state`` overrides the application's state)."""
    actor = getattr(b, ACTORS[t.role])()
    if state is DECLARED:
        state = t.from_states[0]
    inputs = dict.fromkeys(t.required_inputs, "说明")
    province = ProvinceListSnapshot(b.JIANGSU)
    if t.subject is Subject.PROVINCE_LIST:
        province = ProvinceListSnapshot(b.JIANGSU, recommended_count=2, priorities=(1, 2))
    ctx = b.context(
        actor,
        app=b.application(state, recommendation_priority=1),
        inputs=inputs,
        province=province,
        stages=SECOND_BATCH_2023,
        today=date(2018, 7, 15),
    )
    if t.subject is Subject.PROVINCE_LIST:
        ctx = replace(ctx, application=None)
    return ctx


@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: t.name)
def test_allowed_in_a_good_context(b, t):
    decision = check(t.name, good_context(b, t))
    assert decision.allowed, decision.messages


@pytest.mark.parametrize("t", TRANSITIONS, ids=lambda t: t.name)
def test_refused_for_every_other_role(b, t):
    for role in [*ACTORS, Role.EXPERT, Role.AUDITOR]:
        if role is t.role:
            continue
        actor = getattr(b, ACTORS[role])() if role in ACTORS else Actor((RoleGrant(role),))
        ctx = replace(good_context(b, t), actor=actor)
        assert check(t.name, ctx).codes == ("wrong_role",), role


@pytest.mark.parametrize("t", [t for t in TRANSITIONS if t.scope is not Scope.NATION], ids=lambda t: t.name)
def test_refused_out_of_scope(b, t):
    actor = b.county_officer(b.JIANGYIN) if t.scope is Scope.COUNTY else b.provincial_officer(b.HEBEI)
    assert check(t.name, replace(good_context(b, t), actor=actor)).codes == ("wrong_scope",)


@pytest.mark.parametrize(
    "t", [t for t in TRANSITIONS if t.subject is Subject.APPLICATION], ids=lambda t: t.name
)
def test_refused_from_every_undeclared_state(b, t):
    for state in [None, *ApplicationState]:
        if state in t.from_states:
            continue
        assert check(t.name, good_context(b, t, state)).codes == ("wrong_state",), state


@pytest.mark.parametrize("t", [t for t in TRANSITIONS if t.required_inputs], ids=lambda t: t.name)
def test_refused_without_its_required_inputs(b, t):
    ctx = replace(good_context(b, t), inputs={})
    assert check(t.name, ctx).codes == tuple(f"missing_{name}" for name in t.required_inputs)
