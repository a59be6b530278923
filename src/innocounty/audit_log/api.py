"""``/api/audit``: the audit log for ministry officers and auditors, read only."""

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from innocounty.accounts.guards import ensure
from innocounty.accounts.permissions import can_view_audit_log
from innocounty.audit.chain import verify_chain
from innocounty.audit.filters import filter_events
from innocounty.common.bounds import PAGE_MAX

router = Router(tags=["audit"])
Filter = Annotated[str, Field(max_length=200)]


class BoundedPageNumberPagination(PageNumberPagination):
    """ninja's page-number pagination with an upper bound on ``page`` (an offset of 10^20 rows is a 500)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int | None = Field(None, ge=1, le=200)


class AuditEventOut(Schema):
    seq: int
    created_at: datetime
    actor: str | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    summary: str
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_actor(event):
        return event.actor.get_username() if event.actor_id else None


class ErrorOut(Schema):
    detail: str


class ChainStatusOut(Schema):
    ok: bool
    checked: int
    last_seq: int | None
    broken_at: int | None
    message: str


@router.get(
    "/events",
    response={200: list[AuditEventOut], 401: ErrorOut, 403: ErrorOut, 422: dict},
    summary="Audit events, newest first; filter by action (a trailing dot matches a prefix), actor, object",
)
@paginate(BoundedPageNumberPagination, page_size=50)
def events(
    request,
    action: Filter = "",
    actor: Filter = "",
    object_type: Filter = "",
    object_id: Filter = "",
    text: Filter = "",
):
    ensure(can_view_audit_log(request.auth))
    return filter_events(action=action, actor=actor, object_type=object_type, object_id=object_id, text=text)


@router.get(
    "/chain", response={200: ChainStatusOut, 401: ErrorOut, 403: ErrorOut}, summary="Verify the hash chain and report the first broken link"
)
def chain(request):
    ensure(can_view_audit_log(request.auth))
    report = verify_chain()
    return ChainStatusOut(
        ok=report.ok,
        checked=report.checked,
        last_seq=report.last_seq,
        broken_at=report.broken.seq if report.broken else None,
        message=str(report),
    )
