"""Screening API: the province's list (with monitoring data), its ordering and submission; the
ministry's formal review checklist and decision; data evaluation rows, marks, balance and closing."""


from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from innocounty.accounts.permissions import can_view_nation, can_view_province
from innocounty.applications.api import summary, visible
from innocounty.applications.api_schemas import (
    ERRORS,
    ProblemOut,
    forbid,
    handles_refusals,
    problem_out,
    refuse_unless,
)
from innocounty.applications.workflow import NotAllowed, submit_province_list
from innocounty.batches.models import Batch, BatchProvince
from innocounty.common.bounds import Code, DbId, Priority, ReasonText
from innocounty.common.refusals import ensure
from innocounty.regions.models import Province
from innocounty.reviews import services
from innocounty.reviews.tables import balance_tables, candidate_rows, province_rows

router = Router(tags=["reviews"])
ProvinceCode = Annotated[str, Field(max_length=2, description="2-digit province code")]


class MonitoringOut(Schema):
    index_score: float | None = None
    province_rank: int | None = None
    province_n: int | None = None
    province_rank_interval: list[float | None] = []
    national_rank: int | None = None
    national_n: int | None = None
    national_rank_interval: list[float | None] = []
    eligible: bool | None = None
    eligibility_reason: str = ""
    dimension_scores: dict = {}
    top_quartile_indicators: list[str] = []


class ProvinceRowOut(Schema):
    application: dict
    monitoring: MonitoringOut | None


class ProvinceListOut(Schema):
    batch_id: int
    province_code: str
    quota: int
    recommended: int
    list_submitted: bool
    rows: list[ProvinceRowOut]


class PriorityIn(Schema):
    priority: Priority


class ConfirmIn(Schema):
    confirm: bool = False  # consequential acts are refused unless confirmed


class ChecklistItemOut(Schema):
    code: str
    label: str
    passed: bool
    problems: list[ProblemOut]


class FormalReviewIn(Schema):
    decision: Literal["pass", "fail"]
    reason: ReasonText = ""
    failed_items: list[Code] = Field([], max_length=50)
    confirm: bool = False  # pass / fail are refused unless confirmed


class MarkIn(Schema):
    selected: bool
    reason: ReasonText = ""


class GroupRankOut(Schema):
    rank: int | None
    size: int
    interval: list[int | None]


class CandidateOut(Schema):
    application: dict
    belt: str
    monitoring: MonitoringOut | None
    belt_rank: GroupRankOut
    theme_rank: GroupRankOut


class TallyOut(Schema):
    name: str
    candidates: int
    selected: int


class DataEvaluationOut(Schema):
    batch_id: int
    run_id: int | None
    closed: bool
    rows: list[CandidateOut]
    by_belt: list[TallyOut]
    by_theme: list[TallyOut]
    by_province: list[TallyOut]


def monitoring_out(p) -> dict | None:
    if p is None:
        return None
    return {"index_score": p.index_score, "province_rank": p.province_rank, "province_n": p.province_n,
            "province_rank_interval": [p.province_rank_q05, p.province_rank_q95], "national_rank": p.national_rank,
            "national_n": p.national_n, "national_rank_interval": [p.national_rank_q05, p.national_rank_q95],
            "eligible": p.eligible, "eligibility_reason": p.eligibility_reason, "dimension_scores": p.dimension_scores,
            "top_quartile_indicators": list(p.top_quartile_indicators)}  # fmt: skip


def _batch(request, pk: int) -> Batch:
    return get_object_or_404(Batch.objects.exclude(status="draft"), pk=pk)


def _province_list(request, batch: Batch, province: Province) -> dict:
    _, rows = province_rows(batch, province)
    row = BatchProvince.objects.filter(batch=batch, province=province).first()
    return {"batch_id": batch.pk, "province_code": province.code, "quota": row.quota if row else 0,
            "recommended": sum(1 for r in rows if r["app"].state == "recommended"),
            "list_submitted": bool(row and row.list_submitted),
            "rows": [{"application": summary(request.auth, r["app"]), "monitoring": monitoring_out(r["position"])} for r in rows]}  # fmt: skip


@router.get("/batches/{pk}/provinces/{code}", response={200: ProvinceListOut, **ERRORS},
            summary="A province's applications beside their monitoring data")  # fmt: skip
def province_list(request, pk: DbId, code: ProvinceCode):
    batch, province = _batch(request, pk), get_object_or_404(Province, code=code)
    ensure(can_view_province(request.auth, province))
    return _province_list(request, batch, province)


