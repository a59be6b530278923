"""The acceptance panel of one project: its assignments (experts app, purpose "acceptance", subject
``acceptance``/id), proposed by the same solver with the same conflict rules, and its score summary."""

from __future__ import annotations

from django.db import transaction

from innocounty.acceptance.models import Acceptance
from innocounty.common import clock
from innocounty.experts.models import LIVE_STATES, Assignment, Review
from innocounty.experts.pool import candidate_of, pool_experts, rules_for
from innocounty.experts.services import plan_for
from innocounty.experts.summaries import disagreement_rule
from innocounty.programme.acceptance import AcceptanceState
from innocounty.programme.assignment import match, propose
from innocounty.programme.consultation import AssignmentState, Purpose, ReviewState
from innocounty.programme.scoring import PanelSummary, summarise
from innocounty.workflow.adapter import apply_transition

PURPOSE = Purpose.ACCEPTANCE.value
CONFIRM = {"confirm": True}
PANEL_STATES = (AcceptanceState.OPEN, AcceptanceState.SUMMARY_SUBMITTED, AcceptanceState.DEFENDED,
                AcceptanceState.RECHECKED)  # fmt: skip


def assignments_of(acceptance: Acceptance):
    return Assignment.objects.filter(purpose=PURPOSE, subject_type="acceptance", subject_id=acceptance.pk)


def panel_summary(acceptance: Acceptance) -> PanelSummary | None:
    live = assignments_of(acceptance).filter(state__in=LIVE_STATES)
    n = live.count()
    if not n:
        return None
    reviews = Review.objects.filter(
        assignment__in=live, state=ReviewState.SUBMITTED.value, total__isnull=False
    )
    rows = list(reviews.values_list("total", "recommendation"))
    return summarise(
        [t for t, _ in rows], [r for _, r in rows], n, disagreement_rule(acceptance.project.batch)
    )


def propose_panels(user, batch, time_limit: float = 10.0):
    """Panels for every project of the batch still before scoring, by the assignment solver (kept
    invitations pinned). Returns the core's Proposal."""
    plan = plan_for(batch, PURPOSE)
    rows = list(Acceptance.objects.filter(project__batch=batch, state__in=[s.value for s in PANEL_STATES])
                .select_related("project__application__county__province"))  # fmt: skip
    by_app = {a.project.application_id: a for a in rows}
    candidates = [candidate_of(a.project.application) for a in rows]
    experts = pool_experts()
    live = Assignment.objects.filter(batch=batch, purpose=PURPOSE, state__in=LIVE_STATES)
    pinned = list(
        live.exclude(state=AssignmentState.PROPOSED.value).values_list("application_id", "expert_id")
    )
    proposal = propose(
        candidates, list(experts.values()), rules_for(plan), time_limit=time_limit, pinned=pinned
    )
    cands = {c.id: c for c in candidates}
    with transaction.atomic():
        for old in live.filter(state=AssignmentState.PROPOSED.value):
            apply_transition(user, old, "remove", {"reason": "新方案替换", **CONFIRM}).require()
        if proposal.feasible:
            for app_id, members in proposal.panels.items():
                acceptance = by_app[app_id]
                for expert_id in members:
                    if (app_id, expert_id) in pinned:
                        continue
                    a = Assignment(batch=batch, purpose=PURPOSE, application=acceptance.project.application,
                                   subject_type="acceptance", subject_id=acceptance.pk, expert_id=expert_id,
                                   created_by=user, match=match(experts[expert_id], cands[app_id]))  # fmt: skip
                    apply_transition(user, a, "propose", CONFIRM).require()
        plan.proposed_at = clock.now()
        plan.save(update_fields=["proposed_at"])
    return proposal


def invite_panels(user, batch) -> int:
    n = 0
    with transaction.atomic():
        for a in Assignment.objects.filter(
            batch=batch, purpose=PURPOSE, state=AssignmentState.PROPOSED.value
        ):
            apply_transition(user, a, "invite", CONFIRM).require()
            n += 1
    return n
