"""Every answer under ``/api/`` is JSON, also those Django or django-ninja make before an operation runs.

* **405**: ninja answers a method an operation does not have with a plain-text "Method not allowed"; this
  becomes ``{"detail": …, "allowed": [...]}`` with the ``Allow`` header kept.
* **Trailing slash**: every API path ends in ``/``. ``CommonMiddleware`` answers ``/api/batches`` with a
  301 to ``/api/batches/`` — a redirect after which clients re-send a POST as a GET and lose its body; here
  it becomes a **308** (method and body kept by every client that follows redirects) with a JSON body naming
  the right path.
* Any other non-JSON error body (a 4xx/5xx from a handler that rendered HTML) is replaced by the JSON form.

Placed before ``CommonMiddleware`` in ``MIDDLEWARE`` so that it sees the slash redirect.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _json(status: int, body: dict, source=None) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if source is not None:
        for header in ("Allow", "Location", "Retry-After"):
            if header in source:
                response[header] = source[header]
    return response


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 300:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        if status in (301, 302) and response.get("Location", "").split("?")[0].endswith(request.path + "/"):
            moved = _json(308, {"detail": _("接口路径以“/”结尾：%(path)s") % {"path": request.path + "/"}}, response)
            return moved
        if status == 405:
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            detail = _("该接口不支持 %(method)s 请求。") % {"method": request.method}
            return _json(405, {"detail": detail, "allowed": allowed}, response)
        if status >= 400:
            return _json(status, {"detail": response.reason_phrase}, response)
        return response
