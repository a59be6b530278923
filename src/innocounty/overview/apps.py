from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "innocounty.overview"
    verbose_name = _("建设总览")

    def ready(self) -> None:
        from innocounty.overview import panels

        panels.register()
