"""Pages of published runs served from a cache (publication day: everyone opens the same few pages).

Published results are immutable, so the ranking, profile, map and eligibility pages, their JSON, exports and
the profile PDF of a published run depend only on: the path and query, the language, who is asking (the
*audience*: the public, or one set of roles with their scopes), and the publication stamp
(:mod:`innocounty.evaluations.publication_stamp`, which changes when a run is published, unpublished or
made public). The cache key holds all of them, so a hit shows exactly what the view would render, and
publishing or unpublishing invalidates by changing the key — nothing else does.

What is per person is not cached with the page: the CSRF token (the cached copy holds a placeholder that is
replaced by this request's token) and, for signed-in users, the masthead (name, roles, unread notices),
rendered afresh and spliced in between the ``<!--masthead-->`` markers of base.html. Requests with pending
flash messages and users who see unpublished runs (ministry, auditors) or whose view depends on assignments
(experts) bypass the cache. Only 200 responses are stored; refusals are always computed.

The cache is ``settings.CACHES["pages"]``: per-process memory by default, Redis when configured (several app
servers share it).
"""

from __future__ import annotations

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import user_roles
from innocounty.evaluations.publication_stamp import publication_stamp

TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{32,64})(")')
PLACEHOLDER = b"\x00csrf\x00"
MASTHEAD = re.compile(rb"<!--masthead-->.*?<!--/masthead-->", re.S)
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "X-Robots-Tag")
UNCACHED_ROLES = frozenset({Role.MINISTRY_OFFICER, Role.AUDITOR, Role.EXPERT})


def audience(user) -> str | None:
    """Who the page is for, as far as its content goes; None: do not cache for this user."""
    if not user.is_authenticated:
        return "public"
    roles = user_roles(user)
    if any(a.role in UNCACHED_ROLES for a in roles):
        return None
    return "roles:" + ",".join(sorted(f"{a.role}/{a.province_id or ''}/{a.county_id or ''}" for a in roles))


def _has_messages(request) -> bool:
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.session_key and session.get("_messages"))


def cache_key(request, who: str) -> str:
    query = "&".join(sorted(request.GET.urlencode().split("&"))) if request.GET else ""
    parts = "\n".join(
        (
            str(getattr(settings, "PAGE_CACHE_VERSION", "1")),
            str(getattr(settings, "RANKINGS_PUBLIC_PROFILES", True)),
            publication_stamp(),
            translation.get_language() or "",
            who,
            request.method == "HEAD" and "GET" or request.method,
            request.path,
            query,
            "htmx" if request.headers.get("HX-Request") else "",
        )
    )
    return "page:" + hashlib.blake2s(parts.encode(), digest_size=16).hexdigest()


def _store(response) -> dict | None:
    if response.status_code != 200 or response.streaming:
        return None
    body = response.content
    if response.get("Content-Type", "").startswith("text/html"):
        body = TOKEN.sub(rb"\1" + PLACEHOLDER + rb"\3", body)
    return {"body": body, "headers": {h: response[h] for h in KEPT_HEADERS if h in response}}


def _rebuild(entry: dict, request, personal: bool) -> HttpResponse:
    body = entry["body"]
    if personal and MASTHEAD.search(body):
        masthead = render_to_string("partials/masthead.html", request=request).encode()
        body = MASTHEAD.sub(lambda _: b"<!--masthead-->" + masthead + b"<!--/masthead-->", body, count=1)
    if PLACEHOLDER in body:
        body = body.replace(PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body)
    for name, value in entry["headers"].items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def cached_page(view):
    """Serve ``view`` from the page cache where the content cannot differ (see the module docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        who = audience(request.user) if request.method in ("GET", "HEAD") else None
        if who is None or _has_messages(request) or not getattr(settings, "PAGE_CACHE_ENABLED", True):
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        key = cache_key(request, who)
        entry = cache.get(key)
        if entry is not None:
            return _rebuild(entry, request, personal=who != "public")
        response = view(request, *args, **kwargs)
        stored = _store(response)
        if stored is not None:
            cache.set(key, stored, timeout=getattr(settings, "PAGE_CACHE_SECONDS", 24 * 3600))
            response["X-Page-Cache"] = "miss"
        return response

    return wrapped
