"""Assignments and reviews through the adapter: every act, every refusal."""

import pytest

from innocounty.experts import access, reviewing, services
from innocounty.experts.models import Assignment, Review
from innocounty.experts.summaries import panel_summaries
from innocounty.notifications.models import Notification
from innocounty.programme.scoring import DEFAULT_RUBRIC
from innocounty.workflow.adapter import NotAllowed, apply_transition

pytestmark = pytest.mark.django_db
C = {"confirm": True}


def _panels(world, size=2, load=3):
    plan = services.plan_for(world["batch"])
    plan.panel_size, plan.max_load = size, load
    plan.save()
    return services.run_proposal(world["cast"].ministry, world["batch"], 5)


def _declared(world, expert="li", app="zhengding"):
    cast = world["cast"]
    e, a = world["experts"][expert], world["apps"][app]
    outcome, slot = services.assign_slot(cast.ministry, world["batch"], a, e)
    assert outcome.allowed, outcome.decision.messages
    apply_transition(cast.ministry, slot, "invite", C).require()
    apply_transition(e.user, slot, "accept", {}).require()
    apply_transition(e.user, slot, "declare", {"declaration": True, **C}).require()
    return slot


def test_proposal_keeps_the_hard_rules_and_records_its_quality(world):
    proposal = _panels(world)
    assert proposal.feasible
    rows = Assignment.objects.filter(batch=world["batch"], state="proposed").select_related(
        "expert", "application__county"
    )
    assert rows.count() == 6
    for a in rows:
        assert a.expert.province_id != a.application.county.province_id
        assert not (a.expert.name == "孙专家" and a.application.county_id == "330523")
    quality = services.plan_for(world["batch"]).quality
    assert quality["feasible"] and quality["bound"] >= quality["min_match"] - 1e-9
    # Proposing again replaces the proposed slots (removed through the workflow), not duplicates them.
    _panels(world)
    assert Assignment.objects.filter(batch=world["batch"], state="proposed").count() == 6


def test_a_manual_slot_breaking_a_hard_rule_is_refused_with_the_rule_named(world):
    cast = world["cast"]
    outcome, slot = services.assign_slot(
        cast.ministry, world["batch"], world["apps"]["zhengding"], world["experts"]["qian"]
    )
    assert not outcome.allowed and slot is None
    assert "expert_same_province" in outcome.decision.codes
    outcome, _ = services.assign_slot(
        cast.ministry, world["batch"], world["apps"]["anji"], world["experts"]["sun"]
    )
    assert "expert_conflict_county" in outcome.decision.codes
    assert not Assignment.objects.exists()


def test_only_the_ministry_proposes_and_invites(world):
    cast = world["cast"]
    slot = Assignment(
        batch=world["batch"],
        application=world["apps"]["zhengding"],
        expert=world["experts"]["li"],
        created_by=cast.ministry,
    )
    for user in (cast.expert, cast.province, cast.county):
        with pytest.raises(NotAllowed):
            apply_transition(user, slot, "propose", C)


def test_invitation_notifies_the_expert_and_only_the_assigned_expert_answers(world):
    cast = world["cast"]
    outcome, slot = services.assign_slot(
        cast.ministry, world["batch"], world["apps"]["zhengding"], world["experts"]["li"]
    )
    assert services.confirm_proposal(cast.ministry, world["batch"]) == 1
    slot.refresh_from_db()
    assert slot.state == "invited" and slot.invited_at is not None
    assert Notification.objects.filter(recipient=cast.expert).exists()
    with pytest.raises(NotAllowed):  # another expert: not assigned to this subject
        apply_transition(world["experts"]["wang"].user, slot, "accept", {})
    with pytest.raises(NotAllowed):
        apply_transition(cast.ministry, slot, "accept", {})


def test_decline_needs_a_reason_and_frees_the_slot(world):
    cast = world["cast"]
    _, slot = services.assign_slot(
        cast.ministry, world["batch"], world["apps"]["zhengding"], world["experts"]["li"]
    )
    services.confirm_proposal(cast.ministry, world["batch"])
    refused = apply_transition(cast.expert, slot, "decline", C)
    assert "missing_reason" in refused.decision.codes
    apply_transition(cast.expert, slot, "decline", {"reason": "与该县有合作项目", **C}).require()
    slot.refresh_from_db()
    assert slot.state == "declined" and slot.reason == "与该县有合作项目"
    ranked = services.ranked_replacements(world["batch"], world["apps"]["zhengding"])
    assert world["experts"]["li"].pk not in [e for e, _ in ranked]  # declined: not proposed again here
    assert world["experts"]["qian"].pk not in [e for e, _ in ranked]  # same province
    assert ranked and ranked == sorted(ranked, key=lambda r: -r[1])


