"""The declaration itself: shape of the table, check order, perform, available, refusal exception."""

from dataclasses import replace

import pytest

from innocounty.programme import (
    APPLICATION,
    PROVINCE_LIST,
    TRANSITIONS,
    WORKFLOW,
    Actor,
    ApplicationState,
    MissingContext,
    Refusal,
    Role,
    RoleGrant,
    TransitionRefused,
    available,
    check,
    perform,
    transitions_from,
)
from innocounty.programme.workflow import INPUT_LABELS

CONFIRM = {"confirm": True}

S = ApplicationState
# Reached by the approval list (branch ``approval``); no Lifecycle I transition leads there or leaves.
LIFECYCLE_II = {S.APPROVED, S.NOT_APPROVED, S.HELD}


def test_every_state_is_reachable_and_every_transition_lands_on_a_state():
    reached = {t.to_state for t in TRANSITIONS}
    assert reached <= set(ApplicationState) and reached | LIFECYCLE_II == set(ApplicationState)


def test_every_non_final_state_has_a_way_out():
    for state in set(ApplicationState) - LIFECYCLE_II:
        leaving = [t for t in transitions_from(state) if t.to_state is not state]
        assert bool(leaving) is not state.is_final, state


def test_declared_inputs_have_labels_and_labels_are_chinese():
    for t in TRANSITIONS:
        assert t.label and all("\u4e00" <= ch <= "\u9fff" for ch in t.label if ch.isalpha()), t.name
        for name in (*t.required_inputs, *t.optional_inputs):
            assert name in INPUT_LABELS


def test_refusal_messages_are_chinese_and_codes_stable(b):
    decision = check("submit", b.context(b.provincial_officer()))
    assert decision.codes == (Refusal.WRONG_ROLE,) == ("wrong_role",)
    assert "县（市）" in decision.messages[0]


def test_unknown_transition(b):
    outcome = perform("approve_everything", b.context(b.ministry_officer()))
    assert not outcome.allowed and outcome.decision.codes == ("unknown_transition",)


def test_wrong_role_hides_state_and_guards(b):
    # A stranger learns only that they may not act, not the state or the window.
    ctx = b.context(b.provincial_officer(b.HEBEI), S.WITHDRAWN, today=b.IN_WINDOW.replace(year=2030))
    assert check("submit", ctx).codes == ("wrong_role",)
    assert check("reject", ctx).codes == ("wrong_scope",)


def test_an_actor_with_several_roles_uses_the_matching_one(b):
    actor = Actor(
        (
            RoleGrant(Role.PROVINCIAL_OFFICER, province_code=b.HEBEI),
            RoleGrant(Role.COUNTY_OFFICER, province_code=b.JIANGSU, county_code=b.KUNSHAN),
        )
    )
    assert check("submit", b.context(actor, inputs=CONFIRM)).allowed


def test_refused_outcome_has_no_state_change_and_require_raises(b):
    outcome = perform("submit", b.context(b.county_officer(b.JIANGYIN), inputs=CONFIRM))
    assert outcome.to_state is None and outcome.from_state is None
    assert outcome.notify == () and outcome.effects == () and outcome.inputs == {}
    with pytest.raises(TransitionRefused, match="管辖范围"):
        outcome.require()


def test_allowed_outcome_require_returns_itself(b):
    outcome = perform("submit", b.context(b.county_officer(), inputs=CONFIRM))
    assert outcome.require() is outcome
    assert (outcome.workflow, outcome.transition, outcome.label) == ("application", "submit", "提交申报")
    assert outcome.from_state == "draft" and outcome.to_state == "submitted"
    assert outcome.effects == ("freeze_version",)
    # confirm is not a declared input of submit: the record keeps only what the transition takes.
    assert outcome.inputs == {}


def test_consequential_act_needs_confirmation(b):
    decision = check("submit", b.context(b.county_officer()))
    assert decision.codes == ("confirmation_required", "consequence")
    assert "提交申报" in decision.messages[0] and "冻结" in decision.messages[1]
    assert check("submit", b.context(b.county_officer(), inputs={"confirm": "yes"})).codes[0] == (
        "confirmation_required"
    )


