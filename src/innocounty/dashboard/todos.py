"""To-do items per role, shown on each role's home page.

Apps contribute *providers*: functions ``(user, assignment) -> list[TodoItem]`` registered for a role with
``@todo_provider(Role.X)``. The home page asks every provider registered for each of the user's roles.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from innocounty.accounts.models import Role, RoleAssignment, User


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    detail: str = ""
    deadline: dt.date | None = None

    @property
    def days_left(self) -> int | None:
        if self.deadline is None:
            return None
        from django.utils import timezone

        return (self.deadline - timezone.localdate()).days


_PROVIDERS: dict[str, list[Callable]] = defaultdict(list)


def todo_provider(role: str) -> Callable:
    def register(fn: Callable) -> Callable:
        _PROVIDERS[role].append(fn)
        return fn

    return register


def todos_for(user, assignment: RoleAssignment) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in _PROVIDERS.get(assignment.role, []):
        items.extend(provider(user, assignment))
    return sorted(items, key=lambda t: (t.deadline is None, t.deadline or dt.date.max, str(t.title)))


@todo_provider(Role.MINISTRY_OFFICER)
def users_without_roles(user, assignment) -> list[TodoItem]:
    """Accounts that can log in but hold no role see nothing: the ministry should grant or deactivate them."""
    count = User.objects.filter(is_active=True, role_assignments__isnull=True, is_superuser=False).count()
    if not count:
        return []
    return [
        TodoItem(
            title=_("有 %(n)d 个账户尚未分配角色") % {"n": count},
            url="/admin/accounts/user/?role_assignments__isnull=True",
            detail=_("为其分配角色及授权范围，或停用账户。"),
        )
    ]
