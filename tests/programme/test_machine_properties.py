"""Properties of every workflow table under random use: a simulated subject, random actors (any roles, any
county or province), random transitions with random inputs (confirm missing or wrong, bad values, ...).

The subject's state changes only when ``perform`` allows, and then to the outcome's ``to_state``. Whatever
the sequence:

- the subject never leaves ``workflow.reachable_states()`` (or its initial state);
- an allowed change goes from one of the transition's ``from_states`` to its declared ``to_state``, by an
  actor one of its rules admits, confirmed when consequential and driven by its list when ``driven_by``;
- a refused attempt changes nothing and says why;
- the buttons (``available``) are exactly the transitions ``check`` allows once the form is filled in.
"""

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innocounty.programme import Actor, Role, RoleGrant
from innocounty.programme.machine import CONFIRM, InputKind
from innocounty.programme.registry import WORKFLOWS

PROVINCES = ("32", "13")
COUNTIES = {"32": ("320583", "320281"), "13": ("130102",)}

GRANTS = [
    *(RoleGrant(Role.COUNTY_OFFICER, p, c) for p in PROVINCES for c in COUNTIES[p]),
    *(RoleGrant(Role.PROVINCIAL_OFFICER, p) for p in PROVINCES),
    *(RoleGrant(role) for role in (Role.MINISTRY_OFFICER, Role.EXPERT, Role.AUDITOR, Role.SYSTEM)),
]
grants = st.sampled_from(GRANTS)
random_actors = st.builds(Actor, st.lists(grants, max_size=3).map(tuple), st.sampled_from([None, 1, 2, 3, 4]))
# Kunshan's officer, Jiangsu's and the ministry's: the actors a table's rules name, in scope.
OFFICERS = {
    Role.COUNTY_OFFICER: Actor((RoleGrant(Role.COUNTY_OFFICER, "32", "320583"),), 1),
    Role.PROVINCIAL_OFFICER: Actor((RoleGrant(Role.PROVINCIAL_OFFICER, "32"),), 2),
    Role.MINISTRY_OFFICER: Actor((RoleGrant(Role.MINISTRY_OFFICER),), 3),
    Role.EXPERT: Actor((RoleGrant(Role.EXPERT),), 4),  # the expert assigned to the subject (user 4)
    Role.SYSTEM: Actor((RoleGrant(Role.SYSTEM),)),
}
actors = st.one_of(st.sampled_from(list(OFFICERS.values())), random_actors)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 2, 100, 101]),
    st.text(max_size=8),
    st.sampled_from(["", "   ", "理" * 4001]),
    st.lists(st.text(max_size=3), max_size=3),
)
INPUT_NAMES = (
    "reason",
    "response",
    "priority",
    "failed_items",
    "application",
    "confirm_partial",
    CONFIRM,
    "secret",
    "declaration",
)
inputs = st.dictionaries(st.sampled_from(INPUT_NAMES), values, max_size=3)


_ATTEMPTS: dict = {}


def attempt(workflow, state):
    """One attempted act: often one declared from the current state (so sequences get somewhere), else any.
    Built once per state (building strategies at every step is slow)."""
    key = (workflow.kind, state)
    if key not in _ATTEMPTS:
        _ATTEMPTS[key] = _attempt(workflow, state)
    return _ATTEMPTS[key]


def _attempt(workflow, state):
    anything = st.sampled_from([*workflow.by_name, "no_such_act"])
    via = st.sampled_from([None, "province_list.submit", "province_list.reorder", "framework.activate"])
    modes = st.sampled_from(["form", "unconfirmed", "raw"])
    random = st.tuples(anything, actors, inputs, modes, via)
    here = list(workflow.transitions_from(state))
    if not here:
        return random
    # An act declared from here, by the officer its rule names, with the form filled in.
    proper = st.sampled_from(here).map(lambda t: (t.name, OFFICERS[t.role], {}, "form", None))
    return st.one_of(proper, random)


def filled(t):
    """The form filled in (what ``available`` assumes): every required input and the confirmation."""
    placeholder = {InputKind.TEXT: "…", InputKind.INT: 1, InputKind.BOOL: True, InputKind.LIST: ["…"]}
    out = {i.name: i.minimum if i.kind is InputKind.INT and i.minimum is not None else placeholder[i.kind]
           for i in t.inputs if i.required}  # fmt: skip
    if t.consequential:
        out[CONFIRM] = True
    return out


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda wf: wf.kind)
def test_random_use_never_leaves_the_declared_table(b, workflow):
    reachable = workflow.reachable_states() | {workflow.initial}
    starts = [workflow.initial, *sorted(reachable - {workflow.initial})]

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def run(data):
        # From the start, or from any state the table reaches (so long tables are explored in depth).
        state = data.draw(st.sampled_from(starts), label="start")
        for _ in range(data.draw(st.integers(min_value=0, max_value=15), label="steps")):
            name, actor, given_inputs, mode, via = data.draw(attempt(workflow, state))
            t = workflow.by_name.get(name)
            if t is not None and mode == "form":  # the form as the UI sends it, through the list if driven
                given_inputs, via = b.good_inputs(t), t.driven_by
            elif t is not None and mode == "unconfirmed":  # valid values, random extras, confirm as drawn
                given_inputs = {**b.good_inputs(t, confirm=False), **given_inputs}
            ctx = b.workflow_context(workflow, state, actor, inputs=given_inputs, via=via)
            outcome = workflow.perform(name, ctx)
            if not outcome.allowed:
                assert outcome.reasons and outcome.to_state is None and outcome.effects == ()
                assert outcome.notify == () and outcome.inputs == {}
                continue
            assert t is not None
            assert outcome.from_state == state and state in t.from_states
            assert outcome.to_state == t.to_state
            assert any(rule.admits(actor, ctx) for rule in t.actors)
            assert not t.consequential or ctx.inputs.get(CONFIRM) is True
            assert t.driven_by is None or via == t.driven_by
            assert set(outcome.inputs) <= {i.name for i in t.inputs}
            state = outcome.to_state
            assert state in reachable, state

    run()


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda wf: wf.kind)
def test_buttons_match_the_checks(b, workflow):
    states = ([None] if workflow.initial is None else []) + list(workflow.states)

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.sampled_from(states), actors, st.sampled_from([None, "province_list.submit"]))
    def run(state, actor, via):
        ctx = b.workflow_context(workflow, state, actor, via=via)
        shown = set(workflow.available(ctx))
        for t in workflow.transitions:
            assert (t in shown) is workflow.check(t.name, replace(ctx, inputs=filled(t))).allowed, t.name
            if t in shown:
                assert state in t.from_states

    run()
