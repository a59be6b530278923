"""The annual report bound to the workflow adapter (table: :data:`innocounty.programme.annual_reports.ANNUAL_REPORT`).

The context's ``facts``: the report year, the province's name, whether the report is overdue and the
form's problems (the ``report_complete`` guard). Effects stamp the dates (the first submission decides
*late*) and keep the latest per-section return reasons on the row, where the county's form shows them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.common import clock
from innocounty.construction.models import AnnualReport, ReportEvent, due_date
from innocounty.notifications.recipients import users_for
from innocounty.programme import Recipient, SubjectContext
from innocounty.programme.annual_reports import ANNUAL_REPORT, ReportState, is_late, section_reasons
from innocounty.programme.deadlines import today_in_china
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, Change, apply_transition, bind


def report_context(user, report: AnnualReport, inputs=None, via=None) -> SubjectContext:
    from innocounty.construction.services import form_problems

    project, today = report.project, clock.today()
    state = ReportState(report.state) if report.state else None
    facts = {"year": report.year, "province_name": project.county.province.name,
             "overdue": report.first_submitted_at is None and today > due_date(project.batch_id, report.year)}  # fmt: skip
    if report.pk is not None and state in (ReportState.DRAFT, ReportState.RETURNED_BY_PROVINCE,
                                           ReportState.RETURNED_BY_MINISTRY):  # fmt: skip
        facts["form_problems"] = tuple(form_problems(report))
    return SubjectContext(actor=actor_for(user), today=today, state=state, county_code=project.county_id,
                          province_code=project.county.province_id, facts=facts, inputs=inputs or {}, via=via)  # fmt: skip


def _summary(report: AnnualReport, label: str, inputs) -> str:
    reason = str(inputs.get("reason") or "")
    return f"{report}：{_(label)}" + (f"（{reason}）" if reason else "")


def _notice(report: AnnualReport, label: str, inputs) -> tuple[str, str, str]:
    url = reverse("construction:report", args=[report.pk])
    lines = [_("操作：%(action)s") % {"action": _(label)}]
    if inputs.get("reason"):
        lines.append(_("意见：%(reason)s") % {"reason": inputs["reason"]})
    from innocounty.programme.report_form import SECTION_TITLES, ReportSection

    for key, text in section_reasons(inputs).items():
        lines.append(f"{_(SECTION_TITLES[ReportSection(key)])}：{text}")
    return f"{report}：{_(label)}", "\n".join(lines), url


def _history(change: Change) -> None:
    outcome = change.outcome
    ReportEvent.objects.create(
        report=change.subject, transition=outcome.transition,
        from_state=outcome.from_state.value if outcome.from_state else "", to_state=outcome.to_state.value,
        actor=change.user, reason=str(change.inputs.get("reason") or ""), section_reasons=section_reasons(change.inputs),
        at=change.at,
    )  # fmt: skip


REPORT_BINDING = Binding(
    workflow=ANNUAL_REPORT, model=AnnualReport, context=report_context, summary=_summary,
    recipients=lambda recipient, report: users_for(recipient, [report.project.county_id]), notice=_notice,
    after_change=_history, select_related=("project__county__province", "project__batch"),
)  # fmt: skip


@REPORT_BINDING.effect("stamp_submitted")
def _stamp_submitted(change: Change) -> None:
    report = change.subject
    first = report.first_submitted_at or change.at
    report.late = is_late(
        due_date(report.project.batch_id, report.year), today_in_china(first), clock.today()
    )
    report.first_submitted_at, report.submitted_at = first, change.at
    report.save(update_fields=["first_submitted_at", "submitted_at", "late"])


@REPORT_BINDING.effect("stamp_passed")
def _stamp_passed(change: Change) -> None:
    report = change.subject
    report.passed_at, report.return_reasons, report.returned_by = change.at, {}, ""
    report.save(update_fields=["passed_at", "return_reasons", "returned_by"])


@REPORT_BINDING.effect("stamp_received")
def _stamp_received(change: Change) -> None:
    report = change.subject
    report.received_at = change.at
    report.save(update_fields=["received_at"])


@REPORT_BINDING.effect("record_return")
def _record_return(change: Change) -> None:
    report = change.subject
    reasons = section_reasons(change.inputs)
    if change.inputs.get("reason"):
        reasons["general"] = str(change.inputs["reason"])
    report.return_reasons = reasons
    report.returned_by = "province" if change.outcome.transition == "return" else "ministry"
    report.save(update_fields=["return_reasons", "returned_by"])


bind(REPORT_BINDING)


def run_transition(user, report: AnnualReport, name: str, inputs: dict | None = None):
    """Perform report transition ``name``; raises ``NotAllowed`` (403) when the actor rule refuses."""
    return apply_transition(user, report, name, inputs, kind="annual_report")


def actions_for(user, report: AnnualReport) -> list:
    from innocounty.workflow.adapter import available_actions

    return available_actions(user, report, kind="annual_report")


__all__ = ["REPORT_BINDING", "actions_for", "report_context", "run_transition", "Recipient"]
