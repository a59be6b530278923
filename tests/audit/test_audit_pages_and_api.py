"""/audit/ and /api/audit/…: for ministry officers and auditors only, with filters and pages."""

import pytest

from innocounty.accounts.tokens import create_token
from innocounty.audit.chain import record
from innocounty.audit.models import AuditEvent


@pytest.fixture
def events(people):
    record(people.ministry_officer, "role.granted", people.provincial_officer, summary="授予角色")
    record(people.ministry_officer, "role.revoked", people.provincial_officer, summary="撤销角色")
    record(None, "login.failed", object_type="accounts.user", object_id="ghost", object_repr="ghost")
    return AuditEvent.objects.order_by("seq")


def _bearer(user):
    return {"Authorization": f"Bearer {create_token(user)[0]}"}


def test_audit_page_lists_events_for_an_auditor(client, people, events):
    client.force_login(people.auditor)
    response = client.get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "审计日志" in page and "role.granted" in page and "ghost" in page


def test_audit_page_filters(client, people, events):
    client.force_login(people.ministry_officer)
    listed = client.get("/audit/", {"action": "role.revoked"}).context["page"].object_list
    assert [e.action for e in listed] == ["role.revoked"]
    listed = client.get("/audit/", {"action": "role."}).context["page"].object_list
    assert [e.action for e in listed] == ["role.revoked", "role.granted"]
    listed = client.get("/audit/", {"actor": "most"}).context["page"].object_list
    assert {e.action for e in listed} == {"role.granted", "role.revoked", "login.succeeded"}
    listed = (
        client.get("/audit/", {"object_type": "accounts.user", "object_id": "ghost"})
        .context["page"]
        .object_list
    )
    assert [e.action for e in listed] == ["login.failed"]


def test_audit_page_is_refused_to_a_provincial_officer_with_the_reason(client, people, events):
    client.force_login(people.provincial_officer)
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "审计日志仅限科技部工作人员和审计员查看。" in response.content.decode()


def test_audit_page_sends_anonymous_visitors_to_login(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_api_lists_events_newest_first_with_filters(client, people, events):
    headers = _bearer(people.auditor)
    body = client.get("/api/audit/events", headers=headers).json()
    assert body["count"] == 4  # three events and the token's creation
    assert [e["seq"] for e in body["items"]] == [4, 3, 2, 1]
    granted = client.get("/api/audit/events", {"action": "role.granted"}, headers=headers).json()["items"]
    assert len(granted) == 1
    assert granted[0]["actor"] == "most" and granted[0]["object_repr"] == "hebei"
    assert granted[0]["prev_hash"] == AuditEvent.objects.get(seq=1).prev_hash


def test_api_pages_events(client, people):
    for n in range(55):
        record(None, "test.bulk", summary=str(n))
    headers = _bearer(people.ministry_officer)
    first = client.get("/api/audit/events", headers=headers).json()
    second = client.get("/api/audit/events", {"page": 2}, headers=headers).json()
    assert first["count"] == 56 and len(first["items"]) == 50 and len(second["items"]) == 6


def test_api_refuses_other_roles_with_the_reason(client, people, events):
    response = client.get("/api/audit/events", headers=_bearer(people.provincial_officer))
    assert response.status_code == 403
    assert response.json() == {"detail": "审计日志仅限科技部工作人员和审计员查看。"}
    assert client.get("/api/audit/events").status_code == 401


def test_api_verifies_the_chain(client, people, events):
    body = client.get("/api/audit/chain", headers=_bearer(people.auditor)).json()
    assert body["ok"] is True and body["checked"] == 4 and body["broken_at"] is None
    assert client.get("/api/audit/chain", headers=_bearer(people.provincial_officer)).status_code == 403
