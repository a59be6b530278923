"""The second factor's pages: verify (after the password, and again before consequential acts), enrol,
the account's security page with the recovery codes. Every page here is open to a signed-in user whose
session is not verified yet (middleware.OPEN_PREFIXES); everything else is not."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.common.ratelimit import RateLimited, check, too_many_requests
from innocounty.twofactor import services
from innocounty.twofactor.forms import CodeForm, EnrolForm
from innocounty.twofactor.policy import has_device, is_fresh, is_verified, mark_verified, two_factor_required


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


def _next(request, default: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default or reverse("dashboard:home")


@login_required
def verify(request):
    """The one-time code: after the password, or to re-authenticate (``?next=`` the page to return to)."""
    if not has_device(request.user):
        if two_factor_required(request.user):
            return redirect(_with_next("twofactor:enrol", _next(request)))
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check("otp", f"user:{request.user.pk}")
        except RateLimited as exc:
            return too_many_requests(request, exc)
        device = services.verify(request.user, form.cleaned_data["token"])
        if device is not None:
            mark_verified(request, device)
            if device.persistent_id.startswith("otp_static"):
                left = services.remaining_recovery_codes(request.user)
                messages.warning(request, _("已使用一个恢复码，还剩 %(n)s 个。") % {"n": left})
            return redirect(_next(request))
        form.add_error("token", _("动态码不正确或已用过，请等待下一个动态码后重试。"))
    again = is_verified(request)
    return render(request, "twofactor/verify.html", {"form": form, "next": _next(request), "again": again})


@login_required
def enrol(request):
    """Scan the QR code (or type the secret), confirm with a first code; the recovery codes are shown once."""
    if has_device(request.user) and not is_fresh(request):
        return redirect(_with_next("twofactor:verify", reverse("twofactor:enrol")))
    device = services.pending_device(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check("otp", f"user:{request.user.pk}")
        except RateLimited as exc:
            return too_many_requests(request, exc)
        codes = services.confirm_enrolment(request.user, device, form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            mark_verified(request, device)
            return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("token", _("动态码不正确：请确认手机时间准确，并输入当前显示的动态码。"))
    context = {"form": form, "qr": services.qr_svg(device), "secret": services.secret_text(device),
               "next": _next(request), "required": two_factor_required(request.user)}  # fmt: skip
    return render(request, "twofactor/enrol.html", context)


@login_required
def security(request):
    """账户安全: whether two factors are on, the recovery codes left, regenerate, remove (optional users)."""
    context = {
        "authenticator": services.authenticator(request.user),
        "recovery_left": services.remaining_recovery_codes(request.user),
        "required": two_factor_required(request.user),
    }
    return render(request, "twofactor/security.html", context)


def _fresh_or_verify(request):
    if not is_fresh(request):
        messages.info(request, _("请先输入动态码确认身份。"))
        return redirect(_with_next("twofactor:verify", reverse("twofactor:security")))
    return None


@require_POST
@login_required
def regenerate(request):
    if (answer := _fresh_or_verify(request)) is not None:
        return answer
    codes = services.regenerate_recovery_codes(request.user)
    return render(
        request, "twofactor/recovery_codes.html", {"codes": codes, "next": reverse("twofactor:security")}
    )


@require_POST
@login_required
def remove(request):
    if two_factor_required(request.user):
        messages.error(request, _("您的角色必须使用双因素登录，不能停用；更换手机请重新绑定。"))
        return redirect("twofactor:security")
    if (answer := _fresh_or_verify(request)) is not None:
        return answer
    services.remove(request.user)
    messages.success(request, _("已停用双因素登录。"))
    return redirect("twofactor:security")
