"""Data rounds: list, open (ministry), submissions of a round, a county's values and comments, CSV export."""

from __future__ import annotations

from typing import Annotated

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Status
from ninja.errors import HttpError

from innocounty.accounts.guards import ensure
from innocounty.common.bounds import DbId
from innocounty.monitoring import rounds as round_service
from innocounty.monitoring.api.router import router
from innocounty.monitoring.api.schemas import (
    CommentIn,
    CommentOut,
    CountyValuesOut,
    ErrorOut,
    RoundIn,
    RoundOut,
    SubmissionOut,
)
from innocounty.monitoring.comments import add_comment
from innocounty.monitoring.export import csv_lines, round_table
from innocounty.monitoring.models import DataComment, DataRound, Framework
from innocounty.monitoring.permissions import (
    can_export_round_data,
    can_view_county_values,
    can_view_rounds,
)
from innocounty.monitoring.queries import county_values, submission_of, submissions_visible_to
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.regions.models import County, Province

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def refused(exc: TransitionRefused) -> HttpError:
    return HttpError(403 if exc.forbidden else 422, exc.reason)


@router.get("/rounds", response={200: list[RoundOut], 401: ErrorOut, 403: ErrorOut}, summary="Data rounds, newest first")
def list_rounds(request):
    ensure(can_view_rounds(request.auth))
    return list(DataRound.objects.select_related("framework"))


@router.post("/rounds", response={201: RoundOut, **ERRORS}, summary="Open a data round (ministry)")
def open_round(request, payload: RoundIn):
    framework = get_object_or_404(Framework, pk=payload.framework_id)
    try:
        data_round = round_service.open_round(request.auth, payload.year, framework, payload.deadline, payload.notes)
    except TransitionRefused as exc:
        raise refused(exc) from None
    return Status(201, data_round)


@router.get("/rounds/{round_id}/submissions", response={200: list[SubmissionOut], **ERRORS},
            summary="The submissions of a round the caller may see (all for ministry/auditors, own province otherwise)")
def round_submissions(request, round_id: DbId):
    ensure(can_view_rounds(request.auth))
    data_round = get_object_or_404(DataRound, pk=round_id)
    return list(submissions_visible_to(request.auth).filter(data_round=data_round))


@router.get("/rounds/{round_id}/counties/{code}", response={200: CountyValuesOut, **ERRORS},
            summary="A county's values in a round with last year's value, provenance, revisions and comments")
def county_round_values(request, round_id: DbId, code: Annotated[str, Field(max_length=12)]):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=round_id)
    county = get_object_or_404(County.objects.select_related("province"), code=code)
    ensure(can_view_county_values(request.auth, county))
    submission = submission_of(data_round, county)
    values = [
        {
            "code": r.column.code, "name": r.column.name, "unit": r.column.unit, "kind": r.column.kind,
            "value": r.value, "previous": r.previous, "source": r.source, "updated_by": r.updated_by,
            "updated_at": r.updated_at,
            "revisions": [
                {"old_value": v.old_value, "new_value": v.new_value, "old_upload_id": v.old_upload_id,
                 "old_by": str(v.old_by), "old_at": v.old_at, "upload_id": v.upload_id,
                 "changed_by": str(v.changed_by), "changed_at": v.changed_at}
                for v in r.revisions
            ],
        }
        for r in county_values(data_round, county)
    ]
    comments = list(DataComment.objects.filter(data_round=data_round, county=county).select_related("author"))
    return {
        "round_id": data_round.pk, "year": data_round.year, "county": county.code, "county_name": county.name,
        "province": county.province_id, "submission_state": submission.state if submission else None,
        "values": values, "comments": comments,
    }


@router.post("/rounds/{round_id}/counties/{code}/comments", response={201: CommentOut, **ERRORS},
             summary="Comment on a county's row (its county officers or its province)")
def comment_county_row(request, round_id: DbId, code: Annotated[str, Field(max_length=12)], payload: CommentIn):
    data_round = get_object_or_404(DataRound, pk=round_id)
    county = get_object_or_404(County.objects.select_related("province"), code=code)
    try:
        comment = add_comment(request.auth, data_round, county, payload.text, payload.indicator_code)
    except TransitionRefused as exc:
        raise refused(exc) from None
    return Status(201, comment)


@router.get("/rounds/{round_id}/export.csv", response={200: None, **ERRORS},
            summary="CSV of a round's values: one province (?province=13) or the nation (ministry, auditors)")
def export_round(request, round_id: DbId, province: Annotated[str, Field(max_length=2)] = ""):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=round_id)
    scope = get_object_or_404(Province, code=province) if province else None
    ensure(can_export_round_data(request.auth, scope))
    header, rows = round_table(data_round, scope.code if scope else None)
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    name = f"monitoring-{data_round.year}-{scope.code if scope else 'national'}.csv"
    response["Content-Disposition"] = f"attachment; filename=\"{name}\""
    return response
