"""Who must sign in with two factors, and how fresh a verification must be for a consequential act.

Required (unless ``INNOCOUNTY_2FA_REQUIRED`` is False, as only the dev settings allow): ministry officers,
provincial officers and staff (whoever may open the admin). Everybody else may enrol an authenticator and is
then asked for it at every sign-in.

Times here are wall-clock seconds (``time.time()``), not the programme clock of ``innocounty.common.clock``:
the re-authentication window, like the session's expiry and the one-time codes themselves, is elapsed real
time, and must not move when a demo or a test replays a story under ``clock.at``.
"""

from __future__ import annotations

import time

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import user_roles

REQUIRED_ROLES = frozenset({Role.MINISTRY_OFFICER, Role.PROVINCIAL_OFFICER})
VERIFIED_AT = "innocounty_2fa_verified_at"  # session key: when the last one-time code was accepted
PENDING = "innocounty_2fa_pending"  # session key: an optional user with a device has not verified yet


def required_by_role(user) -> bool:
    """Whether the user's roles (or staff status) call for two factors, whatever the setting says."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_staff or any(a.role in REQUIRED_ROLES for a in user_roles(user)))


def two_factor_required(user) -> bool:
    return bool(getattr(settings, "INNOCOUNTY_2FA_REQUIRED", True)) and required_by_role(user)


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def is_verified(request) -> bool:
    """This session passed the second factor (django-otp's device is loaded and belongs to the user)."""
    user = getattr(request, "user", None)
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified() and request.session.get(VERIFIED_AT))


def reauth_seconds() -> int:
    return int(getattr(settings, "INNOCOUNTY_2FA_REAUTH_MINUTES", 15)) * 60


def is_fresh(request) -> bool:
    """Verified within the re-authentication window."""
    if not is_verified(request):
        return False
    age = time.time() - float(request.session.get(VERIFIED_AT) or 0)
    return 0 <= age <= reauth_seconds()


def mark_verified(request, device) -> None:
    """Record an accepted code: django-otp's session device, and the time (for re-authentication)."""
    from django_otp import login as otp_login

    otp_login(request, device)
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    request.session[VERIFIED_AT] = time.time()
    request.session.pop(PENDING, None)
