from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "innocounty.reviews"
    verbose_name = _("地方推荐、形式审查与数据评价")

    def ready(self) -> None:
        from innocounty.dashboard.navigation import register_target
        from innocounty.reviews import services, todos  # noqa: F401  (to-do providers, workflow bindings)
        from innocounty.reviews.desks import current_desk_url

        register_target("reviews:index", current_desk_url)
