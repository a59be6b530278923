"""Who acts, as the core sees it: the user's role assignments as scoped grants."""

from __future__ import annotations

from innocounty.accounts.permissions import user_roles
from innocounty.programme import Actor, RoleGrant
from innocounty.programme import Role as CoreRole

SYSTEM = Actor((RoleGrant(CoreRole.SYSTEM),), user_id=None, name="system")


def actor_for(user) -> Actor:
    """The core's :class:`Actor` for ``user``; ``None`` is the platform itself (background jobs)."""
    if user is None:
        return SYSTEM
    grants = []
    for a in user_roles(user):
        if a.role == CoreRole.COUNTY_OFFICER:
            grants.append(RoleGrant(CoreRole(a.role), a.county.province_id, a.county_id))
        else:
            grants.append(RoleGrant(CoreRole(a.role), a.province_id, None))
    return Actor(tuple(grants), user_id=getattr(user, "pk", None), name=str(user))


def core_roles(user) -> list[CoreRole]:
    return [CoreRole(a.role) for a in user_roles(user)] if user is not None else [CoreRole.SYSTEM]
