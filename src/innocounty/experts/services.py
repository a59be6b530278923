"""Assignment management: the proposal, manual slots, confirmation (invitations), replacements.

Every state change goes through the workflow adapter. The proposal runs in the request with a bounded
time limit (``settings.EXPERT_ASSIGNMENT_TIME_LIMIT``, default 10 s; the page lets the officer choose up to
``EXPERT_ASSIGNMENT_TIME_LIMIT_MAX``, default 30 s): the solver returns its best assignment found within the
limit with a proven bound, so a long search never blocks a request for longer than the officer allowed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from innocounty.common import clock
from innocounty.experts.models import LIVE_STATES, Assignment, PanelPlan
from innocounty.experts.pool import candidate_applications, candidate_of, pool_experts, rules_for
from innocounty.programme.assignment import match, propose, replacements, slot_problems
from innocounty.programme.consultation import AssignmentState, Purpose
from innocounty.workflow.adapter import apply_transition

A = AssignmentState
CONFIRM = {"confirm": True}
HELD = (A.INVITED.value, A.ACCEPTED.value, A.DECLARED.value)  # kept (pinned) when proposing again


def time_limit_default() -> float:
    return float(getattr(settings, "EXPERT_ASSIGNMENT_TIME_LIMIT", 10.0))


def time_limit_max() -> float:
    return float(getattr(settings, "EXPERT_ASSIGNMENT_TIME_LIMIT_MAX", 30.0))


def plan_for(batch, purpose: str = Purpose.CONSULTATION.value) -> PanelPlan:
    plan, _ = PanelPlan.objects.get_or_create(batch=batch, purpose=purpose)
    return plan


def live_assignments(batch, purpose: str = Purpose.CONSULTATION.value):
    return Assignment.objects.filter(batch=batch, purpose=purpose, state__in=LIVE_STATES)


def current_panels(batch) -> dict[int, tuple[int, ...]]:
    panels: dict[int, list[int]] = {}
    for app_id, expert_id in (
        live_assignments(batch).order_by("pk").values_list("application_id", "expert_id")
    ):
        panels.setdefault(app_id, []).append(expert_id)
    return {k: tuple(v) for k, v in panels.items()}


def declined_pairs(batch) -> set[tuple[int, int]]:
    rows = Assignment.objects.filter(batch=batch, state__in=[A.DECLINED.value, A.REMOVED.value])
    return set(rows.values_list("application_id", "expert_id"))


def _quality_json(proposal, experts) -> dict:
    return {
        "feasible": proposal.feasible, "min_match": proposal.min_match, "total_match": proposal.total_match,
        "bound": proposal.bound, "gap": proposal.gap, "optimal": proposal.optimal,
        "greedy_min": proposal.greedy_min, "greedy_total": proposal.greedy_total,
        "loads": {str(k): v for k, v in proposal.loads.items()},
        "per_candidate": {str(k): [q.panel_match, q.worst_member_match] for k, q in proposal.per_candidate.items()},
        "problems": [{"code": p.code, "message": p.message, "params": {k: v for k, v in dict(p.params).items()
                                                                       if isinstance(v, str | int | float)}}
                     for p in proposal.problems],
        "solver": proposal.solver, "seconds": round(proposal.seconds, 2), "experts": len(experts),
    }  # fmt: skip


def run_proposal(user, batch, time_limit: float | None = None):
    """Propose panels for every candidate (kept invitations pinned, declined pairs forbidden); replace the
    working proposal's ``proposed`` slots by the new ones. Returns the core's Proposal."""
    plan = plan_for(batch)
    limit = min(max(float(time_limit or time_limit_default()), 1.0), time_limit_max())
    apps = list(candidate_applications(batch))
    candidates = [candidate_of(a) for a in apps]
    experts = pool_experts()
    held = Assignment.objects.filter(batch=batch, purpose=Purpose.CONSULTATION.value, state__in=HELD,
                                     expert_id__in=experts)  # fmt: skip
    pinned = list(held.values_list("application_id", "expert_id"))
    proposal = propose(candidates, list(experts.values()), rules_for(plan), time_limit=limit, pinned=pinned,
                       forbidden=declined_pairs(batch))  # fmt: skip
    by_app = {a.pk: a for a in apps}
    cands = {c.id: c for c in candidates}
    with transaction.atomic():
        for old in live_assignments(batch).filter(state=A.PROPOSED.value):
            apply_transition(user, old, "remove", {"reason": "新方案替换", **CONFIRM}).require()
        if proposal.feasible:
            for app_id, members in proposal.panels.items():
                for expert_id in members:
                    if (app_id, expert_id) in pinned:
                        continue
                    a = Assignment(batch=batch, application=by_app[app_id], expert_id=expert_id, created_by=user,
                                   match=match(experts[expert_id], cands[app_id]))  # fmt: skip
                    a.expert = a.expert  # loaded for the context
                    apply_transition(user, a, "propose", CONFIRM).require()
        plan.quality, plan.proposed_at = _quality_json(proposal, experts), clock.now()
        plan.save(update_fields=["quality", "proposed_at"])
    return proposal


def check_slot(batch, application, expert_id: int, replacing: int | None = None):
    plan = plan_for(batch)
    candidates = {a.pk: candidate_of(a) for a in candidate_applications(batch)}
    if application.pk not in candidates:
        candidates[application.pk] = candidate_of(application)
    experts = pool_experts(include_inactive=True)
    return slot_problems(candidates[application.pk], expert_id, current_panels(batch), experts, candidates,
                         rules_for(plan), replacing=replacing)  # fmt: skip


def assign_slot(user, batch, application, expert, replacing: Assignment | None = None):
    """Put ``expert`` on ``application``'s panel (in the place of ``replacing`` when given). A change that
    breaks a hard rule is refused with the rule named (the outcome's reasons). Returns (outcome, assignment)."""
    problems = check_slot(batch, application, expert.pk, replacing.expert_id if replacing else None)
    plan = plan_for(batch)
    candidate = candidate_of(application)
    new = Assignment(batch=batch, application=application, expert=expert, created_by=user,
                     match=match(pool_experts(include_inactive=True)[expert.pk], candidate))  # fmt: skip
    with transaction.atomic():
        if replacing is not None and replacing.state in LIVE_STATES:
            removed = apply_transition(user, replacing, "remove", {"reason": "替换", **CONFIRM})
            if not removed.allowed:
                return removed, None
        outcome = apply_transition(user, new, "propose", CONFIRM, context_kw={"slot_problems": problems})
        if not outcome.allowed:
            transaction.set_rollback(True)
            return outcome, None
    plan.quality = {**(plan.quality or {}), "adjusted": True}
    plan.save(update_fields=["quality"])
    return outcome, new


def confirm_proposal(user, batch) -> int:
    """Invite every proposed expert (each is notified). Returns how many were invited."""
    plan = plan_for(batch)
    n = 0
    with transaction.atomic():
        for a in (
            live_assignments(batch).filter(state=A.PROPOSED.value).select_related("expert", "application")
        ):
            apply_transition(user, a, "invite", CONFIRM).require()
            n += 1
        plan.confirmed_at = clock.now()
        plan.save(update_fields=["confirmed_at"])
    return n


def ranked_replacements(batch, application, limit: int = 10) -> list[tuple[int, float]]:
    plan = plan_for(batch)
    candidates = {a.pk: candidate_of(a) for a in candidate_applications(batch)}
    candidates.setdefault(application.pk, candidate_of(application))
    exclude = {e for app_id, e in declined_pairs(batch) if app_id == application.pk}
    return replacements(candidates[application.pk], current_panels(batch), pool_experts(), candidates,
                        rules_for(plan), limit=limit, exclude=exclude)  # fmt: skip
