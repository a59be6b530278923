"""Schemas shared by the lifecycle API routers (batches, applications, reviews)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from innocounty.common.api import (  # noqa: E402,F401  (the lifecycle routers' names for the shared pieces)
    ERRORS,
    ErrorOut,
    ProblemOut,
    RefusalOut,
    Refused,
    ValidationErrorOut,
    forbid,
    handles_refusals,
    problem_out,
    refusal_body,
    refuse_unless,
)


class BatchRef(Schema):
    id: int
    name: str
    year: int
    status: str


class EventOut(Schema):
    at: datetime
    actor: str
    transition: str
    label: str
    from_state: str
    to_state: str
    reason: str
    details: dict


class AttachmentOut(Schema):
    id: int
    name: str
    title: str
    kind: str
    size: int
    sha256: str
    uploaded_at: datetime | None = None
    download_url: str


class DateWindow(Schema):
    opens: date
    closes: date
