"""The province's ordering and the ministry's formal review and data evaluation, on top of the
application workflow adapter (:mod:`innocounty.applications.workflow`): same order of checks, one
transaction, audit record and notification."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innocounty.accounts.permissions import can_manage_programme
from innocounty.applications.models import Application
from innocounty.applications.permissions import can_screen_application
from innocounty.applications.workflow import (
    NotAllowed,
    _locked_province_row,
    _province_priorities,
    _store_priorities,
    context_for,
    run_transition,
)
from innocounty.audit.chain import record
from innocounty.batches.models import Batch
from innocounty.programme import (
    ApplicationState,
    Decision,
    Outcome,
    Problem,
    QuotaError,
    formal_review_checklist,
)
from innocounty.programme.guards import batch_open, recommendation_list_open, recommendation_window_open
from innocounty.reviews.models import FormalReview, FormalReviewDecision

S = ApplicationState


def move_priority(user, app: Application, priority: int) -> Decision:
    """Give a recommended application another place in the province's ordered list (1 = first)."""
    allowed = can_screen_application(user, app)
    if not allowed:
        raise NotAllowed(allowed.reason)
    with transaction.atomic():
        _locked_province_row(app.batch_id, app.county.province_id)
        app = Application.objects.select_for_update().select_related("batch", "county__province").get(pk=app.pk)
        if app.state != S.RECOMMENDED.value:
            return Decision(False, (Problem("wrong_state", _("只有「拟推荐」的申报可以调整推荐顺序")),))
        ctx = context_for(user, app)
        problems = [p for g in (batch_open, recommendation_window_open, recommendation_list_open) for p in g(ctx)]
        if problems:
            return Decision(False, tuple(problems))
        try:
            moved = _province_priorities(app.batch_id, app.county.province_id).move(app.pk, priority)
        except QuotaError as refused:
            return Decision(False, (refused.problem,))
        before = app.recommendation_priority
        _store_priorities(app.batch_id, app.county.province_id, moved)
        record(user, "application.priority_moved", obj=app, before={"priority": before},
               after={"priority": moved.priority_of(app.pk)},
               summary=f"{app.county.name}推荐顺序 {before} → {moved.priority_of(app.pk)}")  # fmt: skip
    return Decision(True)


def checklist_for(user, app: Application):
    ctx = context_for(user, app)
    return formal_review_checklist(ctx.application, ctx.batch)


def formal_review(user, app: Application, passed: bool, reason: str = "", failed_items=()) -> Outcome:
    """Pass (every checklist item must pass) or fail with a reason; stores the checklist as reviewed."""
    name = "pass_formal_review" if passed else "fail_formal_review"
    with transaction.atomic():
        inputs = {"reason": reason} if reason else {}
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
                         "problems": [p.message for p in i.problems]}
                        for i in items
                    ],
                },
            )  # fmt: skip
    return outcome


def mark_for_consultation(user, app: Application, selected: bool, reason: str = "") -> Outcome:
    name = "select_for_consultation" if selected else "mark_not_selected"
    return run_transition(user, app, name, {"reason": reason} if reason else {})


def close_data_evaluation(user, batch: Batch) -> Decision:
    """End data evaluation: the list of those going to the experts is fixed from now on."""
    allowed = can_manage_programme(user)
    if not allowed:
        raise NotAllowed(allowed.reason)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        if not batch.has_data_evaluation:
            return Decision(False, (Problem("stage_not_in_batch", _("批次「%(batch)s」不设「数据评价」环节") % {"batch": batch.name}),))
        if batch.data_evaluation_closed:
            return Decision(False, (Problem("data_evaluation_closed", _("本批次数据评价已结束")),))
        pending = Application.objects.filter(batch=batch, state=S.FORMAL_REVIEW_PASSED.value).count()
        if pending:
            message = ngettext(
                "还有%(n)d份申报未确定是否进入专家评议", "还有%(n)d份申报未确定是否进入专家评议", pending
            ) % {"n": pending}
            return Decision(False, (Problem("undecided", message),))
        batch.data_evaluation_closed = True
        batch.save(update_fields=["data_evaluation_closed", "updated_at"])
        selected = Application.objects.filter(batch=batch, state=S.SELECTED_FOR_CONSULTATION.value).count()
        record(user, "batch.data_evaluation_closed", obj=batch, after={"selected": selected},
               summary=f"批次「{batch.name}」数据评价结束，{selected}个进入专家评议")  # fmt: skip
    return Decision(True)

