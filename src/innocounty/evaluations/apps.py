from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "innocounty.evaluations"
    verbose_name = _("评价运行")

    def ready(self) -> None:
        from innocounty.evaluations import tasks

        tasks.register()
