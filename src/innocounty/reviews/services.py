"""The province's ordering and the ministry's formal review and data evaluation, on top of the
application workflow adapter (:mod:`innocounty.applications.workflow`): same order of checks, one
transaction, audit record and notification."""

from __future__ import annotations

from django.db import transaction

from innocounty.applications.models import Application
from innocounty.applications.workflow import (
    NotAllowed,
    apply_transition,
    context_for,
    province_row,
    run_transition,
)
from innocounty.batches.models import Batch
from innocounty.common import clock
from innocounty.programme import ApplicationState, Decision, Outcome, formal_review_checklist
from innocounty.programme.machine import SubjectContext
from innocounty.programme.workflow import DATA_EVALUATION
from innocounty.reviews.models import FormalReview, FormalReviewDecision
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, bind, decide

S = ApplicationState
__all__ = ["NotAllowed", "close_data_evaluation", "formal_review", "mark_for_consultation", "move_priority"]


def move_priority(user, app: Application, priority: int) -> Outcome:
    """Give a recommended application another place in the province's ordered list (1 = first):
    the list's own ``reorder`` transition."""
    row = province_row(app.batch, app.county.province)
    return apply_transition(user, row, "reorder", {"application": app.pk, "priority": priority}, kind="province_list")


def checklist_for(user, app: Application):
    ctx = context_for(user, app)
    return formal_review_checklist(ctx.application, ctx.batch)


def formal_review(user, app: Application, passed: bool, reason: str = "", failed_items=(), confirm: bool = False) -> Outcome:
    """Pass (every checklist item must pass) or fail with a reason; stores the checklist as reviewed."""
    name = "pass_formal_review" if passed else "fail_formal_review"
    with transaction.atomic():
        inputs = {"reason": reason, "confirm": confirm} if reason else {"confirm": confirm}
        if failed_items:
            inputs["failed_items"] = list(failed_items)
        items = checklist_for(user, app)
        outcome = run_transition(user, app, name, inputs)
        if outcome.allowed:
            FormalReview.objects.update_or_create(
                application=app,
                defaults={
                    "decision": FormalReviewDecision.PASSED if passed else FormalReviewDecision.FAILED,
                    "reason": reason,
                    "reviewer": user,
                    "checklist": [
                        {"code": i.code, "label": i.label, "passed": i.passed and i.code not in failed_items,
                         "problems": [p.text for p in i.problems]}
                        for i in items
                    ],
                },
            )  # fmt: skip
    return outcome


def mark_for_consultation(user, app: Application, selected: bool, reason: str = "") -> Outcome:
    name = "select_for_consultation" if selected else "mark_not_selected"
    return run_transition(user, app, name, {"reason": reason} if reason else {})


def _evaluation_facts(batch: Batch) -> dict:
    from innocounty.batches.models import BatchProvince

    pending = Application.objects.filter(batch=batch, state=S.FORMAL_REVIEW_PASSED.value).count()
    selected = Application.objects.filter(batch=batch, state=S.SELECTED_FOR_CONSULTATION.value).count()
    rows = BatchProvince.objects.filter(batch=batch, quota__gt=0)
    missing = rows.exclude(list_state="submitted").count()
    closes = batch.recommendation_closes
    days_left = max((closes - clock.today()).days, 0) if closes else 0
    return {"pending": pending, "selected": selected, "missing_lists": missing, "days_left": days_left}


def evaluation_context(user, batch: Batch, inputs=None, via=None) -> SubjectContext:
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=DATA_EVALUATION.states(batch.data_evaluation_state),
                          facts={**_evaluation_facts(batch), "batch": batch.snapshot()}, inputs=inputs or {})  # fmt: skip


DATA_EVALUATION_BINDING = bind(Binding(
    workflow=DATA_EVALUATION, model=Batch, context=evaluation_context, state_field="data_evaluation_state",
    summary=lambda batch, label, inputs: f"批次「{batch.name}」{label}",
))  # fmt: skip


def close_data_evaluation(user, batch: Batch, inputs: dict | None = None) -> Outcome:
    """End data evaluation: the list of those going to the experts is fixed from now on."""
    return apply_transition(user, batch, "close", inputs, kind="data_evaluation")


def close_data_evaluation_decision(user, batch: Batch) -> Decision:
    return decide(user, batch, "close", {"confirm": True}, kind="data_evaluation")
