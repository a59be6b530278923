"""Data quality over the API: a framework's validation rules, a round's violations and outlier flags, its
reporting rates, and a county's own entry (read, check, save a draft, submit; the province accepts or
returns). Every operation checks role and scope; every field is bounded."""

from __future__ import annotations

from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.errors import HttpError

from innocounty.accounts.guards import ensure
from innocounty.common.bounds import Code, DbId, ReasonText
from innocounty.monitoring import county_entry as entry_service
from innocounty.monitoring.api.router import router
from innocounty.monitoring.api.schemas import ErrorOut
from innocounty.monitoring.models import DataRound, Framework
from innocounty.monitoring.permissions import (
    can_enter_county_data,
    can_view_county_values,
    can_view_frameworks,
    can_view_quality,
    can_view_rounds,
)
from innocounty.monitoring.quality import check_round, province_counties
from innocounty.monitoring.reporting import round_rates
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.regions.models import County, Province

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_ITEMS = 1000
MAX_VALUES = 64
Value = Annotated[str, Field(max_length=40)]


class RuleOut(Schema):
    code: str
    left: str
    operator: str
    right: str
    importance: str
    tolerance: float
    message_zh: str
    message_en: str


class QualityItemOut(Schema):
    county: str
    kind: str
    key: str
    severity: str
    message: str
    expression: str
    values: dict
    confirmed: bool


class QualityOut(Schema):
    errors: int
    warnings: int
    unconfirmed: int
    truncated: bool
    items: list[QualityItemOut]


class RateOut(Schema):
    expected: int
    received: int
    on_time: int
    late: int
    pending: int


class ProvinceRateOut(Schema):
    code: str
    name: str
    state: str
    status: str
    submitted: str | None
    counties: RateOut


class ReportingOut(Schema):
    provinces: RateOut
    counties: RateOut
    rows: list[ProvinceRateOut]


class EntryIn(Schema):
    values: dict[Code, Value | None] = Field(default_factory=dict, description="indicator code → typed value")
    confirmed: list[Annotated[str, Field(max_length=120)]] = Field(default_factory=list, max_length=200)


class EntryOut(Schema):
    county: str
    state: str
    values: dict
    return_reason: str
    errors: int
    unconfirmed_warnings: int
    field_errors: dict
    items: list[QualityItemOut]


class ActIn(Schema):
    confirm: bool = False
    reason: ReasonText = ""


def _refused(exc: TransitionRefused) -> HttpError:
    return HttpError(403 if exc.forbidden else 409, exc.reason)


def _rate(rate) -> dict:
    return {
        "expected": rate.expected,
        "received": rate.received,
        "on_time": rate.on_time,
        "late": rate.late,
        "pending": rate.pending,
    }


@router.get(
    "/frameworks/{framework_id}/rules",
    response={200: list[RuleOut], **ERRORS},
    summary="The validation rules of a framework",
)
def framework_rules(request, framework_id: DbId):
    ensure(can_view_frameworks(request.auth))
    return list(get_object_or_404(Framework, pk=framework_id).rules.all())


@router.get(
    "/rounds/{round_id}/quality",
    response={200: QualityOut, **ERRORS},
    summary="Rule violations and outlier flags of a round (one province, or the nation for the ministry)",
)
def round_quality(request, round_id: DbId, province: Annotated[str, Field(max_length=2)] = ""):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=round_id)
    scope = get_object_or_404(Province, code=province) if province else None
    ensure(can_view_quality(request.auth, scope))
    items = check_round(data_round, only=province_counties(scope.code) if scope else None).items()
    warnings = [i for i in items if i["severity"] == "warning"]
    return {
        "errors": len(items) - len(warnings),
        "warnings": len(warnings),
        "unconfirmed": sum(1 for i in warnings if not i["confirmed"]),
        "truncated": len(items) > MAX_ITEMS,
        "items": items[:MAX_ITEMS],
    }


