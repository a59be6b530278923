"""What each role sees: data evaluation is the ministry's internal step, so counties, provinces and experts
see 形式审查通过 for both of its outcomes, and their histories leave its transitions out."""

import pytest

from innocounty.programme import APPLICATION, DATA_EVALUATION, PROVINCE_LIST
from innocounty.programme import ApplicationState as S
from innocounty.programme import Role as R
from innocounty.programme.batch_lifecycle import BATCH
from innocounty.programme.workflow import INTERNAL_TRANSITIONS

INTERNAL = (S.SELECTED_FOR_CONSULTATION, S.NOT_SELECTED)
RESTRICTED = (R.COUNTY_OFFICER, R.PROVINCIAL_OFFICER, R.EXPERT)
FULL = (R.MINISTRY_OFFICER, R.AUDITOR)


@pytest.mark.parametrize("role", RESTRICTED)
@pytest.mark.parametrize("state", INTERNAL)
def test_internal_states_are_shown_as_formal_review_passed(role, state):
    assert APPLICATION.state_shown_to(state, [role]) is S.FORMAL_REVIEW_PASSED


@pytest.mark.parametrize("role", FULL)
@pytest.mark.parametrize("state", INTERNAL)
def test_ministry_and_auditor_see_the_real_state(role, state):
    assert APPLICATION.state_shown_to(state, [role]) is state


@pytest.mark.parametrize("role", list(R))
@pytest.mark.parametrize("state", [s for s in S if s not in INTERNAL])
def test_other_states_are_shown_as_they_are(role, state):
    assert APPLICATION.state_shown_to(state, [role]) is state
    assert APPLICATION.state_shown_to(state, []) is state


@pytest.mark.parametrize("state", INTERNAL)
def test_several_roles_see_the_most_revealing_view(state):
    assert APPLICATION.state_shown_to(state, [R.COUNTY_OFFICER, R.MINISTRY_OFFICER]) is state
    assert APPLICATION.state_shown_to(state, [R.MINISTRY_OFFICER, R.PROVINCIAL_OFFICER]) is state
    assert APPLICATION.state_shown_to(state, (r for r in [R.EXPERT, R.AUDITOR])) is state
    assert (
        APPLICATION.state_shown_to(state, [R.COUNTY_OFFICER, R.PROVINCIAL_OFFICER]) is S.FORMAL_REVIEW_PASSED
    )


@pytest.mark.parametrize("state", INTERNAL)
def test_no_role_sees_the_most_restricted_view(state):
    assert APPLICATION.state_shown_to(state, []) is S.FORMAL_REVIEW_PASSED


@pytest.mark.parametrize("role", RESTRICTED)
def test_a_filter_on_formal_review_passed_finds_the_internal_states(role):
    seen = APPLICATION.states_seen_as(S.FORMAL_REVIEW_PASSED, [role])
    assert seen == {S.FORMAL_REVIEW_PASSED, S.SELECTED_FOR_CONSULTATION, S.NOT_SELECTED}
    # ... and a filter on an internal state finds nothing (it cannot even be asked for).
    for state in INTERNAL:
        assert APPLICATION.states_seen_as(state, [role]) == frozenset()


@pytest.mark.parametrize("role", FULL)
def test_the_ministry_filters_on_real_states(role):
    assert APPLICATION.states_seen_as(S.FORMAL_REVIEW_PASSED, [role]) == {S.FORMAL_REVIEW_PASSED}
    for state in INTERNAL:
        assert APPLICATION.states_seen_as(state, [role]) == {state}


def test_every_state_is_seen_as_exactly_one_state_by_each_role():
    for roles in ([], *([r] for r in R), [R.COUNTY_OFFICER, R.MINISTRY_OFFICER]):
        shown = {state: APPLICATION.state_shown_to(state, roles) for state in S}
        for state in S:
            assert state in APPLICATION.states_seen_as(shown[state], roles)
        assert sum(len(APPLICATION.states_seen_as(v, roles)) for v in set(shown.values())) == len(S)


def test_histories_leave_out_the_internal_transitions():
    assert {"select_for_consultation", "mark_not_selected"} == INTERNAL_TRANSITIONS
    assert set(APPLICATION.by_name) >= INTERNAL_TRANSITIONS
    for role in RESTRICTED:
        assert APPLICATION.transitions_hidden_from([role]) == INTERNAL_TRANSITIONS
    for role in FULL:
        assert APPLICATION.transitions_hidden_from([role]) == frozenset()
    assert (
        APPLICATION.transitions_hidden_from([R.COUNTY_OFFICER, R.PROVINCIAL_OFFICER]) == INTERNAL_TRANSITIONS
    )
    assert APPLICATION.transitions_hidden_from([R.COUNTY_OFFICER, R.MINISTRY_OFFICER]) == frozenset()
    assert APPLICATION.transitions_hidden_from([]) == INTERNAL_TRANSITIONS


@pytest.mark.parametrize("workflow", [PROVINCE_LIST, DATA_EVALUATION, BATCH], ids=lambda wf: wf.kind)
def test_the_other_workflows_show_every_state_to_everyone(workflow):
    for state in workflow.states:
        for roles in ([], *([r] for r in R)):
            assert workflow.state_shown_to(state, roles) is state
            assert workflow.states_seen_as(state, roles) == {state}
    assert workflow.transitions_hidden_from([]) == frozenset()
    assert workflow.transitions_hidden_from([R.COUNTY_OFFICER]) == frozenset()
