"""The navigation of the shell, declared in one place: each entry names who sees it.

An entry is shown when its ``visible`` predicate allows the user. ``MAIN`` entries form the one-row menu
under the masthead; ``UTILITY`` entries (admin, API docs) sit with the user menu in the masthead, so the
menu of the busiest role (the ministry) fits one row. Apps that add pages add their entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import can_access_admin, user_roles

MAIN, UTILITY = "main", "utility"


def _has_any(*roles: str) -> Callable:
    def visible(user) -> bool:
        return any(a.role in roles for a in user_roles(user))

    return visible


def _everyone(user) -> bool:
    return True


def _anonymous(user) -> bool:
    return not user.is_authenticated


def _authenticated(user) -> bool:
    return user.is_authenticated


def _admin(user) -> bool:
    return bool(can_access_admin(user))


# An entry's own target per user, registered by the app that owns it (the shell imports no stage app).
TARGETS: dict[str, Callable] = {}


def register_target(url_name: str, target: Callable) -> None:
    """``target(user)`` gives the user's own URL for the entry ``url_name`` (None: the entry's URL)."""
    TARGETS[url_name] = target


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable
    group: str = MAIN
    def url(self, user=None) -> str:
        """The user's own target of the entry when its app registered one (e.g. the province's desk)."""
        target = TARGETS.get(self.url_name)
        if target is not None and user is not None:
            own = target(user)
            if own:
                return own
        return reverse(self.url_name)


NAVIGATION: list[NavItem] = [
    NavItem(_("工作台"), "dashboard:home", _authenticated),
    NavItem(_("行政区划"), "dashboard:regions", _authenticated),
    NavItem(_("申报批次"), "batches:list", _authenticated),
    NavItem(
        _("申报"),
        "applications:list",
        _has_any(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR),
    ),
    NavItem(
        _("评审"),
        "reviews:index",
        _has_any(Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR),
    ),  # reviews registers the province's desk of the current batch as its target
    # Experts' own entry; the ministry reaches the pool and the panels from 评审 (the menu keeps one row).
    NavItem(_("评审任务"), "experts:index", _has_any(Role.EXPERT)),
    # The ministry reaches the approval list from 评审 too; visitors reach the public notices from the menu.
    NavItem(_("公示"), "public:notices", _anonymous),
    NavItem(
        _("建设与年报"),
        "construction:index",
        _has_any(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR),
    ),
    NavItem(
        _("评估验收"),
        "acceptance:index",
        _has_any(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR, Role.EXPERT),
    ),
    NavItem(
        _("监测数据"),
        "monitoring:rounds",
        _has_any(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR),
    ),
    NavItem(_("评价运行"), "evaluations:runs", _authenticated),
    NavItem(_("排名与画像"), "rankings:list", _everyone),  # published rankings are public
    NavItem(_("建设总览"), "overview:dashboard", _everyone),  # published programme figures are public
    NavItem(_("审计日志"), "audit:event_list", _has_any(Role.MINISTRY_OFFICER, Role.AUDITOR)),
    NavItem(_("管理后台"), "admin:index", _admin, group=UTILITY),
    NavItem(_("API 文档"), "api:openapi-view", _authenticated, group=UTILITY),
]


def navigation_for(user, current_path: str, group: str = MAIN) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.group != group or not item.visible(user):
            continue
        url = item.url(user)
        section = reverse(item.url_name)
        active = (
            current_path == url if url == "/" else current_path.startswith(section) or current_path == url
        )
        items.append({"label": item.label, "url": url, "active": active})
    return items


def active_section(items: list[dict]) -> dict | None:
    """The main-menu entry of the current page (for the breadcrumbs), the home entry excepted."""
    return next((i for i in items if i["active"] and i["url"] != "/"), None)
