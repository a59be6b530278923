from django.conf import settings

from innocounty.accounts.permissions import user_roles
from innocounty.dashboard.navigation import navigation_for
from innocounty.notifications.service import unread_count


def shell(request):
    """Platform name, navigation and the user's roles with their scopes, for the base layout."""
    user = getattr(request, "user", None)
    context = {"platform_name": settings.PLATFORM_NAME, "nav_items": [], "user_roles": [], "unread_notices": 0}
    if user is not None:
        context["nav_items"] = navigation_for(user, request.path)
    if user is not None and user.is_authenticated:
        context["unread_notices"] = unread_count(user)
        context["user_roles"] = sorted(user_roles(user), key=lambda a: a.role)
    return context
