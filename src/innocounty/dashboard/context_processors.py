from django.conf import settings

from innocounty.dashboard.navigation import navigation_for
from innocounty.notifications.service import unread_count


def shell(request):
    """Platform name, navigation and the user's roles with their scopes, for the base layout."""
    user = getattr(request, "user", None)
    context = {"platform_name": settings.PLATFORM_NAME, "nav_items": [], "user_roles": [], "unread_notices": 0}
    if user is not None and user.is_authenticated:
        context["nav_items"] = navigation_for(user, request.path)
        context["unread_notices"] = unread_count(user)
        context["user_roles"] = list(
            user.role_assignments.select_related("province", "county__province").order_by("role")
        )
    return context
