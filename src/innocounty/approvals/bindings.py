"""The approval subjects bound to the workflow adapter: question, inspection, approval list, objection.

Contexts are the core's :class:`SubjectContext` with the facts the tables' guards read; effects store what
an act changes beside the state (an answer, the notice period, the decisions) and the list's ``finalise``
moves every application on the list with the application's ``approve`` / ``not_approve`` / ``hold``
(declared ``driven_by`` the list: they never run on one application alone).
"""

from __future__ import annotations

from django.urls import reverse

from innocounty.accounts.models import User
from innocounty.applications.models import Application
from innocounty.approvals.candidates import list_candidates
from innocounty.approvals.models import ApprovalList, Inspection, ListEntry, Objection, Question
from innocounty.approvals.panel import panel_user_ids
from innocounty.common import clock
from innocounty.notifications.recipients import users_for
from innocounty.programme import Role, Stage
from innocounty.programme.approval import APPROVAL_LIST, INSPECTION, OBJECTION, QUESTION, ApprovalListState
from innocounty.programme.approval_rules import (
    DEFAULT_NOTICE_DAYS,
    ListDecision,
    ListFacts,
    NoticePeriod,
    notice_period,
    proposed_decisions,
    score_order,
)
from innocounty.programme.machine import SubjectContext
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, Change, EffectRefused, apply_transition, bind

DRIVEN = {ListDecision.APPROVE: "approve", ListDecision.NOT_APPROVE: "not_approve", ListDecision.HOLD: "hold"}


def _recipients(recipient, app: Application) -> list[User]:
    if recipient.role is Role.EXPERT:
        return list(User.objects.filter(pk__in=panel_user_ids(app), is_active=True))
    return users_for(recipient, [app.county_id])


def _app_context(user, app: Application, state, facts, inputs, via, assignees=frozenset()) -> SubjectContext:
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=state, county_code=app.county_id,
                          province_code=app.county.province_id, assignees=assignees, facts=facts,
                          inputs=inputs or {}, via=via)  # fmt: skip


# --- questions ------------------------------------------------------------------------------------------
def question_context(user, q: Question, inputs=None, via=None) -> SubjectContext:
    state = QUESTION.states(q.state) if q.pk else None
    return _app_context(user, q.application, state, {"deadline": q.deadline}, inputs, via,
                        panel_user_ids(q.application))  # fmt: skip


QUESTION_BINDING = Binding(
    workflow=QUESTION, model=Question, context=question_context, select_related=("application__county",),
    summary=lambda q, label, inputs: f"{q.application.county.name}：{label}",
    recipients=lambda r, q: _recipients(r, q.application),
    notice=lambda q, label, inputs: (f"{q.application.county.name}质询：{label}", q.text[:200],
                                     reverse("approvals:questions", args=[q.application_id])),
)  # fmt: skip


@QUESTION_BINDING.effect("store_answer")
def _store_answer(change: Change) -> None:
    q = change.subject
    q.answer, q.answered_by, q.answered_at = change.inputs["answer"], change.user, change.at
    q.save(update_fields=["answer", "answered_by", "answered_at"])


bind(QUESTION_BINDING)


# --- inspections ----------------------------------------------------------------------------------------
def inspection_context(user, i: Inspection, inputs=None, via=None) -> SubjectContext:
    state = INSPECTION.states(i.state) if i.pk else None
    facts = {"starts": i.starts, "ends": i.ends, "team": i.team.strip(), "conclusion": i.conclusion}
    return _app_context(user, i.application, state, facts, inputs, via)


INSPECTION_BINDING = Binding(
    workflow=INSPECTION, model=Inspection, context=inspection_context, select_related=("application__county",),
    summary=lambda i, label, inputs: f"{i.application.county.name}实地考察：{label}",
)  # fmt: skip


@INSPECTION_BINDING.effect("set_province_access")
def _province_access(change: Change) -> None:
    i = change.subject
    i.province_may_see = bool(change.inputs.get("open"))
    i.save(update_fields=["province_may_see"])


bind(INSPECTION_BINDING)


# --- the approval list ----------------------------------------------------------------------------------
def list_facts(lst: ApprovalList) -> ListFacts:
    batch = lst.batch
    if lst.pk is None:
        candidates, decisions, reasons, names, inspected = tuple(list_candidates(batch)), {}, {}, {}, frozenset()
    else:
        entries = list(lst.entries.select_related("application__county"))
        apps = [e.application for e in entries]
        candidates = tuple(list_candidates(batch, apps))
        decisions = {e.application_id: ListDecision(e.decision) for e in entries if e.decision}
        reasons = {e.application_id: e.reason for e in entries}
        names = {e.application_id: e.application.county.name for e in entries}
        inspected = frozenset(c.application_id for c in candidates if c.inspection is not None)
    notice = NoticePeriod(lst.notice_starts, lst.notice_ends) if lst.notice_starts and lst.notice_ends else None
    open_objections = lst.objections.filter(state="lodged").count() if lst.pk else 0
    return ListFacts(candidates=candidates, decisions=decisions, reasons=reasons, names=names,
                     inspection_required=Stage.FIELD_INSPECTION.value in batch.stages, inspected=inspected,
                     notice=notice, open_objections=open_objections, batch=batch.snapshot())  # fmt: skip


def list_context(user, lst: ApprovalList, inputs=None, via=None) -> SubjectContext:
    state = APPROVAL_LIST.states(lst.state) if lst.pk else None
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=state, facts=list_facts(lst),
                          inputs=inputs or {}, via=via)  # fmt: skip


