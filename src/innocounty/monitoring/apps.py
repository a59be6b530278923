from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "innocounty.monitoring"
    verbose_name = _("监测数据")

    def ready(self) -> None:
        from innocounty.monitoring import bindings, entry_bindings, reporting, todos  # noqa: F401  (workflow bindings, reminders, to-dos)
