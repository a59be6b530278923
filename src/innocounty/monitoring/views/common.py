"""Helpers shared by the monitoring pages."""

from __future__ import annotations

from django.http import StreamingHttpResponse

from innocounty.accounts.guards import forbidden_response
from innocounty.monitoring.export import csv_lines


def refuse_unless(request, decision):
    """The 403 page with the decision's reason, or None when allowed."""
    if not decision:
        return forbidden_response(request, decision.reason)
    return None


def csv_response(filename: str, header, rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename=\"{filename}\""
    return response


def posted_confirm(request) -> bool:
    """The confirmation checkbox of a consequential act (``partials/_confirm.html`` posts ``confirm=1``)."""
    return request.POST.get("confirm") in ("1", "on", "true")
