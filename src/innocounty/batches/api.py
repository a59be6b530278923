"""Batches API: everyone signed in reads open/closed/archived batches; the ministry creates, edits
and opens / closes / archives them (400 with every reason when the set-up is incomplete)."""


from datetime import date
from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from innocounty.accounts.permissions import can_manage_programme
from innocounty.batches.models import Batch
from innocounty.batches.services import BatchNotAllowed, change_status, save_batch
from innocounty.batches.views import batches_visible_to
from innocounty.common.api import ERRORS, Refused, forbid, handles_refusals, refuse_unless
from innocounty.common.bounds import (
    CONSTRUCTION_PERIOD_MAX,
    CONSTRUCTION_PERIOD_MIN,
    Code,
    DbId,
    LongText,
    Quota,
    Year,
)
from innocounty.evaluations.queries import is_published_run
from innocounty.programme import Decision, Problem

router = Router(tags=["batches"])


class BatchIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    year: Year
    call_text: LongText = ""
    application_opens: date
    application_closes: date
    recommendation_closes: date | None = None
    themes: list[Code] = Field(["industry", "ecology", "livelihood"], max_length=10)
    stages: list[Code] | None = Field(None, max_length=20)
    construction_start_year: Year
    construction_period_years: int = Field(3, ge=CONSTRUCTION_PERIOD_MIN, le=CONSTRUCTION_PERIOD_MAX)
    monitoring_run_id: DbId | None = None
    quotas: dict[Annotated[str, Field(max_length=2)], Quota] = Field({}, max_length=40)
    eligibility_rule: Literal["gate", "warning", "off"] | None = None  # None: keep (a new batch: warning)


class ConfirmIn(Schema):
    confirm: bool = False  # open / close / archive are refused unless confirmed


class QuotaOut(Schema):
    province_code: str
    province_name: str
    quota: int
    list_submitted: bool
    list_submitted_at: str | None


class BatchOut(Schema):
    id: int
    name: str
    year: int
    status: str
    status_label: str
    call_text: str
    application_opens: date
    application_closes: date
    recommendation_closes: date | None
    themes: list[str]
    stages: list[str]
    construction_years: list[int]
    monitoring_run_id: int | None
    eligibility_rule: str
    data_evaluation_closed: bool
    quotas: list[QuotaOut]


def batch_out(batch: Batch) -> dict:
    quotas = [{"province_code": q.province_id, "province_name": q.province.name, "quota": q.quota,
               "list_submitted": q.list_submitted,
               "list_submitted_at": q.list_submitted_at.isoformat() if q.list_submitted_at else None}
              for q in batch.provinces.select_related("province")]  # fmt: skip
    return {
        "id": batch.pk, "name": batch.name, "year": batch.year, "status": batch.status,
        "status_label": str(batch.get_status_display()), "call_text": batch.call_text,
        "application_opens": batch.application_opens, "application_closes": batch.application_closes,
        "recommendation_closes": batch.recommendation_closes, "themes": batch.themes, "stages": batch.stages,
        "construction_years": list(batch.construction_years), "monitoring_run_id": batch.monitoring_run_id,
        "eligibility_rule": batch.eligibility_rule, "data_evaluation_closed": batch.data_evaluation_closed, "quotas": quotas,
    }  # fmt: skip


def _save(request, batch: Batch, payload: BatchIn):
    if not can_manage_programme(request.auth):
        forbid(can_manage_programme(request.auth).reason)
    for field in ("name", "year", "call_text", "application_opens", "application_closes", "recommendation_closes",
                  "themes", "construction_start_year", "construction_period_years", "monitoring_run_id"):  # fmt: skip
        setattr(batch, field, getattr(payload, field))
    if payload.stages is not None:
        batch.stages = payload.stages
    if payload.eligibility_rule is not None:
        batch.eligibility_rule = payload.eligibility_rule
    run_id = payload.monitoring_run_id
    if run_id is not None and not is_published_run(run_id):
        raise Refused(Decision(False, (Problem("unknown_run", _("没有编号为 %(id)d 的已发布监测评价结果") % {"id": run_id},
                                               "monitoring_run_id"),)))
    if payload.application_closes < payload.application_opens:
        raise Refused(Decision(False, (Problem("window_inverted", _("申报截止日期早于开始日期"), "application_window"),)))
    try:
        refuse_unless(save_batch(request.auth, batch, payload.quotas))
    except BatchNotAllowed as refused:
        forbid(refused.reason)
    return batch_out(batch)


@router.get("/", response={200: list[BatchOut], **ERRORS}, summary="Batches (the ministry also sees those in preparation)")
def list_batches(request):
    return [batch_out(b) for b in batches_visible_to(request.auth)]


@router.post("/", response={201: BatchOut, **ERRORS}, summary="Create a batch in preparation (ministry)")
@handles_refusals
def create_batch(request, payload: BatchIn):
    return Status(201, _save(request, Batch(), payload))


@router.get("/{pk}", response={200: BatchOut, **ERRORS}, summary="One batch with its quotas")
def get_batch(request, pk: DbId):
    return batch_out(get_object_or_404(batches_visible_to(request.auth), pk=pk))


@router.put("/{pk}", response={200: BatchOut, **ERRORS}, summary="Update a batch in preparation or open (ministry)")
@handles_refusals
def update_batch(request, pk: DbId, payload: BatchIn):
    batch = get_object_or_404(batches_visible_to(request.auth), pk=pk)
    return _save(request, batch, payload)


@router.post("/{pk}/{name}", response={200: BatchOut, **ERRORS}, summary="open / close / archive (ministry)")
@handles_refusals
def batch_transition(request, pk: DbId, name: Code, payload: ConfirmIn | None = None):
    batch = get_object_or_404(batches_visible_to(request.auth), pk=pk)
    try:
        refuse_unless(change_status(request.auth, batch, name, {"confirm": bool(payload and payload.confirm)}).decision)
    except BatchNotAllowed as refused:
        forbid(refused.reason)
    batch.refresh_from_db()
    return batch_out(batch)
