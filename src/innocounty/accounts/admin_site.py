"""The Django admin of the platform: for ministry staff, in Chinese, closed to everyone else.

Django lets any active ``is_staff`` user in; here ``can_access_admin`` must allow as well, so a
provincial officer who was given ``is_staff`` by mistake is still refused. What each admitted user
sees inside follows the model permissions registered in ``accounts/rules.py``.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from innocounty.accounts.permissions import can_access_admin


class PlatformAdminSite(admin.AdminSite):
    site_header = _("创新型县（市）建设管理平台 · 管理后台")
    site_title = _("创新型县（市）建设管理平台")
    index_title = _("管理后台")

    def has_permission(self, request):
        return bool(can_access_admin(request.user))
