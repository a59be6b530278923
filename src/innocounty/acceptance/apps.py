from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcceptanceConfig(AppConfig):
    name = "innocounty.acceptance"
    verbose_name = _("评估验收")

    def ready(self) -> None:
        from innocounty.acceptance import bindings, panels, rubric  # noqa: F401

        panels.register()
