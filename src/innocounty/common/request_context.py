"""The request being served, for code that has no ``request`` argument: its id (in every log record and in
the ``X-Request-ID`` response header) and the request itself (the re-authentication check of consequential
acts reads the session and the submitted one-time code from it; innocounty.twofactor.reauth).

``RequestContextMiddleware`` comes first in ``MIDDLEWARE``. A request id sent by the client or the load
balancer (``X-Request-ID``: 1–64 characters of ``[A-Za-z0-9._-]``) is kept, so one id follows a request
through nginx, gunicorn and the application logs; anything else is replaced by a fresh one.
Outside a request (a management command, a queue job) the id is ``-`` and there is no request.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_request_id: ContextVar[str] = ContextVar("innocounty_request_id", default="-")
_request: ContextVar = ContextVar("innocounty_request", default=None)


def request_id() -> str:
    return _request_id.get()


def current_request():
    """The HttpRequest being served in this thread/task, or None."""
    return _request.get()


def accepted_id(value: str | None) -> str:
    """The client's id when it is well formed, a new one otherwise."""
    if value and _VALID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = accepted_id(request.headers.get(HEADER))
        request.request_id = rid
        id_token, request_token = _request_id.set(rid), _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(id_token)
            _request.reset(request_token)
        response[HEADER] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request); use it on the handlers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True