@router.get(
    "/rounds/{round_id}/reporting",
    response={200: ReportingOut, **ERRORS},
    summary="Reporting rates of a round: expected, received, on time, late (ministry and auditors)",
)
def round_reporting(request, round_id: DbId):
    ensure(can_view_rounds(request.auth))
    ensure(can_view_quality(request.auth))
    rates = round_rates(get_object_or_404(DataRound, pk=round_id))
    return {
        "provinces": _rate(rates.provinces),
        "counties": _rate(rates.counties),
        "rows": [
            {
                "code": r.code,
                "name": r.name,
                "state": r.state,
                "status": r.status,
                "submitted": r.submitted.isoformat() if r.submitted else None,
                "counties": _rate(r.counties),
            }
            for r in rates.rows
        ],
    }


def _entry(round_id: int, code: str):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=round_id)
    county = get_object_or_404(County.objects.select_related("province"), code=code)
    return data_round, county


def _entry_out(entry, result) -> dict:
    return {
        "county": entry.county_id,
        "state": entry.state,
        "values": entry_service.form_values(entry),
        "return_reason": entry.return_reason,
        "errors": result["errors"],
        "unconfirmed_warnings": result["unconfirmed_warnings"],
        "field_errors": result["field_errors"],
        "items": result["items"],
    }


@router.get(
    "/rounds/{round_id}/entries/{code}",
    response={200: EntryOut, **ERRORS},
    summary="A county's own entry for a round with its checks",
)
def get_entry(request, round_id: DbId, code: Annotated[str, Field(max_length=6)]):
    data_round, county = _entry(round_id, code)
    ensure(can_view_county_values(request.auth, county))
    entry = entry_service.entry_for(data_round, county)
    values = entry_service.form_values(entry)
    return _entry_out(entry, entry_service.check_values(data_round, county, values, entry.confirmed_warnings))


@router.post(
    "/rounds/{round_id}/entries/{code}/check",
    response={200: EntryOut, **ERRORS},
    summary="Check typed values without saving (the county's officers)",
)
def check_entry(request, round_id: DbId, code: Annotated[str, Field(max_length=6)], payload: EntryIn):
    data_round, county = _entry(round_id, code)
    ensure(can_enter_county_data(request.auth, county))
    entry = entry_service.entry_for(data_round, county)
    return _entry_out(
        entry, entry_service.check_values(data_round, county, payload.values, payload.confirmed)
    )


@router.put(
    "/rounds/{round_id}/entries/{code}",
    response={200: EntryOut, **ERRORS},
    summary="Save the county's draft (valid fields are kept; the others are reported)",
)
def save_entry(request, round_id: DbId, code: Annotated[str, Field(max_length=6)], payload: EntryIn):
    data_round, county = _entry(round_id, code)
    if len(payload.values) > MAX_VALUES:
        raise HttpError(422, "too many values")
    entry = entry_service.entry_for(data_round, county)
    try:
        result = entry_service.save_draft(request.auth, entry, payload.values, payload.confirmed)
    except TransitionRefused as exc:
        raise _refused(exc) from None
    entry.refresh_from_db()
    return _entry_out(entry, result)


@router.post(
    "/rounds/{round_id}/entries/{code}/{action}",
    response={200: EntryOut, **ERRORS},
    summary="submit (the county; consequential: confirm), accept (consequential) or return (with a reason)",
)
def act_on_entry(request, round_id: DbId, code: Annotated[str, Field(max_length=6)],
                 action: Literal["submit", "accept", "return"], payload: ActIn):  # fmt: skip
    data_round, county = _entry(round_id, code)
    entry = entry_service.entry_for(data_round, county)
    try:
        if action == "submit":
            entry = entry_service.submit(request.auth, entry, payload.confirm)
        else:
            entry = entry_service.review(request.auth, entry, action, payload.reason, payload.confirm)
    except TransitionRefused as exc:
        raise _refused(exc) from None
    return _entry_out(
        entry, entry_service.check_values(data_round, county, entry.values or {}, entry.confirmed_warnings)
    )
