"""Two-factor sign-in: required for ministry and provincial officers and staff, optional for the others; a
required user without an authenticator enrols before anything else; recovery codes shown once, single-use."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innocounty.audit.models import AuditEvent
from innocounty.twofactor.testing import authenticator_for, code_for, password_only_login

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"  # applications.factories.make_user


def _login_form(client, username, password=PASSWORD, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def _enrol(client, user):
    client.get(reverse("twofactor:enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return device, client.post(reverse("twofactor:enrol"), {"token": code_for(device)})


@pytest.mark.parametrize("who", ["ministry", "province"])
def test_required_user_without_device_must_enrol_before_anything_else(client, cast, who):
    user = getattr(cast, who)
    response = _login_form(client, user.username, next_url="/batches/")
    assert response.status_code == 302  # the password was right
    for path in ["/", "/batches/", "/audit/", "/rankings/"]:
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith(reverse("twofactor:verify")), path
    api = client.get("/api/batches/")
    assert api.status_code == 401 and api.json()["detail"] == "two-factor verification required"
    verify = client.get(reverse("twofactor:verify") + "?next=/batches/")
    assert verify.status_code == 302 and verify["Location"].startswith(reverse("twofactor:enrol"))
    page = client.get(verify["Location"]).content.decode()
    assert 'data-testid="enrol-required"' in page and "<svg" in page and 'data-testid="totp-secret"' in page
    assert "http" not in page.split('data-testid="totp-qr"')[1].split("</figure>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )  # the QR code is drawn here, not fetched from a service


def test_enrolment_shows_recovery_codes_once_and_unlocks_the_platform(client, cast, no_otp_throttle):
    _login_form(client, cast.ministry.username)
    client.get(reverse("twofactor:enrol"))
    device = TOTPDevice.objects.get(user=cast.ministry, confirmed=False)
    wrong = client.post(
        reverse("twofactor:enrol"), {"token": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "field-error" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.ministry, confirmed=True).exists()
    device, done = _enrol(client, cast.ministry)
    codes = [c.token for c in StaticToken.objects.filter(device__user=cast.ministry)]
    assert len(codes) == 10 and all(c in done.content.decode() for c in codes)
    assert client.get("/").status_code == 200
    assert client.get("/batches/").status_code == 200
    security = client.get(reverse("twofactor:security")).content.decode()
    assert 'data-testid="recovery-codes"' not in security and not any(
        c in security for c in codes
    )  # shown once
    assert AuditEvent.objects.filter(action="2fa.enrolled", object_id=str(cast.ministry.pk)).count() == 1
    assert not any(c in str(e.after) + e.summary for e in AuditEvent.objects.all() for c in codes)


def test_required_user_with_device_verifies_after_the_password(client, cast, no_otp_throttle):
    device = authenticator_for(cast.province)
    _login_form(client, cast.province.username, next_url="/batches/")
    assert client.get("/batches/")["Location"].startswith(reverse("twofactor:verify"))
    page = client.get(reverse("twofactor:verify") + "?next=/batches/")
    assert page.status_code == 200 and 'data-testid="otp-verify"' in page.content.decode()
    bad = client.post(reverse("twofactor:verify"), {"token": "12345x", "next": "/batches/"})
    assert bad.status_code == 200 and "field-error" in bad.content.decode()
    assert AuditEvent.objects.filter(action="2fa.failed").count() == 1
    good = client.post(reverse("twofactor:verify"), {"token": code_for(device), "next": "/batches/"})
    assert good.status_code == 302 and good["Location"] == "/batches/"
    assert client.get("/batches/").status_code == 200


def test_a_code_is_accepted_once(client, cast, no_otp_throttle):
    device = authenticator_for(cast.province)
    code = code_for(device)
    password_only_login(client, cast.province)
    assert client.post(reverse("twofactor:verify"), {"token": code})["Location"] == reverse("dashboard:home")
    client.logout()
    password_only_login(client, cast.province)
    replay = client.post(reverse("twofactor:verify"), {"token": code})
    assert replay.status_code == 200  # refused: the same code again (replay)


def test_recovery_code_signs_in_once(client, cast, no_otp_throttle):
    password_only_login(client, cast.ministry)
    _, done = _enrol(client, cast.ministry)
    code = StaticToken.objects.filter(device__user=cast.ministry).first().token
    client.logout()
    password_only_login(client, cast.ministry)
    assert client.post(reverse("twofactor:verify"), {"token": code}).status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="2fa.recovery_code_used").exists()
    client.logout()
    password_only_login(client, cast.ministry)
    assert client.post(reverse("twofactor:verify"), {"token": code}).status_code == 200  # used up
    assert StaticToken.objects.filter(device__user=cast.ministry).count() == 9


def test_regenerating_recovery_codes_voids_the_old_ones_and_needs_a_fresh_code(client, cast, no_otp_throttle):
    import time

    from innocounty.twofactor.testing import mark_session_verified

    password_only_login(client, cast.ministry)
    _enrol(client, cast.ministry)
    old = set(StaticToken.objects.filter(device__user=cast.ministry).values_list("token", flat=True))
    mark_session_verified(
        client, cast.ministry, TOTPDevice.objects.get(user=cast.ministry), at=time.time() - 3600
    )
    stale = client.post(reverse("twofactor:regenerate"))
    assert stale.status_code == 302 and stale["Location"].startswith(reverse("twofactor:verify"))
    assert set(StaticToken.objects.filter(device__user=cast.ministry).values_list("token", flat=True)) == old
    client.post(reverse("twofactor:verify"), {"token": code_for(TOTPDevice.objects.get(user=cast.ministry))})
    page = client.post(reverse("twofactor:regenerate")).content.decode()
    new = set(StaticToken.objects.filter(device__user=cast.ministry).values_list("token", flat=True))
    assert len(new) == 10 and not new & old and all(c in page for c in new)


def test_optional_users_sign_in_with_the_password_unless_they_enrolled(client, cast, no_otp_throttle):
    assert _login_form(client, cast.county.username).status_code == 302
    assert client.get("/").status_code == 200  # no device, not required
    page = client.get(reverse("twofactor:security")).content.decode()
    assert 'data-testid="enrol-link"' in page
    device, _ = _enrol(client, cast.county)
    client.logout()
    _login_form(client, cast.county.username)
    assert client.get("/")["Location"].startswith(reverse("twofactor:verify"))  # enrolled: asked
    client.post(reverse("twofactor:verify"), {"token": code_for(TOTPDevice.objects.get(user=cast.county))})
    assert client.get("/").status_code == 200
    assert client.post(reverse("twofactor:remove")).status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.county).exists()


def test_required_users_cannot_remove_their_second_factor(client, cast):
    client.force_login(cast.ministry)
    client.post(reverse("twofactor:remove"))
    assert TOTPDevice.objects.filter(user=cast.ministry, confirmed=True).exists()


def test_staff_need_two_factors_for_the_admin(client, cast):
    from innocounty.applications.factories import make_user

    staff = make_user("ops-staff", is_staff=True, is_superuser=True)
    _login_form(client, staff.username)
    assert client.get("/admin/")["Location"].startswith(reverse("twofactor:verify"))


def test_the_waiver_lets_required_users_in_with_a_password(client, cast, settings):
    settings.INNOCOUNTY_2FA_REQUIRED = False
    _login_form(client, cast.ministry.username)
    assert client.get("/batches/").status_code == 200


def test_login_throttling_still_locks_after_five_wrong_passwords(client, cast):
    for _ in range(5):
        _login_form(client, cast.ministry.username, password="wrong-password-1")
    locked = _login_form(client, cast.ministry.username)
    assert locked.status_code == 429
    assert client.get("/").status_code != 200 or "current-user" not in client.get("/").content.decode()


def test_code_attempts_are_rate_limited(client, cast, settings, no_otp_throttle):
    settings.INNOCOUNTY_RATE_LIMITS = {"otp": (3, 300)}
    authenticator_for(cast.province)
    password_only_login(client, cast.province)
    answers = [client.post(reverse("twofactor:verify"), {"token": "000001"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_reset_command_removes_the_devices_and_audits(cast):
    from django.core.management import call_command

    authenticator_for(cast.province)
    call_command("reset_2fa", cast.province.username, "--by", cast.ministry.username)
    assert not TOTPDevice.objects.filter(user=cast.province).exists()
    event = AuditEvent.objects.get(action="2fa.reset")
    assert event.actor_id == cast.ministry.pk and event.object_id == str(cast.province.pk)


def test_next_must_stay_on_this_site(client, cast, no_otp_throttle):
    device = authenticator_for(cast.province)
    password_only_login(client, cast.province)
    answer = client.post(
        reverse("twofactor:verify"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert answer["Location"] == reverse("dashboard:home")
