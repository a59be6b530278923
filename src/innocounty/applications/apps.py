from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "innocounty.applications"
    verbose_name = _("申报与建设方案")

    def ready(self) -> None:
        from innocounty.applications import todos, workflow  # noqa: F401  (to-do providers, workflow bindings)