@router.post("/batches/{pk}/provinces/{code}/submit", response={200: ProvinceListOut, **ERRORS},
             summary="Submit the province's recommendation list (then locked)")  # fmt: skip
@handles_refusals
def submit_list(request, pk: DbId, code: ProvinceCode, payload: ConfirmIn | None = None):
    batch, province = _batch(request, pk), get_object_or_404(Province, code=code)
    confirm = bool(payload and payload.confirm)
    try:
        refuse_unless(submit_province_list(request.auth, batch, province, {"confirm": confirm}).decision)
    except NotAllowed as refused:
        forbid(refused.reason)
    return _province_list(request, batch, province)


@router.post("/applications/{pk}/priority", response={200: dict, **ERRORS}, summary="Move a recommendation in the order")
@handles_refusals
def move_priority(request, pk: DbId, payload: PriorityIn):
    app = visible(request, pk)
    try:
        refuse_unless(services.move_priority(request.auth, app, payload.priority).decision)
    except NotAllowed as refused:
        forbid(refused.reason)
    app.refresh_from_db()
    return summary(request.auth, app)


@router.get("/applications/{pk}/formal-review", response={200: list[ChecklistItemOut], **ERRORS},
            summary="The formal review checklist as computed now")  # fmt: skip
def checklist(request, pk: DbId):
    app = visible(request, pk)
    if not can_view_nation(request.auth):
        forbid(can_view_nation(request.auth).reason)
    return [{"code": i.code, "label": i.label, "passed": i.passed, "problems": [problem_out(p) for p in i.problems]}
            for i in services.checklist_for(request.auth, app)]  # fmt: skip


@router.post("/applications/{pk}/formal-review", response={200: dict, **ERRORS},
             summary="Pass (checklist must pass) or fail with a reason (ministry)")  # fmt: skip
@handles_refusals
def decide_formal_review(request, pk: DbId, payload: FormalReviewIn):
    app = visible(request, pk)
    try:
        outcome = services.formal_review(request.auth, app, payload.decision == "pass", payload.reason,
                                         payload.failed_items, payload.confirm)  # fmt: skip
    except NotAllowed as refused:
        forbid(refused.reason)
    refuse_unless(outcome.decision)
    app.refresh_from_db()
    return summary(request.auth, app)


@router.get("/batches/{pk}/data-evaluation", response={200: DataEvaluationOut, **ERRORS},
            summary="Candidates with index, national / belt / theme ranks and intervals; regional balance")  # fmt: skip
def data_evaluation(request, pk: DbId):
    batch = _batch(request, pk)
    if not can_view_nation(request.auth):
        forbid(can_view_nation(request.auth).reason)
    run, rows = candidate_rows(batch)
    balance = balance_tables(rows)

    def group(g):
        return {"rank": g.rank, "size": g.size, "interval": [g.best, g.worst]}

    def tallies(items):
        return [{"name": name, "candidates": t.candidates, "selected": t.selected} for name, t in items]

    return {"batch_id": batch.pk, "run_id": run.pk if run else None, "closed": batch.data_evaluation_closed,
            "rows": [{"application": summary(request.auth, r.app), "belt": r.belt, "monitoring": monitoring_out(r.position),
                      "belt_rank": group(r.belt_rank), "theme_rank": group(r.theme_rank)} for r in rows],
            "by_belt": tallies(balance["by_belt"]), "by_theme": tallies(balance["by_theme"]),
            "by_province": tallies(balance["by_province"])}  # fmt: skip


@router.post("/applications/{pk}/consultation", response={200: dict, **ERRORS},
             summary="Mark for expert consultation or not (ministry, data evaluation)")  # fmt: skip
@handles_refusals
def mark(request, pk: DbId, payload: MarkIn):
    app = visible(request, pk)
    try:
        refuse_unless(services.mark_for_consultation(request.auth, app, payload.selected, payload.reason).decision)
    except NotAllowed as refused:
        forbid(refused.reason)
    app.refresh_from_db()
    return summary(request.auth, app)


@router.post("/batches/{pk}/data-evaluation/close", response={200: dict, **ERRORS}, summary="End data evaluation")
@handles_refusals
def close(request, pk: DbId, payload: ConfirmIn | None = None):
    batch = _batch(request, pk)
    try:
        refuse_unless(services.close_data_evaluation(request.auth, batch, {"confirm": bool(payload and payload.confirm)}).decision)
    except NotAllowed as refused:
        forbid(refused.reason)
    return {"batch_id": batch.pk, "closed": True}
