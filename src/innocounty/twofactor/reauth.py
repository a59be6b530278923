"""Re-authentication before consequential acts: one check in the workflow adapter covers every one.

Every transition whose table declares ``consequence=`` (the UI confirms it, the API requires confirm=true)
passes :func:`reauth_problem` in ``innocounty.workflow.adapter.apply_transition`` once the workflow has
allowed it and before anything is written. When the actor needs two factors (policy.two_factor_required) and
acts in a signed-in web session whose last verification is older than ``INNOCOUNTY_2FA_REAUTH_MINUTES``, the
act is refused with the problem ``reauth_required`` unless the request carries a valid one-time code:
the form field ``otp_token`` (partials/_confirm.html adds it to every confirmation when needed) or the header
``X-OTP-Token`` (session clients of the API). A valid code refreshes the verification.

Not asked: acts the platform performs itself (``user`` None: queue jobs), acts that follow from another act
(``via``: checked at the act that caused them), acts outside a web request (management commands, the demo:
whoever runs them holds the server), and API token clients — machines with a 256-bit revocable secret and no
person at a keyboard (docs/security.md "API tokens and two factors").
"""

from __future__ import annotations

from innocounty.common.request_context import current_request
from innocounty.programme.problems import Problem, gettext_noop
from innocounty.twofactor.policy import is_fresh, mark_verified, two_factor_required

CODE = "reauth_required"
MESSAGE = gettext_noop(
    "此操作影响重大：请在确认框中输入身份验证器的动态码（距上次验证已超过 %(minutes)s 分钟），再提交一次。"
)
WRONG = gettext_noop("动态码不正确或已用过：请输入身份验证器当前显示的动态码后再提交。")
FIELD = "otp_token"
HEADER = "X-OTP-Token"


def asks(request, user) -> bool:
    """Whether a consequential act of ``user`` in ``request`` would ask for a code now."""
    if request is None or user is None or not getattr(user, "pk", None):
        return False
    if getattr(request, "innocounty_api_token", False):
        return False
    session_user = getattr(request, "user", None)
    if session_user is None or session_user.pk != user.pk:
        return False
    return two_factor_required(user) and not is_fresh(request)


def reauth_problem(user, transition, via: str | None = None) -> Problem | None:
    """None when the act may proceed; else the problem to refuse it with (see the module)."""
    if via is not None or not getattr(transition, "consequential", False):
        return None
    request = current_request()
    if not asks(request, user):
        return None
    from django.conf import settings

    from innocounty.twofactor import services

    token = (request.POST.get(FIELD) if request.method == "POST" else "") or request.headers.get(HEADER, "")
    if token:
        device = services.verify(user, token)
        if device is not None:
            mark_verified(request, device)
            return None
        return Problem(CODE, WRONG, path=FIELD)
    return Problem(CODE, MESSAGE, path=FIELD, params={"minutes": settings.INNOCOUNTY_2FA_REAUTH_MINUTES})
