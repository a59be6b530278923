from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "innocounty.dashboard"
    verbose_name = _("工作台")

    def ready(self):
        from innocounty.dashboard import axes_labels

        axes_labels.register()
