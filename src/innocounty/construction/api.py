"""Annual reports API: list, detail, save the draft, submit, the province's review, the ministry's act.

Every operation checks role and scope: a report the user may not see is a 404 (the ministry does not see
a report the province has not passed); an act the user's role may not do is a 403; a refusal of the rules
(wrong state, incomplete, missing reason, no confirmation) is a 400 with every reason; a stale save a 409;
a field out of its bounds a 422.
"""

from datetime import date
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from innocounty.common.api import (
    RefusalOut,
    ValidationErrorOut,
    forbid,
    handles_refusals,
    problem_out,
    refuse_unless,
)
from innocounty.common.bounds import CODE_MAX_LENGTH, Code, DbId, Measure, ReasonText, ShortText, Year
from innocounty.construction import services
from innocounty.construction.bindings import actions_for, run_transition
from innocounty.construction.models import AnnualReport
from innocounty.construction.permissions import may_edit, reports_visible_to
from innocounty.programme.annual_reports import ReportState
from innocounty.programme.report_form import FUND_MAX, LONG_MAX, POLICIES_MAX, TEXT_MAX, ReportSection
from innocounty.workflow.adapter import NotAllowed

router = Router(tags=["construction"])


class ReportErrorOut(Schema):  # own name: OpenAPI components are keyed by class name across every router
    detail: str


ERRORS = {400: RefusalOut, 403: ReportErrorOut, 404: ReportErrorOut, 422: ValidationErrorOut}
ProgressIn = Literal["done", "partly", "not_started", ""]
SectionKey = Literal["tasks", "milestones", "targets", "funds", "policies", "problems", "attachments"]


class ReportTaskIn(Schema):
    status: ProgressIn = ""
    text: str = Field("", max_length=TEXT_MAX)


class ReportMilestoneIn(Schema):
    status: ProgressIn = ""
    note: str = Field("", max_length=TEXT_MAX)


class ReportTargetIn(Schema):
    actual: Measure | None = None
    reason: ReasonText = ""


class ReportFundsIn(Schema):
    central: float | None = Field(None, ge=0, le=FUND_MAX, allow_inf_nan=False)
    provincial: float | None = Field(None, ge=0, le=FUND_MAX, allow_inf_nan=False)
    local: float | None = Field(None, ge=0, le=FUND_MAX, allow_inf_nan=False)
    social: float | None = Field(None, ge=0, le=FUND_MAX, allow_inf_nan=False)


class ReportPolicyIn(Schema):
    title: ShortText = ""
    issued: date | None = None
    note: ReasonText = ""


class ReportContentIn(Schema):
    tasks: dict[Code, ReportTaskIn] = Field({}, max_length=10)
    milestones: list[ReportMilestoneIn] = Field([], max_length=50)
    targets: dict[Code, ReportTargetIn] = Field({}, max_length=100)
    funds: ReportFundsIn = ReportFundsIn()
    policies: list[ReportPolicyIn] = Field([], max_length=POLICIES_MAX)
    problems: str = Field("", max_length=LONG_MAX)
    next_steps: str = Field("", max_length=LONG_MAX)


class ReportSaveIn(Schema):
    content: ReportContentIn
    revision: int | None = Field(None, ge=0, le=2**31)  # the token read with the report; stale → 409


class ReportConfirmIn(Schema):
    confirm: bool = False


class ReportReviewIn(Schema):
    decision: Literal["pass", "return"]
    reason: ReasonText = ""
    sections: dict[SectionKey, ReasonText] = Field({}, max_length=len(ReportSection))
    confirm: bool = False


class ReportMinistryIn(Schema):
    decision: Literal["receive", "return", "comment"]
    reason: ReasonText = ""
    sections: dict[SectionKey, ReasonText] = Field({}, max_length=len(ReportSection))
    confirm: bool = False


class ReportOut(Schema):
    id: int
    county_code: str
    county_name: str
    batch_id: int
    year: int
    state: str
    due: date
    late: bool
    overdue: bool
    first_submitted_at: str | None = None


class ReportDetailOut(ReportOut):
    revision: int
    content: dict
    return_reasons: dict
    returned_by: str
    available_actions: list[str]
    problems: list[dict]
    comments: list[dict]


class ReportConflictOut(Schema):
    detail: str
    revision: int


def _summary(report: AnnualReport) -> dict:
    from innocounty.common import clock

    due = report.due
    return {"id": report.pk, "county_code": report.project.county_id, "county_name": report.project.county.name,
            "batch_id": report.project.batch_id, "year": report.year, "state": report.state, "due": due,
            "late": report.late, "overdue": report.first_submitted_at is None and clock.today() > due,
            "first_submitted_at": report.first_submitted_at.isoformat() if report.first_submitted_at else None}  # fmt: skip


