"""The acts of the approval stage, for the pages, the demo and the tests: each one call of the adapter
(the subject's non-state fields set before it, in the same transaction where they belong to the act)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from innocounty.approvals.models import ApprovalList, Inspection, Objection, Question
from innocounty.audit.chain import record
from innocounty.programme import Decision, Problem
from innocounty.programme.approval import InspectionState
from innocounty.programme.machine import Outcome
from innocounty.programme.plans import KeyTask
from innocounty.programme.problems import gettext_noop
from innocounty.workflow.adapter import apply_transition

# Inspection fields the ministry edits while the record is open (not its state).
INSPECTION_FIELDS = ("starts", "ends", "team", "itinerary", "findings", "conclusion", "conclusion_text")


def ask(user, application, text: str, deadline: date | None) -> tuple[Outcome, Question]:
    q = Question(application=application, text=(text or "")[:2000], deadline=deadline, asked_by=user)
    return apply_transition(user, q, "ask", {"question": text}, kind="question"), q


def answer(user, q: Question, text: str, confirm: bool) -> Outcome:
    return apply_transition(user, q, "answer", {"answer": text, "confirm": confirm}, kind="question")


def record_inspection(user, application) -> tuple[Outcome, Inspection]:
    i = Inspection(application=application, created_by=user)
    return apply_transition(user, i, "record", {}, kind="inspection"), i


def save_inspection(user, i: Inspection, values: dict, team_users=()) -> Decision:
    """Edit the record while it is open (audited); completed records are read only."""
    if i.state != InspectionState.DRAFT.value:
        return Decision(False, (Problem("inspection_closed", gettext_noop("考察记录已完成，须先重新打开才能修改")),))
    findings = values.get("findings") or {}
    values = {**values, "findings": {k.value: str(findings.get(k.value, ""))[:2000] for k in KeyTask}}
    with transaction.atomic():
        for name in INSPECTION_FIELDS:
            if name in values:
                setattr(i, name, values[name])
        i.save(update_fields=[n for n in INSPECTION_FIELDS if n in values] + ["updated_at"])
        i.team_users.set(team_users)
        record(user, "inspection.updated", obj=i, after={"starts": str(i.starts), "ends": str(i.ends),
               "conclusion": i.conclusion, "team_users": [u.pk for u in team_users]},
               summary=f"{i.application.county.name}实地考察记录：修改")  # fmt: skip
    return Decision(True)


def draft_list(user, batch, places: int | None = None, plan: dict | None = None) -> tuple[Outcome, ApprovalList]:
    lst = ApprovalList(batch=batch, created_by=user, places=places, plan=plan or {})
    return apply_transition(user, lst, "draft", {}, kind="approval_list"), lst


def decide(user, lst: ApprovalList, application_id: int, decision: str, reason: str = "") -> Outcome:
    inputs = {"application": application_id, "decision": decision, "reason": reason}
    return apply_transition(user, lst, "decide", inputs, kind="approval_list")


def publish_notice(user, lst: ApprovalList, days: int | None = None, confirm: bool = False) -> Outcome:
    return apply_transition(user, lst, "publish_notice", {"notice_days": days, "confirm": confirm}, kind="approval_list")


def withdraw_notice(user, lst: ApprovalList, reason: str, confirm: bool = False) -> Outcome:
    return apply_transition(user, lst, "withdraw_notice", {"reason": reason, "confirm": confirm}, kind="approval_list")


def finalise(user, lst: ApprovalList, number: str, issued: str, confirm: bool = False) -> Outcome:
    inputs = {"document_number": number, "document_date": issued, "confirm": confirm}
    return apply_transition(user, lst, "finalise", inputs, kind="approval_list")


def lodge(lst: ApprovalList, application, name: str, contact: str, text: str, address: str | None,
          attachment=None) -> tuple[Outcome, Objection]:  # fmt: skip
    """An objection from the public page (the platform records it: no account stands behind it)."""
    o = Objection(approval_list=lst, application=application, name=name, contact=contact, text=text,
                  client_address=(address or "")[:64])  # fmt: skip
    if attachment is not None:
        filename, data, kind = attachment
        from django.core.files.base import ContentFile

        o.attachment.save(o.token, ContentFile(data), save=False)
        o.attachment_name, o.attachment_kind = filename[:255], kind
    outcome = apply_transition(None, o, "lodge", {}, kind="objection")
    if not outcome.allowed and o.attachment:
        o.attachment.delete(save=False)
    return outcome, o


def resolve(user, o: Objection, upheld: bool, reason: str, outcome: str = "", confirm: bool = False) -> Outcome:
    if upheld:
        inputs = {"reason": reason, "outcome": outcome, "confirm": confirm}
        return apply_transition(user, o, "uphold", inputs, kind="objection")
    return apply_transition(user, o, "dismiss", {"reason": reason}, kind="objection")
