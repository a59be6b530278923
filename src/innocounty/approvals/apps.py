from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "innocounty.approvals"
    verbose_name = _("质询、实地考察、批准建设名单与公示")

    def ready(self) -> None:
        from innocounty.approvals import bindings, reminders  # noqa: F401  (workflow bindings, reminder source)
