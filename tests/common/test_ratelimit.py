"""innocounty.common.ratelimit: a fixed-window counter per scope and key on Django's cache."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from innocounty.common import ratelimit
from innocounty.common.ratelimit import RateLimited, allow, check, hit, rate_limited


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_hits_within_the_limit_pass_then_the_window_refuses():
    answers = [hit("t", "k", 3, 60)[0] for _ in range(5)]
    assert answers == [True, True, True, False, False]
    assert hit("t", "other-key", 3, 60)[0] is True  # keys are counted apart
    assert hit("u", "k", 3, 60)[0] is True  # scopes too


def test_a_new_window_starts_afresh(monkeypatch):
    now = [1_000_020.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert [hit("w", "k", 1, 60)[0] for _ in range(2)] == [True, False]
    allowed, retry_after = hit("w", "k", 1, 60)
    assert not allowed and retry_after == 60 - 1_000_020 % 60
    now[0] += 60
    assert hit("w", "k", 1, 60)[0] is True


def test_check_and_allow_read_the_settings(settings):
    settings.INNOCOUNTY_RATE_LIMITS = {"objection": (2, 3600)}
    check("objection", "user:1")
    check("objection", "user:1")
    with pytest.raises(RateLimited) as refused:
        check("objection", "user:1")
    assert 0 < refused.value.retry_after <= 3600 and "秒后再试" in refused.value.message
    assert allow("unconfigured", "x") and allow("unconfigured", "x")  # a scope without limits is not limited


def test_the_decorator_answers_429_with_retry_after(settings, rf: RequestFactory, django_user_model):
    settings.INNOCOUNTY_RATE_LIMITS = {"objection": (1, 3600)}

    @rate_limited("objection", methods=("POST",))
    def view(request):
        return HttpResponse("ok")

    request = rf.post("/applications/1/objection/")
    request.user = django_user_model(pk=7, username="u")
    assert view(request).status_code == 200
    assert view(rf.get("/applications/1/objection/")).status_code == 200  # GET not counted
    refused = view(request)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    api = rf.post("/api/x")
    api.user = request.user
    answer = view(api)
    assert answer.status_code == 429 and "detail" in answer.content.decode()


def test_a_broken_cache_fails_open(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    assert hit("t", "k", 1, 60) == (True, 0)


@pytest.mark.django_db
def test_anonymous_visitors_are_limited_on_public_pages(client, settings):
    settings.INNOCOUNTY_RATE_LIMITS = {"public": (3, 60)}
    codes = [client.get("/rankings/").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    assert client.get("/healthz").status_code in (200, 503)  # the health check is never limited
    api = client.get("/api/rankings/runs")
    assert api.status_code == 429 and api["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_signed_in_users_are_not_limited_by_the_public_scope(client, settings, cast):
    settings.INNOCOUNTY_RATE_LIMITS = {"public": (1, 60)}
    client.force_login(cast.county)
    assert [client.get("/rankings/").status_code for _ in range(3)] == [200, 200, 200]
