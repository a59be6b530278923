"""Who hears about round and submission changes; the sending is ``innocounty.notifications.service.notify``
(an in-app notice plus an e-mail after the transaction commits)."""

from __future__ import annotations

from innocounty.accounts.models import Role, User
from innocounty.notifications.service import notify

__all__ = ["ministry_officers", "notify", "provincial_officers"]


def ministry_officers() -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.MINISTRY_OFFICER).distinct())


def provincial_officers(province_code: str | None = None) -> list[User]:
    users = User.objects.filter(is_active=True, role_assignments__role=Role.PROVINCIAL_OFFICER)
    if province_code is not None:
        users = users.filter(role_assignments__province_id=province_code)
    return list(users.distinct())
