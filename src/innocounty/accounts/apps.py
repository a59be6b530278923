from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "innocounty.accounts"
    verbose_name = _("账户与角色")

    def ready(self) -> None:
        from innocounty.accounts import audit_signals  # noqa: F401  (connects the receivers)
