"""Rate limits on Django's cache: at most ``limit`` hits of one key per ``window`` seconds (a fixed window).

    from innocounty.common.ratelimit import RateLimited, check, rate_limited

    @rate_limited("public")                                 # a view: per client address (users: per user)
    def ranking(request): ...

    @rate_limited("objection", methods=("POST",))           # only the act, not the page showing the form
    def raise_objection(request, pk): ...

    check("objection", f"user:{request.user.pk}")          # anywhere: raises RateLimited when exceeded
    if not allow("public", client_key(request)): ...        # or just ask

A view over the limit answers 429 with ``Retry-After`` (a page, or ``{"detail": ...}`` under /api/; the API's
exception handler turns a ``RateLimited`` raised in an operation into the same JSON).

The limits come from ``settings.INNOCOUNTY_RATE_LIMITS[scope] = (limit, window_seconds)``; a scope missing
there is not limited. The counters live in the default cache, so every app server must share one cache
(Redis in production, settings/production.py); the in-process cache of development counts per process.
A cache that fails open: an unreachable cache lets the request through (and logs), it never refuses service.
Login attempts are throttled by django-axes, one-time codes additionally by django-otp; this is for the rest.
"""

from __future__ import annotations

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

log = logging.getLogger("innocounty.ratelimit")


class RateLimited(Exception):
    """Too many requests (HTTP 429); ``retry_after`` seconds until the window ends."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"rate limited; retry after {retry_after} s")

    @property
    def message(self) -> str:
        return _("操作过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": self.retry_after}


def too_many_requests(request, exc: RateLimited):
    """The 429 answer: JSON under /api/, the platform's page elsewhere; ``Retry-After`` on both."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": exc.message}, status=429, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = render(request, "429.html", {"message": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def limits(scope: str) -> tuple[int, int] | None:
    return getattr(settings, "INNOCOUNTY_RATE_LIMITS", {}).get(scope)


def hit(scope: str, key: str, limit: int, window: int) -> tuple[bool, int]:
    """Count one hit; (allowed, seconds until the window ends)."""
    now = int(time.time())  # wall-clock windows (the programme clock may be replaying another year)
    start = now - now % window
    cache_key = f"ratelimit:{scope}:{key}:{start}"
    retry_after = start + window - now
    try:
        count = 1 if cache.add(cache_key, 1, timeout=window + 1) else cache.incr(cache_key)
    except Exception:  # a missing cache must not take the platform down (fail open, but say so)
        log.exception("rate limit cache unavailable; %s not limited", scope)
        return True, 0
    return count <= limit, retry_after


def allow(scope: str, key: str) -> bool:
    configured = limits(scope)
    return True if configured is None else hit(scope, key, *configured)[0]


def check(scope: str, key: str) -> None:
    configured = limits(scope)
    if configured is None:
        return
    allowed, retry_after = hit(scope, key, *configured)
    if not allowed:
        raise RateLimited(max(retry_after, 1))


def client_key(request) -> str:
    """Signed-in users by id, anonymous visitors by address (the trusted-proxy rule of accounts.client_ip)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    from django.utils.module_loading import import_string

    path = getattr(settings, "AXES_CLIENT_IP_CALLABLE", "")
    address = import_string(path)(request) if path else request.META.get("REMOTE_ADDR", "")
    return f"ip:{address}"


def rate_limited(scope: str, key=client_key, methods: tuple[str, ...] | None = None):
    """Decorate a view: over the limit it answers 429 (see :func:`too_many_requests`). ``methods``: count only
    these (e.g. the POST that raises an objection); default every request."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            try:
                if methods is None or request.method in methods:
                    check(scope, key(request))
                return view(request, *args, **kwargs)
            except RateLimited as exc:
                return too_many_requests(request, exc)

        return limited

    return decorator


class PublicRateLimitMiddleware:
    """Anonymous visitors: at most ``INNOCOUNTY_RATE_LIMITS["public"]`` requests per address and window, on
    every page and API path (static files and the health check excepted). Signed-in users are not limited
    here; their acts are (objections: the "objection" scope)."""

    EXEMPT = ("/healthz",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        static = settings.STATIC_URL or "/static/"
        if anonymous and not request.path_info.startswith((static, *self.EXEMPT)):
            try:
                check("public", client_key(request))
            except RateLimited as exc:
                return too_many_requests(request, exc)
        return self.get_response(request)