def _list_recipients(recipient, lst: ApprovalList) -> list[User]:
    if recipient.role is Role.PROVINCIAL_OFFICER:
        provinces = lst.entries.values("application__county__province_id")
        return list(User.objects.filter(is_active=True, role_assignments__role=Role.PROVINCIAL_OFFICER.value,
                                        role_assignments__province_id__in=provinces).distinct())  # fmt: skip
    if recipient.role is Role.COUNTY_OFFICER:
        return users_for(recipient, list(lst.entries.values_list("application__county_id", flat=True)))
    return users_for(recipient)


APPROVAL_LIST_BINDING = Binding(
    workflow=APPROVAL_LIST, model=ApprovalList, context=list_context, select_related=("batch",),
    summary=lambda lst, label, inputs: f"批次「{lst.batch.name}」批准建设名单：{label}",
    recipients=_list_recipients,
    notice=lambda lst, label, inputs: (f"{lst.batch.name}批准建设名单：{label}", "",
                                       reverse("approvals:list", args=[lst.batch_id])),
)  # fmt: skip


@APPROVAL_LIST_BINDING.effect("create_entries")
def _create_entries(change: Change) -> None:
    lst = change.subject
    candidates = list_candidates(lst.batch)
    proposed = proposed_decisions(candidates, lst.places)
    ListEntry.objects.bulk_create([
        ListEntry(approval_list=lst, application_id=c.application_id, score=c.score, evaluation_rank=c.evaluation_rank,
                  order=i + 1, decision=proposed[c.application_id].value)
        for i, c in enumerate(score_order(candidates))
    ])  # fmt: skip


@APPROVAL_LIST_BINDING.effect("store_decision")
def _store_decision(change: Change) -> None:
    entry = ListEntry.objects.filter(approval_list=change.subject, application_id=change.inputs["application"]).first()
    if entry is None:
        from innocounty.programme import Problem
        from innocounty.programme.problems import gettext_noop

        raise EffectRefused(Problem("not_in_list", gettext_noop("该申报不在本批次名单中"), "application"))
    entry.decision, entry.reason = change.inputs["decision"], change.inputs.get("reason", "")
    entry.save(update_fields=["decision", "reason"])


@APPROVAL_LIST_BINDING.effect("start_notice")
def _start_notice(change: Change) -> None:
    lst = change.subject
    period = notice_period(clock.today(), change.inputs.get("notice_days") or DEFAULT_NOTICE_DAYS)
    lst.notice_starts, lst.notice_ends = period.starts, period.ends
    lst.save(update_fields=["notice_starts", "notice_ends"])


@APPROVAL_LIST_BINDING.effect("end_notice")
def _end_notice(change: Change) -> None:
    lst = change.subject
    lst.notice_starts = lst.notice_ends = None
    lst.save(update_fields=["notice_starts", "notice_ends"])


@APPROVAL_LIST_BINDING.effect("decide_applications")
def _decide_applications(change: Change) -> None:
    from datetime import date

    lst = change.subject
    lst.document_number = change.inputs["document_number"]
    lst.document_date = date.fromisoformat(change.inputs["document_date"])
    lst.save(update_fields=["document_number", "document_date"])
    for entry in lst.entries.select_related("application__county", "application__batch"):
        name = DRIVEN[ListDecision(entry.decision)]
        outcome = apply_transition(change.user, entry.application, name, {}, kind="application",
                                   via="approval_list.finalise")  # fmt: skip
        if not outcome.allowed:
            raise EffectRefused(*outcome.decision.reasons)


bind(APPROVAL_LIST_BINDING)


# --- objections -----------------------------------------------------------------------------------------
def objection_context(user, o: Objection, inputs=None, via=None) -> SubjectContext:
    lst = o.approval_list
    state = OBJECTION.states(o.state) if o.pk else None
    notice = NoticePeriod(lst.notice_starts, lst.notice_ends) if lst.notice_starts and lst.notice_ends else None
    facts = {"list_on_notice": lst.state == ApprovalListState.ON_NOTICE.value, "notice": notice}
    return _app_context(user, o.application, state, facts, inputs, via)


def _resolution(change: Change) -> None:
    o = change.subject
    if change.outcome.transition == "lodge":
        return
    o.reason, o.resolved_by, o.resolved_at = change.inputs.get("reason", ""), change.user, change.at
    o.outcome = change.inputs.get("outcome", "") if change.outcome.transition == "uphold" else ""
    o.save(update_fields=["reason", "resolved_by", "resolved_at", "outcome"])


OBJECTION_BINDING = Binding(
    workflow=OBJECTION, model=Objection, context=objection_context,
    select_related=("approval_list__batch", "application__county"),
    summary=lambda o, label, inputs: f"对{o.application.county.name}的公示异议：{label}",
    recipients=lambda r, o: users_for(r), after_change=_resolution,
    notice=lambda o, label, inputs: (f"公示异议（{o.application.county.name}）", o.text[:200],
                                     reverse("approvals:list", args=[o.approval_list.batch_id])),
)  # fmt: skip


@OBJECTION_BINDING.effect("apply_objection")
def _apply_objection(change: Change) -> None:
    o = change.subject
    decision = ListDecision.NOT_APPROVE if change.inputs["outcome"] == "remove" else ListDecision.HOLD
    ListEntry.objects.filter(application=o.application).update(
        decision=decision.value, reason=f"公示期异议经核实成立：{change.inputs['reason']}")


bind(OBJECTION_BINDING)
