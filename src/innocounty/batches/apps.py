from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BatchesConfig(AppConfig):
    name = "innocounty.batches"
    verbose_name = _("批次")

    def ready(self) -> None:
        from innocounty.batches import services  # noqa: F401  (the batch's workflow binding)
