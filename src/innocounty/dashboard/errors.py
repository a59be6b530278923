"""Error responses in the platform's layout and language; JSON under ``/api/``, never HTML.

``handler400/403/404/500`` in web/urls.py name the functions below. With ``DEBUG = True`` Django answers a
path that resolves to nothing, and an ``Http404`` raised in a view, with its English technical page before
any handler runs; :class:`ErrorPageMiddleware` renders our page instead (``Http404`` from a view through
``process_exception``; an unresolved path by replacing the technical 404 response, which it recognises by
the absence of the marker our pages set). Server errors under DEBUG keep Django's traceback page: that is
what a developer needs, and a deployment runs with DEBUG off.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from innocounty.accounts.guards import permission_denied as _forbidden_page
from innocounty.dashboard.context_processors import platform

API_PREFIX = "/api/"
MARKER = "_innocounty_error_page"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(status: int, detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    setattr(response, MARKER, True)
    return response


def _mark(response):
    setattr(response, MARKER, True)
    return response


@requires_csrf_token
def bad_request(request, exception=None):
    if is_api(request):
        return _json(400, _("请求无效。"))
    return _mark(render(request, "400.html", status=400))


@requires_csrf_token
def permission_denied(request, exception=None):
    if is_api(request):
        reason = str(exception) if exception is not None and str(exception) else _("无权访问。")
        return _json(403, reason)
    return _mark(_forbidden_page(request, exception))


@requires_csrf_token
def page_not_found(request, exception=None):
    if is_api(request):
        return _json(404, _("接口或对象不存在：%(path)s") % {"path": request.path})
    return _mark(render(request, "404.html", {"request_path": request.path}, status=404))


@requires_csrf_token
def server_error(request):
    """Rendered without the request's context processors: they may be what failed (e.g. the database).
    A database outage raised outside a view (a middleware) answers 503 with a retry message instead."""
    import sys

    from innocounty.common.unavailable import is_database_outage, unavailable_response

    if is_database_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    if is_api(request):
        return _json(500, _("服务器错误，错误已记录。"))
    from django.http import HttpResponseServerError

    html = loader.get_template("500.html").render({**platform(), "bare": True})
    return _mark(HttpResponseServerError(html))


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: the expired-form page in our layout (Django's own is English only)."""
    if is_api(request):
        return _json(403, _("CSRF 校验失败：%(reason)s") % {"reason": reason})
    return _mark(render(request, "403_csrf.html", {"reason": reason}, status=403))


class ErrorPageMiddleware:
    """Our 404 (and 403) page also with DEBUG on; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, MARKER, False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        return None
