"""Bearer tokens for the API: only digests stored, bad/expired/revoked tokens refused; session auth too."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from innocounty.accounts.models import ApiToken
from innocounty.accounts.tokens import create_token, digest, revoke_token, user_for_token
from innocounty.audit.models import AuditEvent

ME = "/api/accounts/me"


def _me(client, token):
    return client.get(ME, headers={"Authorization": f"Bearer {token}"})


def test_token_authenticates_me_with_roles_and_scopes(client, people):
    clear, _token = create_token(people.county_officer, name="统计接口")
    response = _me(client, clear)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "zhengding" and body["display_name"] == "正定县科技局"
    assert body["roles"] == [
        {
            "role": "county_officer",
            "role_label": "县（市）管理员",
            "province": None,
            "county": "130123",
            "scope": "河北省 正定县",
        }
    ]


def test_only_the_digest_is_stored(people):
    clear, token = create_token(people.auditor)
    token.refresh_from_db()
    assert token.digest == digest(clear) and clear not in (token.digest, token.prefix)
    assert clear.startswith(token.prefix) and len(clear) > 40


def test_token_use_is_recorded(client, people):
    clear, token = create_token(people.auditor)
    assert token.last_used_at is None
    _me(client, clear)
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header", ["", "Bearer ", "Bearer ic_not-a-real-token", "Token abc", "Bearer nonsense"]
)
def test_missing_or_unknown_tokens_are_refused(client, db, header):
    headers = {"Authorization": header} if header else {}
    assert client.get(ME, headers=headers).status_code == 401


def test_expired_token_is_refused(client, people):
    clear, token = create_token(people.auditor, days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _me(client, clear).status_code == 401
    assert user_for_token(clear) is None


def test_revoked_token_is_refused_and_the_revocation_audited(client, people):
    clear, token = create_token(people.auditor)
    assert _me(client, clear).status_code == 200
    revoke_token(token, actor=people.ministry_officer)
    assert _me(client, clear).status_code == 401
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.actor == people.ministry_officer and event.after["revoked_at"] is not None


def test_token_of_an_inactive_user_is_refused(client, people):
    clear, _token = create_token(people.auditor)
    people.auditor.is_active = False
    people.auditor.save()
    assert _me(client, clear).status_code == 401


def test_session_authentication_works_for_the_api(client, people):
    assert client.get(ME).status_code == 401
    client.force_login(people.provincial_officer)
    assert client.get(ME).json()["roles"][0]["scope"] == "河北省"


def test_create_api_token_command_prints_a_working_token_once(client, people):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "hebei", "--name", "省厅对接", "--days", "30", stdout=out, stderr=err)
    clear = out.getvalue().strip()
    assert clear.startswith("ic_") and "will not be shown again" in err.getvalue()
    token = ApiToken.objects.get(digest=digest(clear))
    assert token.name == "省厅对接" and token.user == people.provincial_officer
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert _me(client, clear).status_code == 200
    created = AuditEvent.objects.get(action="api_token.created")
    assert clear not in str(created.after) and token.digest not in str(created.after)


def test_create_api_token_command_without_expiry_and_for_unknown_users(people):
    out = StringIO()
    call_command("create_api_token", "most", "--days", "0", stdout=out, stderr=StringIO())
    assert ApiToken.objects.get(digest=digest(out.getvalue().strip())).expires_at is None
    with pytest.raises(CommandError, match="no user named"):
        call_command("create_api_token", "ghost", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="not active"):
        call_command("create_api_token", "retired", stdout=StringIO(), stderr=StringIO())
