"""Nothing but the second factor until it is given.

After the password, a user who needs two factors (policy.two_factor_required) or who has enrolled an
authenticator (the session's PENDING mark) and whose session is not verified may open only the enrolment and
verification pages, sign out, change the language and fetch static files. Pages redirect to verification (or
enrolment when the user has no authenticator yet); the API answers 401 JSON.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse

from innocounty.twofactor.policy import PENDING, is_verified, two_factor_required

OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/healthz")


def _open_paths() -> tuple[str, ...]:
    return (*OPEN_PREFIXES, settings.STATIC_URL or "/static/")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not is_verified(request):
            owes = request.session.get(PENDING) or two_factor_required(user)
            if owes and not request.path_info.startswith(_open_paths()):
                return self._ask(request)
        return self.get_response(request)

    @staticmethod
    def _ask(request):
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": "two-factor verification required", "verify": reverse("twofactor:verify")},
                status=401,
            )
        return redirect_to_login(request.get_full_path(), reverse("twofactor:verify"))
