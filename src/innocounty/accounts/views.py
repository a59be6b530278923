from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from innocounty.audit.chain import record


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (which keeps the current session valid), written to the audit log."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(self.request.user, "password.changed", self.request.user, summary="用户修改了自己的密码")
        return response
