"""The user's own API tokens page: create (shown once), list, revoke after confirmation; scoped like the owner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innocounty.accounts.models import ApiToken


@pytest.fixture
def officer(cast):
    return cast.county


def test_a_token_is_shown_once_and_works_as_its_owner(client, officer, cast):
    client.force_login(officer)
    response = client.post(reverse("accounts:tokens"), {"name": "省统计系统", "days": "90"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    clear = response.context["created"]
    assert clear.startswith("ic_") and clear in response.content.decode()
    again = client.get(reverse("accounts:tokens"))
    assert clear not in again.content.decode() and clear[:10] in again.content.decode()  # the prefix only
    me = client.__class__().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert me.status_code == 200 and me.json()["username"] == officer.username
    # scoped like its owner: a county officer's token does not reach the audit log
    audit = client.__class__().get("/api/audit/events", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert audit.status_code == 403


def test_revoking_asks_first_then_the_token_stops_working(client, officer):
    client.force_login(officer)
    clear = client.post(reverse("accounts:tokens"), {"name": "x", "days": "30"}).context["created"]
    token = ApiToken.objects.get(user=officer)
    confirm = client.get(reverse("accounts:token_revoke", args=[token.pk]))
    assert confirm.status_code == 200 and "确认吊销" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # the GET only asks
    done = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert done.status_code == 302 and done["Location"] == reverse("accounts:tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.__class__().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert refused.status_code == 401
    assert "已吊销" in client.get(reverse("accounts:tokens")).content.decode()


def test_another_users_token_cannot_be_revoked(client, officer, cast):
    client.force_login(officer)
    client.post(reverse("accounts:tokens"), {"name": "x", "days": "30"})
    token = ApiToken.objects.get(user=officer)
    client.force_login(cast.province)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    "data", [{"name": "", "days": "90"}, {"name": "x", "days": "7"}, {"name": "长" * 101}]
)
def test_invalid_input_is_shown_not_saved(client, officer, data):
    client.force_login(officer)
    response = client.post(reverse("accounts:tokens"), data)
    assert (
        response.status_code == 200
        and response.context["form"].errors
        and response.context["created"] is None
    )
    assert not ApiToken.objects.exists()
