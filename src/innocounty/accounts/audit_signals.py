"""Sign-in events in the audit log: login succeeded / failed / locked out, logout.

Passwords never reach the log: Django's ``user_login_failed`` already masks them and only the
username and the client address are kept.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from innocounty.accounts.client_ip import client_ip
from innocounty.audit.chain import record

log = logging.getLogger("innocounty.accounts")
USER_OBJECT_TYPE = "accounts.user"


def client_address(request) -> str:
    if request is None:
        return ""
    return getattr(request, "axes_ip_address", None) or client_ip(request) or ""


def _attempted_username(credentials: dict | None) -> str:
    return str((credentials or {}).get("username", ""))[:150]


@receiver(user_logged_in, dispatch_uid="audit_login_succeeded")
def audit_login_succeeded(sender, request, user, **kwargs):
    record(user, "login.succeeded", user, after={"ip": client_address(request)}, summary="登录成功")


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(user, "logout", user, after={"ip": client_address(request)}, summary="退出登录")


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = _attempted_username(credentials)
    record(
        None,
        "login.failed",
        object_type=USER_OBJECT_TYPE,
        object_id=username,
        object_repr=username,
        after={"username": username, "ip": client_address(request)},
        summary="登录失败",
    )


@receiver(user_locked_out, dispatch_uid="audit_login_locked_out")
def audit_login_locked_out(sender, request, username, ip_address, **kwargs):
    log.warning("login locked out: username=%s ip=%s", username, ip_address)
    record(
        None,
        "login.locked_out",
        object_type=USER_OBJECT_TYPE,
        object_id=username or "",
        object_repr=username or "",
        after={"username": username, "ip": ip_address},
        summary="连续登录失败，账户已被临时锁定",
    )
