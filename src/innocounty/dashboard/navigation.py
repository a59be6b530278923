"""The navigation of the shell, declared in one place: each entry names who sees it.

An entry is shown when its ``visible`` predicate allows the user. Apps that add pages add their entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import can_access_admin, user_roles


def _has_any(*roles: str) -> Callable:
    def visible(user) -> bool:
        return any(a.role in roles for a in user_roles(user))

    return visible


def _everyone(user) -> bool:
    return True


def _authenticated(user) -> bool:
    return user.is_authenticated


def _admin(user) -> bool:
    return bool(can_access_admin(user))


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable

    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION: list[NavItem] = [
    NavItem(_("工作台"), "dashboard:home", _authenticated),
    NavItem(_("行政区划"), "dashboard:regions", _authenticated),
    NavItem(_("申报批次"), "batches:list", _authenticated),
    NavItem(_("申报"), "applications:list", _has_any(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR)),
    NavItem(
        _("监测数据"),
        "monitoring:rounds",
        _has_any(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR),
    ),
    NavItem(_("评价运行"), "evaluations:runs", _authenticated),
    NavItem(_("排名与画像"), "rankings:list", _everyone),  # published rankings are public
    NavItem(_("审计日志"), "audit:event_list", _has_any(Role.MINISTRY_OFFICER, Role.AUDITOR)),
    NavItem(_("管理后台"), "admin:index", _admin),
    NavItem(_("API 文档"), "api:openapi-view", _authenticated),
]


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if not item.visible(user):
            continue
        url = item.url()
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
