"""The consultation subjects bound to the workflow adapter: assignments and reviews (tables in
:mod:`innocounty.programme.consultation`). Registered from ``ExpertsConfig.ready()``.

The contexts carry the expert's user id as the subject's assignees (the scope "assigned") and, as facts,
what the guards read: the hard rules a manual slot breaks (computed by the caller with the solver's
``slot_problems`` and passed as ``context_kw``), whether the expert is active and the batch still in
consultation, and what a review lacks for submission. Stored texts are in the site's language.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.common import clock
from innocounty.experts import access
from innocounty.experts.models import Assignment, Review
from innocounty.monitoring.i18n import site_language
from innocounty.notifications import recipients as notifications
from innocounty.programme import Role, SubjectContext
from innocounty.programme.consultation import ASSIGNMENT, REVIEW, AssignmentState, ReviewState
from innocounty.programme.scoring import review_problems, total_score
from innocounty.programme.stages import EXPERT_ASSESSMENT_STAGES
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, Change, bind

DECLARATION_TEXT = ("本人声明：与该县（市）及其申报、方案编制单位不存在任职、亲属、合作、咨询或其他可能影响公正评议的利益关系；"
                    "如有变化将立即报告并申请回避。")  # fmt: skip


def consultation_open(batch) -> bool:
    """The batch has an expert assessment stage and is not archived (the later stages close it)."""
    stages = set(batch.stages or ())
    return bool(stages & {s.value for s in EXPERT_ASSESSMENT_STAGES}) and batch.status != "archived"


def _open_for(assignment: Assignment) -> bool:
    """Consultation seats while the batch is in consultation; a later purpose's seats (acceptance) are
    guarded by that purpose's own workflow."""
    return consultation_open(assignment.batch) if assignment.purpose == "consultation" else True


def _scope(assignment: Assignment) -> dict:
    county = assignment.application.county
    return {"county_code": county.code, "province_code": county.province_id,
            "assignees": frozenset({assignment.expert.user_id})}  # fmt: skip


def assignment_context(
    user, assignment: Assignment, inputs=None, via=None, slot_problems=()
) -> SubjectContext:
    facts = {"slot_problems": tuple(slot_problems), "expert_active": assignment.expert.active,
             "consultation_open": _open_for(assignment),
             "review_in": Review.objects.filter(assignment_id=assignment.pk, state=ReviewState.SUBMITTED.value).exists()
             if assignment.pk else False}  # fmt: skip
    state = AssignmentState(assignment.state) if assignment.pk else None
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=state, facts=facts, inputs=inputs or {},
                          via=via, **_scope(assignment))  # fmt: skip


def _recipients(recipient, subject) -> list:
    if recipient.role is Role.EXPERT:
        user = subject.expert.user
        never_invited = isinstance(subject, Assignment) and subject.invited_at is None
        return [user] if user.is_active and not never_invited else []
    if recipient.role is Role.MINISTRY_OFFICER:
        return notifications.ministry_officers()
    return []


def _assignment_summary(assignment: Assignment, label: str, inputs) -> str:
    with site_language():
        return f"{_(label)}：{assignment.expert.name} → {assignment.application}"


def _assignment_notice(assignment: Assignment, label: str, inputs) -> tuple[str, str, str]:
    app = assignment.application
    with site_language():
        if assignment.state == AssignmentState.INVITED.value:
            return (_("咨询评议邀请：%(county)s") % {"county": app.county.name},
                    _("科技部邀请您参加%(batch)s对%(county)s建设方案的咨询评议。请接受或谢绝；接受后须声明无利益冲突方可查看申报材料。")
                    % {"batch": app.batch.name, "county": app.county.name}, reverse("experts:mine"))  # fmt: skip
        if assignment.state == AssignmentState.DECLINED.value:
            return (_("专家谢绝评审：%(expert)s · %(county)s") % {"expert": assignment.expert.name, "county": app.county.name},
                    _("谢绝理由：%(reason)s\n请从候补名单中补充专家。") % {"reason": inputs.get("reason", "")},
                    reverse("experts:batch", args=[app.batch_id]))  # fmt: skip
        return (_("评审任务已撤销：%(county)s") % {"county": app.county.name},
                _("科技部撤销了您对%(county)s的评审任务。%(reason)s") % {"county": app.county.name, "reason": inputs.get("reason", "")},
                reverse("experts:mine"))  # fmt: skip


