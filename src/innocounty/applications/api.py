"""Applications API: create, read, edit the plan, attachments, versions and their comparison, and
every workflow transition — through the same predicates and core checks as the pages.

Refusals: 403 when the permission predicate refuses, 404 when the application is outside the user's
view, 400 with every reason (``reasons[].details`` for each missing part) when the rules refuse.
"""


from typing import Annotated

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from innocounty.applications.api_router import router, visible
from innocounty.applications.api_schemas import (
    ERRORS,
    AttachmentOut,
    BatchRef,
    EventOut,
    ProblemOut,
    Refused,
    forbid,
    handles_refusals,
    problem_out,
    refuse_unless,
)
from innocounty.applications.editing import (
    SECTION_KEYS,
    EditConflict,
    EditRefused,
    add_attachment,
    remove_attachment,
    save_milestones,
    save_section,
    save_targets,
    save_theme_and_tasks,
    section_part,
    stored_part,
)
from innocounty.applications.eligibility import eligibility_notice
from innocounty.applications.models import Application, Attachment
from innocounty.applications.permissions import (
    applications_visible_to,
    can_edit_application,
    core_roles,
    history_shown_to,
    state_shown_to,
    states_matching,
)
from innocounty.applications.presenters import completeness_report, monitoring_panel
from innocounty.applications.sanitize import plain_text_to_html
from innocounty.applications.views import CONTENT_TYPES
from innocounty.applications.workflow import NotAllowed, actions_for, create_application, run_transition
from innocounty.batches.models import Batch
from innocounty.common.bounds import (
    ID_MAX,
    SHORT_TEXT,
    Code,
    DbId,
    LongText,
    Measure,
    Priority,
    ReasonText,
    Year,
)
from innocounty.programme import APPLICATION, Decision, Problem
from innocounty.regions.models import County


class CreateIn(Schema):
    batch_id: DbId
    county_code: Annotated[str, Field(max_length=12)]
    theme: Code = ""


class PositionOut(Schema):
    year: int
    index_score: float | None
    province_rank: int | None
    province_n: int | None
    province_rank_interval: list[float | None]
    national_rank: int | None
    national_n: int | None
    national_rank_interval: list[float | None]
    top_quartile_indicators: list[str]
    eligible: bool | None
    eligibility_reason: str


class ApplicationOut(Schema):
    id: int
    batch: BatchRef
    county_code: str
    county_name: str
    province_code: str
    state: str
    state_label: str
    theme: str
    recommendation_priority: int | None
    submitted_at: str | None
    url: str


class ApplicationDetailOut(ApplicationOut):
    plan: dict
    missing: list[ProblemOut]
    available_actions: list[str]
    monitoring_position: PositionOut | None
    history: list[EventOut]
    attachments: list[AttachmentOut]
    versions: list[int]
    revisions: dict[str, int]
    shared_with_province: bool
    eligibility: dict


class SectionIn(Schema):
    html: LongText | None = None
    text: LongText | None = None
    revision: int | None = Field(None, ge=0, le=ID_MAX)  # the section's token (``revisions["sections.<key>"]``); stale → 409


class TargetIn(Schema):
    indicator_code: Code
    baseline: Measure | None = None
    baseline_reason: ReasonText = ""  # required when the baseline differs from the monitoring value
    values: dict[Year, Measure | None] = Field({}, max_length=10)


class PlanIn(Schema):
    theme: Code | None = None
    key_tasks: dict[Code, LongText] = Field({}, max_length=20)
    milestones: dict[Year, LongText] | None = Field(None, max_length=10)
    targets: list[TargetIn] | None = Field(None, max_length=200)
    revisions: dict[Code, Annotated[int, Field(ge=0, le=ID_MAX)]] = Field({}, max_length=10)  # stale → 409


class ConflictOut(Schema):
    detail: str
    part: str
    revision: int
    stored: str | dict | list
    yours: str | dict | list


class TransitionIn(Schema):
    reason: ReasonText = ""
    response: LongText = ""
    priority: Priority | None = None
    failed_items: list[Code] = Field(default_factory=list, max_length=50)
    confirm: bool = Field(False, description="Consequential acts (submit, withdraw, reject, formal-review decisions) "
                                             "are refused unless confirmed; the refusal states the consequence")
    eligibility_reason: ReasonText = ""


class TransitionOut(Schema):
    transition: str
    from_state: str | None
    to_state: str
    application: ApplicationOut


def summary(user, app: Application) -> dict:
    state = state_shown_to(user, app)
    return {
        "id": app.pk, "batch": {"id": app.batch_id, "name": app.batch.name, "year": app.batch.year, "status": app.batch.status},
        "county_code": app.county_id, "county_name": app.county.name, "province_code": app.county.province_id,
        "state": state.value, "state_label": state.label, "theme": app.theme,
        "recommendation_priority": app.recommendation_priority,
        "submitted_at": app.submitted_at.isoformat() if app.submitted_at else None,
        "url": reverse("applications:detail", args=[app.pk]),
    }  # fmt: skip


