"""Test helpers: sign in with both factors, and codes a device accepts.

``verified_login(client, user)`` logs ``user`` in as if the password and a one-time code had been given: a
user who needs two factors gets a confirmed authenticator (``test``) if none exists, and the session records
the verification now. tests/conftest.py makes ``client.force_login`` and ``client.login`` do this, so every
test signs in as a complete person; ``password_only_login`` gives the half-signed-in state the two-factor
tests examine. ``code_for(device)`` is a code the device accepts now (not yet used: TOTP codes are single-use).
"""

from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from innocounty.twofactor.policy import VERIFIED_AT, required_by_role


def authenticator_for(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code of the earliest time step the device still accepts (its tolerance allows one step ahead)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = time.time()
    centre = totp.t() + device.drift  # the device accepts centre ± tolerance, above its last used step
    for t in range(centre - device.tolerance, centre + device.tolerance + 1):
        if t > device.last_t:
            totp.time = device.t0 + t * device.step
            return f"{totp.token():0{device.digits}d}"
    raise RuntimeError("no unused code in the tolerance window; wait for the next step")


def mark_session_verified(client, user, device=None, at: float | None = None) -> None:
    device = device or authenticator_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT] = time.time() if at is None else at
    session.save()


def verified_login(client, user) -> None:
    """Signed in with both factors (a user who needs none just signed in)."""
    client.force_login(user)
    if required_by_role(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        mark_session_verified(client, user)


def password_only_login(client, user) -> None:
    """Signed in with the password only (what the login form leaves behind before the code)."""
    client._innocounty_password_only = True
    try:
        client.force_login(user)
    finally:
        client._innocounty_password_only = False
    session = client.session
    session.pop(VERIFIED_AT, None)
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.save()


def patch_test_client(monkeypatch) -> None:
    """Make ``Client.force_login`` / ``Client.login`` complete the second factor too (tests/conftest.py)."""
    from django.test.client import ClientMixin

    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        if getattr(self, "_innocounty_password_only", False):
            return
        if required_by_role(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            mark_session_verified(self, user)

    monkeypatch.setattr(ClientMixin, "_login", _login)
