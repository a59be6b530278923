"""The user's own API tokens: listed, created (the clear token shown once, on the answer to the POST that
made it, never again) and revoked after a confirmation page. A token acts as its owner: the same roles and
scopes, checked on every request (accounts/tokens.py, api_auth.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from innocounty.accounts.models import ApiToken
from innocounty.accounts.tokens import create_token, revoke_token

DAY_CHOICES = [(30, gettext_lazy("30 天")), (90, gettext_lazy("90 天")), (365, gettext_lazy("一年"))]


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("用途说明"), max_length=100,
                           help_text=gettext_lazy("例如：省统计系统推送数据"))  # fmt: skip
    days = forms.TypedChoiceField(label=gettext_lazy("有效期"), choices=DAY_CHOICES, coerce=int, initial=90)


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    created = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, _token = create_token(request.user, form.cleaned_data["name"], days=form.cleaned_data["days"],
                                       actor=request.user)  # fmt: skip
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    response = render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "created": created})
    if created:
        response["Cache-Control"] = "no-store"  # the clear token is shown once
    return response


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # one's own tokens only: others' are 404
    if request.method == "POST":
        if token.revoked_at is None:
            revoke_token(token, actor=request.user)
            messages.success(
                request, _("令牌 %(prefix)s… 已吊销，使用它的请求将被拒绝。") % {"prefix": token.prefix}
            )
        return redirect("accounts:tokens")
    return render(request, "accounts/token_revoke.html", {"token": token})
