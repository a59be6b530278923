from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstructionConfig(AppConfig):
    name = "innocounty.construction"
    verbose_name = _("组织建设与年度进展报告")

    def ready(self) -> None:
        from innocounty.construction import bindings, receivers, reminders, todos  # noqa: F401
