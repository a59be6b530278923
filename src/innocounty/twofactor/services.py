"""Enrolment, verification, recovery codes and reset, on django-otp's TOTP and static devices.

A user has at most one confirmed TOTP device (the authenticator app) and one static device holding the
recovery codes (each usable once). Every change and every failed code is audited; secrets never are.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innocounty.audit.chain import record

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (a new secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (segno; nothing leaves the server)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1a1a1a", light="#ffffff")


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for typing into an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _clean(token: str) -> str:
    return "".join((token or "").split())[:32]


def confirm_enrolment(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with a first code: it replaces any former authenticator, recovery codes are issued.
    Returns the new recovery codes (shown once), or None when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        if not device.verify_token(_clean(token)):
            record(user, "2fa.failed", user, summary="启用双因素登录时动态码错误")
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _issue_recovery_codes(user)
        record(user, "2fa.enrolled", user, summary="启用双因素登录（身份验证器）")
    return codes


def _issue_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.INNOCOUNTY_2FA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def regenerate_recovery_codes(user) -> list[str]:
    with transaction.atomic():
        codes = _issue_recovery_codes(user)
        record(user, "2fa.recovery_codes_regenerated", user, summary="重新生成恢复码（旧恢复码作废）")
    return codes


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def verify(user, token: str):
    """The confirmed device accepting ``token`` (authenticator code or recovery code), or None; audited."""
    token = _clean(token)
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    record(user, "2fa.recovery_code_used", user,
                           after={"remaining": remaining_recovery_codes(user)}, summary="使用恢复码完成验证")  # fmt: skip
                else:
                    record(user, "2fa.verified", user, summary="动态码验证通过")
                return device
    record(user, "2fa.failed", user, summary="动态码或恢复码错误")
    return None


def remove(user, actor=None, action: str = "2fa.removed") -> None:
    """Delete every device of ``user`` (the user's own choice, or an operator's reset after a lost phone)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        summary = "停用双因素登录" if action == "2fa.removed" else f"重置 {user.get_username()} 的双因素登录"
        record(actor or user, action, user, summary=summary)