def attachment_out(a: Attachment) -> dict:
    return {**a.as_listed(), "uploaded_at": a.uploaded_at, "download_url": reverse("api:application_attachment", args=[a.pk])}


def _position(app) -> dict | None:
    panel = monitoring_panel(app)
    p = panel and panel["position"]
    if not p:
        return None
    return {
        "year": p.year, "index_score": p.index_score, "province_rank": p.province_rank, "province_n": p.province_n,
        "province_rank_interval": [p.province_rank_q05, p.province_rank_q95], "national_rank": p.national_rank,
        "national_n": p.national_n, "national_rank_interval": [p.national_rank_q05, p.national_rank_q95],
        "top_quartile_indicators": list(p.top_quartile_indicators), "eligible": p.eligible,
        "eligibility_reason": p.eligibility_reason,
    }  # fmt: skip


def detail(user, app: Application) -> dict:
    app.refresh_from_db()
    events = [{"at": e.at, "actor": str(e.actor), "transition": e.transition, "label": e.label, "from_state": e.from_state,
               "to_state": e.to_state, "reason": e.reason, "details": e.details} for e in history_shown_to(user, app)]  # fmt: skip
    return {
        **summary(user, app), "plan": app.plan_json(),
        "missing": [problem_out(p) for p in completeness_report(app)["errors"]] if app.is_editable_state else [],
        "available_actions": [t.name for t in actions_for(user, app)], "monitoring_position": _position(app),
        "history": events, "attachments": [attachment_out(a) for a in Attachment.current.filter(application=app)],
        "versions": list(app.versions.order_by("number").values_list("number", flat=True)),
        "revisions": {**{section_part(k): 0 for k in SECTION_KEYS}, "key_tasks": 0, "milestones": 0, "targets": 0,
                      **{k: int(v) for k, v in (app.revisions or {}).items()}},
        "shared_with_province": app.shared_with_province, "eligibility": _eligibility(app),
    }  # fmt: skip


def _eligibility(app) -> dict:
    notice = eligibility_notice(app)
    return {k: notice[k] for k in ("rule", "run_year", "eligible", "reason", "blocks_submission", "needs_reason")}


def _edit(call, *args):
    try:
        return call(*args)
    except NotAllowed as refused:
        forbid(refused.reason)
    except EditRefused as problem:
        paths = problem.paths + [""] * (len(problem.messages) - len(problem.paths))
        raise Refused(Decision(False, tuple(Problem("not_editable", m, path) for m, path in zip(problem.messages, paths,
                                                                                                strict=True)))) from None


def editable(request, pk: int) -> Application:
    """The application if the caller may see it (else 404) and write its plan (else 403), before any input
    is looked at: a province reading a shared draft is refused even a request that would change nothing."""
    app = visible(request, pk)
    allowed = can_edit_application(request.auth, app)
    if not allowed:
        forbid(allowed.reason)
    return app


def _conflict(conflict: EditConflict, yours) -> Status:
    return Status(409, {"detail": conflict.message, "part": conflict.part, "revision": conflict.revision,
                        "stored": conflict.stored, "yours": yours})  # fmt: skip


@router.get("/", response={200: list[ApplicationOut], **ERRORS}, summary="Applications visible to the caller")
@handles_refusals
def list_applications(request, batch: DbId | None = None, state: Code | None = None,
                      province: Annotated[str, Field(max_length=2)] | None = None):
    apps = applications_visible_to(request.auth).order_by("batch_id", "county_id")
    if batch:
        apps = apps.filter(batch_id=batch)
    if state:
        apps = apps.filter(state__in=states_matching(request.auth, state))
    if province:
        apps = apps.filter(county__province_id=province)
    return [summary(request.auth, a) for a in apps[:1000]]


@router.post("/", response={201: ApplicationDetailOut, **ERRORS}, summary="Create a draft (county officer)")
@handles_refusals
def create(request, payload: CreateIn):
    batch = get_object_or_404(Batch.objects.exclude(status="draft"), pk=payload.batch_id)
    county = get_object_or_404(County, code=payload.county_code)
    try:
        outcome, app = create_application(request.auth, batch, county, payload.theme)
    except NotAllowed as refused:
        forbid(refused.reason)
    refuse_unless(outcome.decision)
    return Status(201, detail(request.auth, app))


@router.get("/{pk}", response={200: ApplicationDetailOut, **ERRORS}, summary="One application with plan and history")
@handles_refusals
def get_application(request, pk: DbId):
    return detail(request.auth, visible(request, pk))


