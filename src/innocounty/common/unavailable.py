"""The database is briefly unavailable (a PostgreSQL restart, a failover): a 503 with a retry message.

Without this, a request that meets a dropped connection ends in Django's 500 page ("服务器错误"), which
tells the user something broke for good. :class:`DatabaseUnavailableMiddleware` turns
``django.db.OperationalError`` / ``InterfaceError`` raised by a view into a 503 with ``Retry-After`` —
JSON under ``/api/``, a short page elsewhere (no template, no database). Django closes the broken connection
when the request finishes, and ``CONN_HEALTH_CHECKS`` checks a kept connection before the next request reuses
it, so the platform recovers by itself once the database is back. The same
answer comes from ``handler500`` (:func:`innocounty.dashboard.errors.server_error`) for an error raised
in a middleware, outside the view. Nothing is lost: the failed request's transaction was rolled back.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

log = logging.getLogger("innocounty.unavailable")

RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, DATABASE_ERRORS)


def unavailable_response(request) -> HttpResponse:
    """The 503 answer: JSON under ``/api/``, a minimal page (no template, no database) elsewhere."""
    message = _("数据库暂时不可用，请稍后重试。")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "retry_after": RETRY_AFTER_SECONDS}, status=503,
                                json_dumps_params={"ensure_ascii": False})  # fmt: skip
    else:
        title = escape(_("服务暂时不可用"))
        body = (f'<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body><main><h1>{title}</h1><p>{escape(message)}</p></main></body></html>")  # fmt: skip
        response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database outage met by a view answers 503 with ``Retry-After`` (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            log.warning("database unavailable on %s %s: %s", request.method, request.path, exception)
            return unavailable_response(request)
        return None
