"""The authorization matrix: every URL pattern and every API operation, as every role in and out of scope.

The expectations are declared in tests/web/access_matrix.py; a pattern or an operation that is not declared
there fails :func:`test_every_page_is_classified` / :func:`test_every_operation_is_classified` by name, so
views and operations added later are covered as soon as they are classified. One world (tests/web/world.py)
is built per module and rolled back at its end; each request runs in its own savepoint.

Pages are requested with the session of each role (anonymous: none); the API with each role's bearer token
(machine clients) — the session path of the API is the fuzz's and the apps' own tests'.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from tests.web.access_matrix import FILE, OPERATIONS, PAGES, PENDING, SKIPPED_PREFIXES, path_kwargs
from tests.web.world import ROLES, build_world

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
API_PARAMETER = re.compile(r"\{(\w+)\}")
WRITE_METHODS = ("post", "put", "patch", "delete")


def site_patterns():
    """``(route, name)`` of every URL pattern of the site outside the API, admin, static files and i18n."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
            else:
                yield prefix + str(p.pattern), f"{namespace}:{p.name}" if namespace else str(p.name)

    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or name.startswith("api:"):
            continue
        yield route, name


def api_operations():
    """``key -> path`` of every operation in the API's schema (key: ``METHOD /api/path`` without the final /)."""
    from innocounty.web.api import api

    found = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            found[f"{method.upper()} {path.rstrip('/')}"] = path
    return found


ROUTES = {}
for _route, _name in site_patterns():
    ROUTES.setdefault(_name, _route)
OPERATION_PATHS = api_operations()


def test_every_page_is_classified():
    missing = sorted(set(ROUTES) - set(PAGES) - PENDING)
    assert not missing, f"URL patterns missing from tests/web/access_matrix.py PAGES: {', '.join(missing)}"
    stale = sorted(set(PAGES) - set(ROUTES))
    assert not stale, f"PAGES names patterns that no longer exist: {', '.join(stale)}"


def test_every_operation_is_classified():
    missing = sorted(set(OPERATION_PATHS) - set(OPERATIONS) - PENDING)
    assert not missing, (
        f"API operations missing from tests/web/access_matrix.py OPERATIONS: {', '.join(missing)}"
    )
    stale = sorted(set(OPERATIONS) - set(OPERATION_PATHS))
    assert not stale, f"OPERATIONS names operations that no longer exist: {', '.join(stale)}"


def test_pending_names_are_neither_checked_nor_gone():
    """PENDING is a to-do list: a name there is not also classified, and still exists."""
    assert not PENDING & (set(PAGES) | set(OPERATIONS))
    assert set(ROUTES) | set(OPERATION_PATHS) >= PENDING, sorted(PENDING - set(ROUTES) - set(OPERATION_PATHS))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("private")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def clients(world, db):
    made = {}
    for role in ROLES:
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        made[role] = client
    return made


def _resolve(world, value):
    if isinstance(value, str) and value.startswith("@"):
        return world[value[1:]].pk
    if value == FILE:
        return SimpleUploadedFile("matrix.xlsx", b"PK\x03\x04", content_type="application/octet-stream")
    return value


def _location(response) -> str:
    return response.get("Location", "")


def _page_outcome(access, role, response) -> str | None:
    """None if ``response`` is what ``role`` should get, else what went wrong."""
    status = response.status_code
    if status >= 500:
        return f"{status}"
    to_login = status == 302 and _location(response).startswith(resolve_url(settings.LOGIN_URL))
    if role in access.allowed:
        if access.writes:
            return f"refused with {status}" if status in (401, 403, 404) else None
        return None if status in access.ok else f"{status} {_location(response)}".strip()
    if role == "anonymous":
        return None if to_login else f"{status} {_location(response)} (expected the login page)".strip()
    return None if status in (403, 404) else f"{status} {_location(response)} (expected 403/404)".strip()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(name, world, clients):
    if name not in ROUTES:
        pytest.fail(f"{name} is classified but not a URL pattern")
    access, route = PAGES[name], ROUTES[name]
    kwargs = path_kwargs(world, access, PARAMETER.findall(route))
    url = "/" + PARAMETER.sub(lambda m: str(kwargs[m.group(1)]), route)
    wrong = []
    for role in ROLES:
        client = clients[role]  # the test client does not check CSRF tokens
        if access.writes:
            data = {k: _resolve(world, v) for k, v in (access.body or {}).items()}
            with transaction.atomic():
                response = getattr(client, access.method.lower())(url, data)
                transaction.set_rollback(True)
        else:
            response = client.get(url)
        if problem := _page_outcome(access, role, response):
            wrong.append(f"{role}: {problem}")
    assert not wrong, f"{access.method} {url} ({name}):\n  " + "\n  ".join(wrong)


def _api_outcome(access, role, response) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{status}"
    if role in access.allowed:
        if access.writes:
            return f"refused with {status}" if status in (401, 403, 404) else None
        return None if status in access.ok else f"{status}"
    expected = (401,) if role == "anonymous" else (403, 404)
    return None if status in expected else f"{status} (expected {'/'.join(map(str, expected))})"


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_operation_access(key, world, clients):
    if key not in OPERATION_PATHS:
        pytest.fail(f"{key} is classified but not an API operation")
    access, path = OPERATIONS[key], OPERATION_PATHS[key]
    params = dict(access.params)
    query = {k: _resolve(world, v) for k, v in params.pop("query", {}).items()}
    kwargs = path_kwargs(
        world, access.__class__(**{**access.__dict__, "params": params}), API_PARAMETER.findall(path)
    )
    url = API_PARAMETER.sub(lambda m: str(kwargs[m.group(1)]), path)
    method = key.split()[0].lower()
    wrong = []
    for role in ROLES:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
        client = Client()  # no session: the token is the identity
        body = {k: _resolve(world, v) for k, v in (access.body or {}).items()}
        with transaction.atomic():
            if method == "get":
                response = client.get(url, query, **headers)
            elif any(v is not None and hasattr(v, "read") for v in body.values()):
                response = client.post(url, body, **headers)  # multipart
            else:
                response = getattr(client, method)(url, body, content_type="application/json", **headers)
            transaction.set_rollback(True)
        if problem := _api_outcome(access, role, response):
            wrong.append(f"{role}: {problem} {response.content[:120]!r}")
    assert not wrong, f"{key} ({url}):\n  " + "\n  ".join(wrong)
