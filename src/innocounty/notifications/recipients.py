"""Who hears about a change: the officers of a role, scoped as the workflow names them (every app's
notifications use these); the sending is :func:`innocounty.notifications.service.notify` (an in-app notice
plus an e-mail after the transaction commits)."""

from __future__ import annotations

from innocounty.accounts.models import Role, User
from innocounty.notifications.service import notify

__all__ = ["ministry_officers", "notify", "provincial_officers", "users_for"]


def ministry_officers() -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.MINISTRY_OFFICER).distinct())


def provincial_officers(province_code: str | None = None) -> list[User]:
    users = User.objects.filter(is_active=True, role_assignments__role=Role.PROVINCIAL_OFFICER)
    if province_code is not None:
        users = users.filter(role_assignments__province_id=province_code)
    return list(users.distinct())


def users_for(recipient, county_codes=()) -> list[User]:
    """The active users a workflow's :class:`~innocounty.programme.machine.Recipient` names: county officers of
    its county (or of ``county_codes``), provincial officers of its province, or everyone holding the role."""
    from innocounty.accounts.models import RoleAssignment

    rows = RoleAssignment.objects.filter(role=recipient.role.value)
    if recipient.role.value == Role.COUNTY_OFFICER:
        codes = [recipient.county_code] if recipient.county_code else list(county_codes)
        rows = rows.filter(county_id__in=codes)
    elif recipient.role.value == Role.PROVINCIAL_OFFICER:
        rows = rows.filter(province_id=recipient.province_code)
    return list(User.objects.filter(pk__in=rows.values("user_id"), is_active=True))
