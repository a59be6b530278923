from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "innocounty.experts"
    verbose_name = _("专家库与咨询评议")

    def ready(self) -> None:
        from innocounty.accounts import assigned
        from innocounty.experts import access, bindings, todos  # noqa: F401  (workflow bindings, to-do providers)

        assigned.register(access.PROVIDER)
