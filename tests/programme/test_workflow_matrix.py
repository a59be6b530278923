"""Every transition of every workflow table, systematically (generated from the tables, so a new
transition is covered the day it is declared):

- allowed in a good context, from each state it declares, landing on its declared state;
- refused with ``wrong_role`` for every role it does not name;
- refused with ``wrong_scope`` for the right role in another county or province;
- refused with ``wrong_state`` from every state it does not declare (and from "not created yet");
- refused with ``missing_<name>`` without each required input;
- consequential: refused without ``confirm`` (``confirmation_required``), allowed with it;
- list-driven (``forward``): refused without ``via`` (``list_act``), allowed with it.
"""

from dataclasses import replace

import pytest

from innocounty.programme import (
    APPLICATION,
    DATA_EVALUATION,
    PROVINCE_LIST,
    Actor,
    Role,
    Scope,
)
from innocounty.programme.batch_lifecycle import BATCH
from innocounty.programme.registry import WORKFLOWS

ALL = [(wf, t) for wf in WORKFLOWS for t in wf.transitions]
ROLE_ACTORS = {
    Role.COUNTY_OFFICER: "county_officer",
    Role.PROVINCIAL_OFFICER: "provincial_officer",
    Role.MINISTRY_OFFICER: "ministry_officer",
    Role.EXPERT: "expert",
    Role.AUDITOR: "auditor",
    Role.SYSTEM: "system",
}
# A province's list always exists (it is opened with the batch): "not created yet" is no state of it.
SUBJECT_MAY_BE_ABSENT = {wf.kind for wf in WORKFLOWS} - {PROVINCE_LIST.kind}


def ids(pair):
    wf, t = pair
    return f"{wf.kind}.{t.name}"


def cases(predicate=lambda wf, t: True):
    return pytest.mark.parametrize("case", [c for c in ALL if predicate(*c)], ids=ids)


def actor_for(b, t):
    return getattr(b, ROLE_ACTORS[t.role])()


FIRST = object()


def good_context(b, wf, t, state=FIRST, *, actor=None, inputs=None, via=...):
    """A context in which ``t`` is allowed (``state``: one of its from_states, default the first)."""
    state = t.from_states[0] if state is FIRST else state
    via = t.driven_by if via is ... else via
    inputs = b.good_inputs(t) if inputs is None else inputs
    return b.workflow_context(wf, state, actor or actor_for(b, t), inputs=inputs, via=via)


def assert_refused(decision, *codes):
    assert not decision.allowed
    assert decision.codes == codes, decision.messages
    for message in decision.messages:
        assert message and "%(" not in message, message  # every parameter filled


def test_the_matrix_covers_every_workflow_table():
    assert {wf.kind for wf in (APPLICATION, PROVINCE_LIST, DATA_EVALUATION, BATCH)} <= {
        wf.kind for wf in WORKFLOWS
    }
    assert set(ROLE_ACTORS) == set(Role)
    assert len(ALL) == sum(len(wf.transitions) for wf in WORKFLOWS) >= 20
    # Every relation the tables use is exercised below.
    assert {t.scope for _, t in ALL} <= {Scope.COUNTY, Scope.PROVINCE, Scope.NATION, Scope.ASSIGNED}


@cases(lambda wf, t: t.scope is Scope.ASSIGNED)
def test_refused_for_an_expert_not_assigned_to_the_subject(b, case):
    wf, t = case
    stranger = Actor(b.expert().grants, user_id=99)
    assert_refused(wf.check(t.name, good_context(b, wf, t, actor=stranger)), "wrong_scope")


@cases()
def test_allowed_in_a_good_context_from_every_declared_state(b, case):
    wf, t = case
    for state in t.from_states:
        ctx = good_context(b, wf, t, state)
        outcome = wf.perform(t.name, ctx)
        assert outcome.allowed, (state, outcome.decision.messages)
        assert outcome.from_state == state and outcome.to_state == t.to_state
        assert (outcome.workflow, outcome.transition, outcome.label) == (wf.kind, t.name, t.label)
        assert outcome.effects == t.effects
        assert [r.role for r in outcome.notify] == list(t.notify)
        assert set(outcome.inputs) <= {i.name for i in t.inputs}
        assert t in wf.available(replace(ctx, inputs={}))