def _detail(user, report: AnnualReport) -> dict:
    problems = services.form_problems(report) if may_edit(user, report) else []
    return {**_summary(report), "revision": report.revision, "content": services.form_content(report),
            "return_reasons": report.return_reasons or {}, "returned_by": report.returned_by,
            "available_actions": [t.name for t in actions_for(user, report) if t.name != "open"],
            "problems": [{**problem_out(p), "severity": p.severity.value} for p in problems],
            "comments": [{"at": c.at.isoformat(), "author": str(c.author), "text": c.text} for c in report.comments.all()]}  # fmt: skip


def _visible(request, pk: int) -> AnnualReport:
    report = reports_visible_to(request.auth).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


@router.get("/reports", response={200: list[ReportOut], **ERRORS}, summary="Annual reports the user may see")
def list_reports(request, year: Year | None = None, state: Literal[tuple(s.value for s in ReportState)] | None = None,
                 county: str | None = Query(None, max_length=CODE_MAX_LENGTH)):  # fmt: skip
    reports = reports_visible_to(request.auth).order_by("year", "project__county_id")
    if year is not None:
        reports = reports.filter(year=year)
    if state is not None:
        reports = reports.filter(state=state)
    if county:
        reports = reports.filter(project__county_id=county)
    return [_summary(r) for r in reports[:2000]]


@router.get("/reports/{pk}", response={200: ReportDetailOut, **ERRORS}, summary="One report with its content")
def get_report(request, pk: DbId):
    return _detail(request.auth, _visible(request, pk))


@router.put("/reports/{pk}", response={200: ReportDetailOut, 409: ReportConflictOut, **ERRORS},
            summary="Save the draft (county officer, while draft or returned)")  # fmt: skip
@handles_refusals
def save_report(request, pk: DbId, payload: ReportSaveIn):
    report = _visible(request, pk)
    raw = payload.content.dict()
    raw["policies"] = [
        {**p, "issued": p["issued"].isoformat() if p["issued"] else ""} for p in raw["policies"]
    ]
    try:
        services.save_report(request.auth, report, raw, payload.revision)
    except services.EditConflict as conflict:
        return Status(409, {"detail": str(conflict), "revision": conflict.revision})
    except services.EditRefused as refused:
        return Status(400, {"detail": "；".join(str(m) for m in refused.messages), "reasons": []})
    report.refresh_from_db()
    return _detail(request.auth, report)


def _act(request, report: AnnualReport, name: str, inputs: dict) -> dict:
    try:
        outcome = run_transition(request.auth, report, name, inputs)
    except NotAllowed as refused:
        forbid(refused.reason)
    refuse_unless(outcome.decision)
    report.refresh_from_db()
    return _detail(request.auth, report)


def _section_inputs(sections: dict) -> dict:
    return {f"reason_{k}": v for k, v in sections.items()}


@router.post("/reports/{pk}/submit", response={200: ReportDetailOut, **ERRORS},
             summary="Submit to the province (county officer; confirm=true required)")  # fmt: skip
@handles_refusals
def submit(request, pk: DbId, payload: ReportConfirmIn):
    report = _visible(request, pk)
    return _act(request, report, "submit", {"confirm": payload.confirm})


@router.post("/reports/{pk}/review", response={200: ReportDetailOut, **ERRORS},
             summary="The province passes the report (confirm=true) or returns it with reasons per section")  # fmt: skip
@handles_refusals
def review(request, pk: DbId, payload: ReportReviewIn):
    report = _visible(request, pk)
    inputs = {"reason": payload.reason, "confirm": payload.confirm, **_section_inputs(payload.sections)}
    return _act(request, report, "pass" if payload.decision == "pass" else "return", inputs)


@router.post("/reports/{pk}/ministry", response={200: ReportDetailOut, **ERRORS},
             summary="The ministry receives, returns (reason, confirm=true) or comments on a passed report")  # fmt: skip
@handles_refusals
def ministry(request, pk: DbId, payload: ReportMinistryIn):
    report = _visible(request, pk)
    if payload.decision == "comment":
        try:
            services.add_comment(request.auth, report, payload.reason)
        except services.EditRefused as refused:
            return Status(400, {"detail": "；".join(str(m) for m in refused.messages), "reasons": []})
        return _detail(request.auth, report)
    inputs = {"reason": payload.reason, "confirm": payload.confirm, **_section_inputs(payload.sections)}
    return _act(request, report, "receive" if payload.decision == "receive" else "ministry_return", inputs)


__all__ = ["router"]
