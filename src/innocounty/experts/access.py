"""The expert's scope "assigned": an expert sees an application — its plan, attachments, versions and the
county's monitoring profile — only while an **accepted** assignment whose **no-conflict declaration is
confirmed** (state ``declared``) links them, and only while the expert is active in the pool.

:func:`assigned_application_ids` is the one answer; the applications app (pages, attachments, API, search
and PDF all go through ``applications.permissions.applications_visible_to``) and the rankings profile ask
it through :mod:`innocounty.accounts.assigned`, registered in ``ExpertsConfig.ready``. Nothing else of
the programme is opened to an expert.
"""

from __future__ import annotations

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import has_role
from innocounty.experts.models import Assignment
from innocounty.programme.consultation import AssignmentState

_CACHE = "_innocounty_assigned_ids"


def _assignments(user):
    return Assignment.objects.filter(
        expert__user=user, expert__active=True, state=AssignmentState.DECLARED.value
    )


def assigned_application_ids(user) -> set[int]:
    """The applications ``user`` may see as an expert (empty for anyone without the expert role)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not has_role(user, Role.EXPERT):
        return set()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = set(_assignments(user).values_list("application_id", flat=True))
        setattr(user, _CACHE, cached)
    return set(cached)


def forget(user) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def expert_may_see(user, application) -> bool:
    return application is not None and application.pk in assigned_application_ids(user)


def assigned_county_codes(user) -> set[str]:
    ids = assigned_application_ids(user)
    if not ids:
        return set()
    from innocounty.applications.models import Application

    return set(Application.objects.filter(pk__in=ids).values_list("county_id", flat=True))


class _Provider:
    assigned_application_ids = staticmethod(assigned_application_ids)
    assigned_county_codes = staticmethod(assigned_county_codes)


PROVIDER = _Provider()
