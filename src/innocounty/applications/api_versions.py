"""Versions API: every submitted version and the comparison of two (sections as text diffs, targets and
milestones as tables compared cell by cell); registered on the applications router."""


from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from innocounty.applications.api_router import router, visible
from innocounty.applications.api_schemas import ERRORS, handles_refusals
from innocounty.common.bounds import ID_MAX, ID_MIN, DbId
from innocounty.common.params import parse_int
from innocounty.programme import compare_versions


class VersionOut(Schema):
    number: int
    submitted_at: str
    submitted_by: str
    note: str
    content: dict
    attachments: list[dict]


class DiffOut(Schema):
    key: str
    title: str
    status: str
    before: str
    after: str
    unified: str


class CellOut(Schema):
    column: str
    before: str
    after: str
    changed: bool


class RowOut(Schema):
    key: str
    title: str
    status: str
    cells: list[CellOut]


class TableOut(Schema):
    columns: list[str]
    rows: list[RowOut]


class ComparisonOut(Schema):
    before: int
    after: str
    changed: int
    entries: list[DiffOut]
    targets: TableOut
    milestones: TableOut


@router.get(
    "/{pk}/versions", response={200: list[VersionOut], **ERRORS}, summary="Every submitted version"
)
@handles_refusals
def list_versions(request, pk: DbId):
    app = visible(request, pk)
    return [{"number": v.number, "submitted_at": v.submitted_at.isoformat(), "submitted_by": str(v.submitted_by),
             "note": v.note, "content": v.content, "attachments": v.attachments}
            for v in app.versions.select_related("submitted_by").order_by("number")]  # fmt: skip


@router.get("/{pk}/compare", response={200: ComparisonOut, **ERRORS},
            summary="Compare version a with version b (or 'working' for the current draft), section by section")  # fmt: skip
@handles_refusals
def compare(request, pk: DbId, a: DbId, b: Annotated[str, Field(max_length=20)]):
    app = visible(request, pk)
    old = get_object_or_404(app.versions, number=a)
    if b == "working":
        new_plan = app.plan()
    else:
        new_plan = get_object_or_404(app.versions, number=parse_int(b, ID_MIN, ID_MAX) or -1).plan()
    result = compare_versions(old.plan(), new_plan)
    entries = [{"key": e.key, "title": e.title, "status": e.status.value, "before": e.before, "after": e.after,
                "unified": e.unified} for e in result.entries]  # fmt: skip
    return {"before": a, "after": b, "changed": len(result.changed), "entries": entries,
            "targets": _table(result.targets), "milestones": _table(result.milestones)}  # fmt: skip


def _table(table) -> dict:
    rows = [{"key": r.key, "title": r.title, "status": r.status.value,
             "cells": [{"column": c.column, "before": c.before, "after": c.after, "changed": c.changed} for c in r.cells]}
            for r in table.rows]  # fmt: skip
    return {"columns": list(table.columns), "rows": rows}
