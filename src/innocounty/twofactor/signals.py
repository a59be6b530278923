"""At password sign-in: a user who has enrolled an authenticator owes the second factor (optional users too)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from innocounty.twofactor.policy import PENDING, VERIFIED_AT, has_device


@receiver(user_logged_in, dispatch_uid="innocounty.twofactor.pending")
def _second_factor_pending(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(VERIFIED_AT, None)
    if has_device(user):
        request.session[PENDING] = True