@cases()
def test_refused_for_every_other_role(b, case):
    wf, t = case
    allowed_roles = {rule.role for rule in t.actors}
    others = [role for role in ROLE_ACTORS if role not in allowed_roles]
    assert others
    for role in others:
        actor = getattr(b, ROLE_ACTORS[role])()
        decision = wf.check(t.name, good_context(b, wf, t, actor=actor))
        assert_refused(decision, "wrong_role")
        assert t not in wf.available(good_context(b, wf, t, actor=actor))
    nobody = Actor(())
    assert_refused(wf.check(t.name, good_context(b, wf, t, actor=nobody)), "wrong_role")


@cases(lambda wf, t: t.scope in (Scope.COUNTY, Scope.PROVINCE))
def test_refused_for_the_right_role_out_of_scope(b, case):
    wf, t = case
    if t.scope is Scope.COUNTY:
        strangers = [b.county_officer(b.JIANGYIN), b.county_officer("130102", b.HEBEI)]
    else:
        strangers = [b.provincial_officer(b.HEBEI)]
    for actor in strangers:
        decision = wf.check(t.name, good_context(b, wf, t, actor=actor))
        assert_refused(decision, "wrong_scope")
        assert "管辖范围" in decision.messages[0]


@cases()
def test_refused_from_every_undeclared_state(b, case):
    wf, t = case
    states = [*([None] if wf.kind in SUBJECT_MAY_BE_ABSENT else []), *wf.states]
    undeclared = [s for s in states if s not in t.from_states]
    assert undeclared
    for state in undeclared:
        ctx = good_context(b, wf, t, state)
        assert_refused(wf.check(t.name, ctx), "wrong_state")
        assert t not in wf.available(ctx)


@cases(lambda wf, t: t.required_inputs)
def test_refused_without_each_required_input(b, case):
    wf, t = case
    full = b.good_inputs(t)
    for name in t.required_inputs:
        for missing in ({k: v for k, v in full.items() if k != name}, {**full, name: None}):
            assert_refused(wf.check(t.name, good_context(b, wf, t, inputs=missing)), f"missing_{name}")
    without_any = {k: v for k, v in full.items() if k not in t.required_inputs}
    decision = wf.check(t.name, good_context(b, wf, t, inputs=without_any))
    assert_refused(decision, *(f"missing_{name}" for name in t.required_inputs))
    # The form asks for them: the button is still shown.
    assert t in wf.available(good_context(b, wf, t, inputs={}))


@cases(lambda wf, t: t.optional_inputs)
def test_allowed_without_its_optional_inputs(b, case):
    wf, t = case
    ctx = good_context(b, wf, t)
    assert all(name not in ctx.inputs for name in t.optional_inputs)
    assert wf.check(t.name, ctx).allowed


@cases(lambda wf, t: t.consequential)
def test_consequential_acts_need_confirmation(b, case):
    wf, t = case
    unconfirmed = b.good_inputs(t, confirm=False)
    for inputs in (unconfirmed, {**unconfirmed, "confirm": False}, {**unconfirmed, "confirm": 1},
                   {**unconfirmed, "confirm": "true"}):  # fmt: skip
        decision = wf.check(t.name, good_context(b, wf, t, inputs=inputs))
        assert_refused(decision, "confirmation_required", "consequence")
        assert decision.reasons[0].path == "confirm"
        [consequence] = decision.reasons[0].details
        assert consequence.message == t.consequence
    assert wf.check(t.name, good_context(b, wf, t, inputs={**unconfirmed, "confirm": True})).allowed


@cases(lambda wf, t: not t.consequential)
def test_plain_acts_need_no_confirmation(b, case):
    wf, t = case
    assert "confirm" not in b.good_inputs(t)
    assert wf.check(t.name, good_context(b, wf, t)).allowed


@cases(lambda wf, t: t.driven_by)
def test_list_driven_transitions_only_run_through_their_list(b, case):
    wf, t = case
    for via in (None, "province_list.reorder", "application.forward", "x.submit"):
        decision = wf.check(t.name, good_context(b, wf, t, via=via))
        assert_refused(decision, "list_act")
        assert t not in wf.available(good_context(b, wf, t, via=via))
    assert wf.check(t.name, good_context(b, wf, t, via=t.driven_by)).allowed


def test_every_driven_transition_names_an_act_that_runs_it():
    driven = {ids(c): c[1].driven_by for c in ALL if c[1].driven_by}
    assert driven["application.forward"] == "province_list.submit"
    by_kind = {wf.kind: wf for wf in WORKFLOWS}
    for name, driver in driven.items():
        kind, act = driver.split(".")
        assert act in by_kind[kind].by_name, name
    assert "forward_recommended" in PROVINCE_LIST.transition("submit").effects
