from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "innocounty.rankings"
    verbose_name = _("排名与画像")