@router.put("/{pk}/sections/{key}", response={200: ApplicationDetailOut, 409: ConflictOut, **ERRORS},
            summary="Save one plan section (HTML is sanitised; or plain text, one paragraph per line)")  # fmt: skip
@handles_refusals
def put_section(request, pk: DbId, key: Code, payload: SectionIn):
    app = editable(request, pk)
    html = payload.html if payload.html is not None else plain_text_to_html(payload.text or "")
    try:
        _edit(save_section, request.auth, app, key, html, payload.revision)
    except EditConflict as conflict:
        return _conflict(conflict, html)
    return detail(request.auth, app)


@router.patch("/{pk}/plan", response={200: ApplicationDetailOut, 409: ConflictOut, **ERRORS},
              summary="Save theme, key tasks, milestones (text per year) and quantitative targets")  # fmt: skip
@handles_refusals
def patch_plan(request, pk: DbId, payload: PlanIn):
    app = editable(request, pk)
    tokens = payload.revisions
    yours = {"key_tasks": {"theme": payload.theme, **payload.key_tasks},
             "milestones": payload.milestones, "targets": [t.dict() for t in payload.targets or []]}  # fmt: skip
    sent = {"key_tasks": payload.theme is not None or bool(payload.key_tasks),
            "milestones": payload.milestones is not None, "targets": payload.targets is not None}  # fmt: skip
    for part, given in sent.items():
        # Every stale token is answered before anything is written (no half-saved plan).
        if given and tokens.get(part) is not None and tokens[part] != app.revision(part):
            return _conflict(EditConflict(part, app.revision(part), stored_part(app, part)), yours[part])
    try:
        if payload.theme is not None or payload.key_tasks:
            _edit(save_theme_and_tasks, request.auth, app, payload.theme, payload.key_tasks, tokens.get("key_tasks"))
        if payload.milestones is not None:
            _edit(save_milestones, request.auth, app, payload.milestones, tokens.get("milestones"))
        if payload.targets is not None:
            _edit(save_targets, request.auth, app, [t.dict() for t in payload.targets], tokens.get("targets"))
    except EditConflict as conflict:
        return _conflict(conflict, yours.get(conflict.part))
    return detail(request.auth, app)


@router.post("/{pk}/transitions/{name}", response={200: TransitionOut, **ERRORS},
             summary="Perform a workflow transition (submit, withdraw, resubmit, return_for_revision, reject, recommend, …)")  # fmt: skip
@handles_refusals
def transition(request, pk: DbId, name: Code, payload: TransitionIn):
    app = visible(request, pk)
    try:
        outcome = run_transition(request.auth, app, name, payload.dict())
    except NotAllowed as refused:
        forbid(refused.reason)
    refuse_unless(outcome.decision)
    app.refresh_from_db()
    roles = core_roles(request.auth)
    shown = [APPLICATION.state_shown_to(s, roles).value if s is not None else None
             for s in (outcome.from_state, outcome.to_state)]  # fmt: skip
    return {"transition": name, "from_state": shown[0], "to_state": shown[1], "application": summary(request.auth, app)}


@router.get("/{pk}/attachments", response={200: list[AttachmentOut], **ERRORS}, summary="Current attachments")
@handles_refusals
def list_attachments(request, pk: DbId):
    return [attachment_out(a) for a in Attachment.current.filter(application=visible(request, pk))]


@router.post("/{pk}/attachments", response={201: AttachmentOut, **ERRORS}, summary="Upload a PDF, DOCX or XLSX")
@handles_refusals
def upload_attachment(request, pk: DbId, file: File[UploadedFile], title: str = Form("", max_length=SHORT_TEXT)):
    app = editable(request, pk)
    attachment = _edit(add_attachment, request.auth, app, file.name, file.read(), title)
    return Status(201, attachment_out(attachment))


@router.delete("/{pk}/attachments/{attachment_pk}", response={204: None, **ERRORS}, summary="Remove an attachment")
@handles_refusals
def delete_attachment(request, pk: DbId, attachment_pk: DbId):
    app = editable(request, pk)
    attachment = get_object_or_404(Attachment.current, pk=attachment_pk, application=app)
    _edit(remove_attachment, request.auth, app, attachment)
    return Status(204, None)


@router.get("/attachments/{pk}/download", response={200: None, **ERRORS}, url_name="application_attachment",
            summary="Download an attachment (same visibility as its application)")  # fmt: skip
@handles_refusals
def download_attachment(request, pk: DbId):
    attachment = get_object_or_404(Attachment, pk=pk, application__in=applications_visible_to(request.auth))
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = CONTENT_TYPES[attachment.kind]
    response["X-Content-Type-Options"] = "nosniff"
    return response



__all__ = ["router", "Refused"]
