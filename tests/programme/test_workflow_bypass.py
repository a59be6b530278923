"""Issue 8, item 1: a province could forward an application it had rejected (or one withdrawn, failed, ...)
by going around its list. In the core this is impossible: the only way into ``forwarded`` is ``forward``,
from ``recommended`` only, and ``forward`` runs only as the effect of submitting the province's list."""

from dataclasses import replace
from itertools import product

import pytest

from innocounty.programme import APPLICATION, Actor, RoleGrant, check
from innocounty.programme import ApplicationState as S
from innocounty.programme import Role as R

VIA = "province_list.submit"
NOT_RECOMMENDED = [s for s in S if s is not S.RECOMMENDED]
TERMINAL_OR_PAST = [
    S.REJECTED_BY_PROVINCE, S.WITHDRAWN, S.FORMAL_REVIEW_FAILED, S.NOT_SELECTED, S.SELECTED_FOR_CONSULTATION,
    S.FORMAL_REVIEW_PASSED, S.FORWARDED,
]  # fmt: skip


def everyone(b):
    """One actor holding every role, in Kunshan / Jiangsu: the most powerful actor there can be."""
    return Actor(
        (
            RoleGrant(R.COUNTY_OFFICER, province_code=b.JIANGSU, county_code=b.KUNSHAN),
            RoleGrant(R.PROVINCIAL_OFFICER, province_code=b.JIANGSU),
            RoleGrant(R.MINISTRY_OFFICER),
            RoleGrant(R.EXPERT),
            RoleGrant(R.AUDITOR),
        ),
        user_id=9,
    )


def reachable_from(state):
    seen, frontier = set(), [state]
    while frontier:
        for t in APPLICATION.transitions_from(frontier.pop()):
            if t.to_state not in seen:
                seen.add(t.to_state)
                frontier.append(t.to_state)
    return seen


def test_forwarded_is_entered_only_by_forward_from_recommended():
    into = [(t.name, t.from_states) for t in APPLICATION.transitions if t.to_state is S.FORWARDED]
    assert into == [("forward", (S.RECOMMENDED,))]


@pytest.mark.parametrize("state", TERMINAL_OR_PAST, ids=str)
def test_no_path_back_to_forwarded(state):
    assert S.FORWARDED not in reachable_from(state)
    assert all(t.to_state is not S.FORWARDED for t in APPLICATION.transitions_from(state))


@pytest.mark.parametrize("state", [None, *NOT_RECOMMENDED], ids=str)
def test_no_act_by_anyone_forwards_an_application_that_is_not_recommended(b, state):
    """Every transition, by an actor with every role, with every input given, confirmed and driven by the
    list, from each state but ``recommended``: nothing reaches ``forwarded``."""
    for t in APPLICATION.transitions:
        inputs = {**b.good_inputs(t), "confirm": True}
        ctx = b.workflow_context(APPLICATION, state, everyone(b), inputs=inputs, via=VIA)
        outcome = APPLICATION.perform(t.name, ctx)
        assert not (outcome.allowed and outcome.to_state is S.FORWARDED), (state, t.name)
    decision = check("forward", b.workflow_context(APPLICATION, state, everyone(b), via=VIA))
    assert decision.codes == ("wrong_state",)


@pytest.mark.parametrize(
    ("state", "via"), list(product([None, *S], [None, "", "province_list.reorder", "forward", "submit"]))
)
def test_forward_is_refused_without_the_list(b, state, via):
    for actor in (b.provincial_officer(), everyone(b)):
        ctx = b.workflow_context(APPLICATION, state, actor, inputs={"confirm": True}, via=via)
        assert check("forward", ctx).codes == ("list_act",)
        assert APPLICATION.transition("forward") not in APPLICATION.available(ctx)


def test_even_through_the_list_only_the_own_province_forwards(b):
    ctx = b.workflow_context(APPLICATION, S.RECOMMENDED, b.provincial_officer(b.HEBEI), via=VIA)
    assert check("forward", ctx).codes == ("wrong_scope",)
    assert check("forward", replace(ctx, actor=b.county_officer())).codes == ("wrong_role",)
    assert check("forward", replace(ctx, actor=b.provincial_officer())).allowed