def _forget(change: Change) -> None:
    access.forget(change.user)
    access.forget(change.subject.expert.user)


ASSIGNMENT_BINDING = Binding(
    workflow=ASSIGNMENT, model=Assignment, context=assignment_context, summary=_assignment_summary,
    recipients=_recipients, notice=_assignment_notice, after_change=_forget,
    select_related=("expert", "application", "batch"),
)  # fmt: skip


@ASSIGNMENT_BINDING.effect("stamp_invited")
def _stamp_invited(change: Change) -> None:
    change.subject.invited_at = change.at
    change.subject.save(update_fields=["invited_at"])


@ASSIGNMENT_BINDING.effect("stamp_responded")
def _stamp_responded(change: Change) -> None:
    a = change.subject
    a.responded_at, a.reason = change.at, str(change.inputs.get("reason") or "")
    a.save(update_fields=["responded_at", "reason"])


@ASSIGNMENT_BINDING.effect("stamp_declared")
def _stamp_declared(change: Change) -> None:
    a = change.subject
    a.declared_at, a.declaration = change.at, DECLARATION_TEXT
    a.save(update_fields=["declared_at", "declaration"])


bind(ASSIGNMENT_BINDING)


# --- reviews -------------------------------------------------------------------------------------------------
# Purpose → the rubric of that purpose for a batch (a later stage registers its own: acceptance, from above).
RUBRIC_PROVIDERS: dict = {}


def rubric_for(batch, purpose: str = "consultation"):
    provider = RUBRIC_PROVIDERS.get(purpose or "consultation")
    if provider is not None:
        return provider(batch)
    from innocounty.experts.models import BatchRubric

    row = BatchRubric.objects.filter(batch=batch).first()
    return row.rubric() if row else _default_rubric()


def _default_rubric():
    from innocounty.programme.scoring import DEFAULT_RUBRIC

    return DEFAULT_RUBRIC


def review_context(user, review: Review, inputs=None, via=None) -> SubjectContext:
    assignment = review.assignment
    facts = {"declared": assignment.state == AssignmentState.DECLARED.value,
             "consultation_open": _open_for(assignment),
             "review_problems": tuple(review_problems(rubric_for(assignment.batch, assignment.purpose), review.scores or {},
                                                      review.recommendation or None, review.comments or {}))}  # fmt: skip
    state = ReviewState(review.state) if review.pk else None
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=state, facts=facts, inputs=inputs or {},
                          via=via, **_scope(assignment))  # fmt: skip


def _review_summary(review: Review, label: str, inputs) -> str:
    with site_language():
        return f"{_(label)}：{review.expert.name} → {review.application}"


def _review_notice(review: Review, label: str, inputs) -> tuple[str, str, str]:
    app = review.application
    with site_language():
        if review.state == ReviewState.SUBMITTED.value:
            return (_("评议意见已提交：%(county)s") % {"county": app.county.name},
                    _("%(expert)s已提交对%(county)s的评议意见。") % {"expert": review.expert.name, "county": app.county.name},
                    reverse("experts:panel", args=[app.pk]))  # fmt: skip
        return (_("评议意见被退回：%(county)s") % {"county": app.county.name},
                _("退回理由：%(reason)s\n请修改后重新提交。") % {"reason": inputs.get("reason", "")},
                reverse("experts:review", args=[review.assignment_id]))  # fmt: skip


REVIEW_BINDING = Binding(
    workflow=REVIEW, model=Review, context=review_context, summary=_review_summary, recipients=_recipients,
    notice=_review_notice, select_related=("assignment", "expert", "application"),
    audit_extra=lambda change: {"total": _total(change.subject)} if change.outcome.transition == "submit" else {},
)  # fmt: skip


def _total(review: Review) -> float:
    return round(total_score(rubric_for(review.assignment.batch, review.purpose), review.scores or {}), 2)


@REVIEW_BINDING.effect("stamp_submitted")
def _stamp_submitted(change: Change) -> None:
    r = change.subject
    r.submitted_at = change.at
    r.total = _total(r)
    r.save(update_fields=["submitted_at", "total"])


@REVIEW_BINDING.effect("stamp_reopened")
def _stamp_reopened(change: Change) -> None:
    r = change.subject
    r.reopen_reason = str(change.inputs.get("reason") or "")
    r.save(update_fields=["reopen_reason"])


bind(REVIEW_BINDING)
