from django.conf import settings

from innocounty.accounts.permissions import user_roles
from innocounty.dashboard.navigation import UTILITY, active_section, navigation_for
from innocounty.notifications.service import unread_count


def platform(request=None) -> dict:
    """The masthead and footer facts; also for pages rendered without a request (500, CSRF failure)."""
    return {
        "platform_name": settings.PLATFORM_NAME,
        "platform_operator": settings.PLATFORM_OPERATOR,
        "platform_office": settings.PLATFORM_OFFICE,
    }


def shell(request):
    """Platform name, navigation and the user's roles with their scopes, for the base layout."""
    user = getattr(request, "user", None)
    context = {**platform(), "nav_items": [], "utility_items": [], "user_roles": [], "unread_notices": 0,
               "nav_section": None}  # fmt: skip
    if user is not None:
        context["nav_items"] = navigation_for(user, request.path)
        context["utility_items"] = navigation_for(user, request.path, UTILITY)
        context["nav_section"] = active_section(context["nav_items"])
    if user is not None and user.is_authenticated:
        context["unread_notices"] = unread_count(user)
        context["user_roles"] = sorted(user_roles(user), key=lambda a: a.role)
    return context