def test_declaration_opens_the_application_and_only_then(world):
    cast = world["cast"]
    app = world["apps"]["zhengding"]
    _, slot = services.assign_slot(cast.ministry, world["batch"], app, world["experts"]["li"])
    services.confirm_proposal(cast.ministry, world["batch"])
    apply_transition(cast.expert, slot, "accept", {}).require()
    access.forget(cast.expert)
    assert not access.expert_may_see(cast.expert, app)
    refused = apply_transition(cast.expert, slot, "declare", C)
    assert "missing_declaration" in refused.decision.codes
    refused = apply_transition(cast.expert, slot, "declare", {"declaration": True})
    assert "confirmation_required" in refused.decision.codes
    apply_transition(cast.expert, slot, "declare", {"declaration": True, **C}).require()
    slot.refresh_from_db()
    assert slot.declared_at is not None and "利益关系" in slot.declaration
    assert access.expert_may_see(cast.expert, app)
    assert access.assigned_application_ids(cast.expert) == {app.pk}
    world["experts"]["li"].active = False
    world["experts"]["li"].save()
    access.forget(cast.expert)
    assert not access.expert_may_see(cast.expert, app)  # deactivated: nothing visible


def _complete(review_scores=8):
    return {c.code: review_scores for c in DEFAULT_RUBRIC.criteria}


def test_review_draft_submit_once_and_reopen_only_by_the_ministry(world):
    cast = world["cast"]
    slot = _declared(world)
    review, problems = reviewing.save_draft(cast.expert, slot, {"section_basis": "11"}, {}, "", "")
    assert [p.code for p in problems] == ["score_out_of_range"]
    review, problems = reviewing.save_draft(
        cast.expert, slot, {"section_basis": "7"}, {"section_basis": "基础扎实"}
    )
    assert problems == [] and review.scores == {"section_basis": 7.0}
    refused = reviewing.submit(cast.expert, slot, True)
    assert "score_missing" in refused.decision.codes and "recommendation_missing" in refused.decision.codes
    reviewing.save_draft(cast.expert, slot, _complete(), {}, "approve")
    assert "confirmation_required" in reviewing.submit(cast.expert, slot, False).decision.codes
    reviewing.submit(cast.expert, slot, True).require()
    review.refresh_from_db()
    assert review.state == "submitted" and review.total == 80.0
    _, problems = reviewing.save_draft(cast.expert, slot, _complete(9), {}, "approve")
    assert [p.code for p in problems] == ["review_locked"]
    assert "wrong_state" in reviewing.submit(cast.expert, slot, True).decision.codes
    with pytest.raises(NotAllowed):
        apply_transition(cast.expert, review, "reopen", {"reason": "x", **C})
    assert "missing_reason" in apply_transition(cast.ministry, review, "reopen", C).decision.codes
    apply_transition(cast.ministry, review, "reopen", {"reason": "请补充对建设任务的意见", **C}).require()
    review.refresh_from_db()
    assert review.state == "reopened" and review.reopen_reason
    reviewing.save_draft(cast.expert, slot, _complete(6), {}, "reject")
    reviewing.submit(cast.expert, slot, True).require()
    review.refresh_from_db()
    assert review.total == 60.0


def test_a_submitted_review_blocks_removing_the_slot(world):
    cast = world["cast"]
    slot = _declared(world)
    reviewing.save_draft(cast.expert, slot, _complete(), {}, "approve")
    reviewing.submit(cast.expert, slot, True).require()
    outcome = apply_transition(cast.ministry, slot, "remove", C)
    assert "review_submitted" in outcome.decision.codes


def test_another_expert_cannot_write_the_review(world):
    slot = _declared(world)
    with pytest.raises(reviewing.NotYours):
        reviewing.save_draft(world["experts"]["wang"].user, slot, _complete(), {}, "approve")


def test_panel_summaries_aggregate_submitted_reviews_only(world):
    a = _declared(world, "li")
    b = _declared(world, "wang")
    for slot, score, rec in ((a, 9, "approve"), (b, 5, "reject")):
        reviewing.save_draft(slot.expert.user, slot, _complete(score), {}, rec)
        reviewing.submit(slot.expert.user, slot, True).require()
    _declared(world, "zhao")  # a third member who has not submitted yet
    summary = panel_summaries(world["batch"])[world["apps"]["zhengding"].pk]
    assert (summary.n_expected, summary.n_in) == (3, 2)
    assert summary.mean == pytest.approx(70.0) and summary.disagreement
    assert set(summary.reasons) == {"range", "sd", "recommendation"}
    assert summary.recommendations == {"approve": 1, "approve_after_revision": 0, "reject": 1}
    assert Review.objects.count() == 2  # the third member has not started


def test_the_ministry_is_told_of_a_declined_slot_until_it_is_refilled(world):
    from innocounty.experts.todos import open_declined_batches

    cast = world["cast"]
    plan = services.plan_for(world["batch"])
    plan.panel_size = 1
    plan.save()
    _, slot = services.assign_slot(
        cast.ministry, world["batch"], world["apps"]["zhengding"], world["experts"]["li"]
    )
    services.confirm_proposal(cast.ministry, world["batch"])
    assert open_declined_batches() == []
    apply_transition(cast.expert, slot, "decline", {"reason": "回避", **C}).require()
    assert open_declined_batches() == [world["batch"].pk]
    expert_id, _ = services.ranked_replacements(world["batch"], world["apps"]["zhengding"])[0]
    from innocounty.experts.models import Expert

    services.assign_slot(
        cast.ministry, world["batch"], world["apps"]["zhengding"], Expert.objects.get(pk=expert_id)
    )
    assert open_declined_batches() == []
