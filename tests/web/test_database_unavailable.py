"""A database outage answers 503 with a retry message and Retry-After, never the 500 page (issue 13, faults).

The outage is simulated where it strikes: in a view (the middleware) and in a middleware before the view
(the session lookup: ``handler500`` answers). The real thing — PostgreSQL restarted under load — is
benchmarks/fault_pg_restart.py (docs/performance.md, "Faults").
"""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from innocounty.common.unavailable import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db

MESSAGE = "数据库暂时不可用，请稍后重试。"


@pytest.fixture
def ministry_user(db):
    from innocounty.accounts.models import Role
    from innocounty.applications.factories import make_user

    return make_user("most", Role.MINISTRY_OFFICER, is_staff=True)


def _failing_queryset(exc):
    def fail(*args, **kwargs):
        raise exc("server closed the connection unexpectedly")

    return fail


@pytest.mark.parametrize("exc", [OperationalError, InterfaceError])
def test_an_outage_in_a_view_is_a_503_page_with_retry_after(client, monkeypatch, exc, ministry_user):
    from innocounty.batches.models import Batch

    client.force_login(ministry_user)
    monkeypatch.setattr(Batch.objects, "get_queryset", _failing_queryset(exc))
    response = client.get("/batches/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    assert MESSAGE in response.content.decode()


def test_an_outage_in_an_api_call_is_json(client, monkeypatch, ministry_user):
    from innocounty.batches.models import Batch

    client.force_login(ministry_user)
    monkeypatch.setattr(Batch.objects, "get_queryset", _failing_queryset(OperationalError))
    response = client.get("/api/batches/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json() == {"detail": MESSAGE, "retry_after": 5}


def test_an_outage_before_the_view_is_a_503_from_handler500(monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    monkeypatch.setattr(SessionStore, "load", _failing_queryset(OperationalError))
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/batches/")
    assert response.status_code == 503 and MESSAGE in response.content.decode()
    assert client.get("/api/batches/").json()["detail"] == MESSAGE


def test_other_errors_are_left_to_the_500_handler(rf):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(rf.get("/"), ValueError("a bug")) is None
    assert middleware.process_exception(rf.get("/"), OperationalError("gone")).status_code == 503


def test_the_platform_keeps_its_connections_checked(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