def test_outcome_keeps_only_declared_inputs(b):
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, inputs={"reason": "材料不全", "secret": "x"})
    assert perform("return_for_revision", ctx).inputs == {"reason": "材料不全"}
    ctx = b.context(b.provincial_officer(), S.SUBMITTED, inputs={"reason": "", "priority": None})
    assert perform("recommend", ctx).inputs == {}


def test_available_lists_the_buttons_of_a_page(b):
    names = [t.name for t in available(b.context(b.provincial_officer(), S.SUBMITTED))]
    # Consequential acts (reject) are shown: the form asks for the confirmation. ``forward`` never is.
    assert names == ["return_for_revision", "reject", "recommend"]
    names = [t.name for t in available(b.context(b.county_officer(), S.SUBMITTED))]
    assert names == ["withdraw"]
    assert available(b.context(b.ministry_officer(), S.SUBMITTED)) == ()
    assert available(b.context(b.provincial_officer(), S.RECOMMENDED)) == (
        WORKFLOW["withdraw_recommendation"],
    )
    # The list's buttons while it is open: submit only once nothing is undecided.
    assert [t.name for t in PROVINCE_LIST.available(b.list_context())] == ["reorder", "submit"]
    assert [t.name for t in PROVINCE_LIST.available(b.list_context(undecided_count=1))] == ["reorder"]
    assert PROVINCE_LIST.available(b.list_context(submitted=True)) == ()


def test_missing_province_snapshot_is_a_programming_error(b):
    ctx = replace(b.context(b.provincial_officer(), S.SUBMITTED), province=None)
    with pytest.raises(MissingContext):
        check("recommend", ctx)


def test_list_driven_application_transitions_are_forward_and_the_approval_decisions():
    assert "submit_recommendation_list" not in WORKFLOW
    assert [(t.name, t.driven_by) for t in TRANSITIONS if t.driven_by] == [
        ("forward", "province_list.submit"), ("approve", "approval_list.finalise"),
        ("not_approve", "approval_list.finalise"), ("hold", "approval_list.finalise"),
    ]
    assert [t.name for t in TRANSITIONS if t.to_state is S.FORWARDED] == ["forward"]
    assert WORKFLOW["forward"].from_states == (S.RECOMMENDED,)
    submit = PROVINCE_LIST.transition("submit")
    assert submit.effects == ("forward_recommended",) and submit.consequential
    assert f"{PROVINCE_LIST.kind}.{submit.name}" == WORKFLOW["forward"].driven_by
    assert APPLICATION.by_name is not PROVINCE_LIST.by_name and APPLICATION.by_name == WORKFLOW


def test_a_full_happy_path(b):
    """County writes and submits, province returns, county answers, province recommends and submits
    the list, ministry passes formal review: each step allowed from the state the previous reached."""
    steps = [
        ("create_draft", b.county_officer(), {}),
        ("submit", b.county_officer(), CONFIRM),
        ("return_for_revision", b.provincial_officer(), {"reason": "请补充量化目标"}),
        ("resubmit", b.county_officer(), {"response": "已补充", **CONFIRM}),
        ("recommend", b.provincial_officer(), {"priority": 1}),
    ]
    state = None
    for name, actor, inputs in steps:
        app = b.application(state)
        outcome = perform(name, b.context(actor, app=app, inputs=inputs))
        assert outcome.allowed, (name, outcome.decision.messages)
        state = outcome.to_state
    assert state is S.RECOMMENDED

    # The province submits its list (a subject of its own); the list's effect forwards each recommended
    # application with the application's ``forward``, driven by the list.
    ctx = b.list_context(recommended_count=1, priorities=(1,), inputs=CONFIRM)
    listed = PROVINCE_LIST.perform("submit", ctx).require()
    assert (listed.from_state, listed.to_state) == ("open", "submitted")
    assert listed.effects == ("forward_recommended",)
    assert [r.role for r in listed.notify] == ["ministry_officer"]

    app = b.application(state, recommendation_priority=1)
    forward_ctx = replace(b.context(b.provincial_officer(), app=app), via="province_list.submit")
    state = perform("forward", forward_ctx).require().to_state
    assert state is S.FORWARDED

    app = b.application(state, recommendation_priority=1)
    outcome = perform("pass_formal_review", b.context(b.ministry_officer(), app=app, inputs=CONFIRM))
    assert outcome.to_state is S.FORMAL_REVIEW_PASSED
