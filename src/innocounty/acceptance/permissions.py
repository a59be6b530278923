"""Who sees which acceptance subjects (role AND scope).

County officers: their county's; provincial officers: their province's counties'; the ministry and
auditors: all; an expert: only the projects of their acceptance assignments whose no-conflict declaration
is confirmed (the same rule as consultation, ``experts.access``). Who may *act* is the workflow's actor rules.
"""

from __future__ import annotations

from django.db.models import Q

from innocounty.acceptance.models import Acceptance
from innocounty.accounts.models import Role
from innocounty.accounts.permissions import has_nation_wide_role, has_role, is_signed_in, user_roles
from innocounty.experts.models import Assignment
from innocounty.programme.consultation import AssignmentState, Purpose


def _codes(user, role: str, attribute: str) -> set[str]:
    return {getattr(a, attribute) for a in user_roles(user) if a.role == role}


def expert_acceptance_ids(user) -> set[int]:
    if not has_role(user, Role.EXPERT):
        return set()
    rows = Assignment.objects.filter(purpose=Purpose.ACCEPTANCE.value, subject_type="acceptance", expert__user=user,
                                     expert__active=True, state=AssignmentState.DECLARED.value)  # fmt: skip
    return set(rows.values_list("subject_id", flat=True))


def acceptances_visible_to(user):
    rows = Acceptance.objects.select_related(
        "project__county__province", "project__batch", "project__application"
    )
    if not is_signed_in(user):
        return rows.none()
    if has_nation_wide_role(user):
        return rows
    counties = _codes(user, Role.COUNTY_OFFICER, "county_id")
    provinces = _codes(user, Role.PROVINCIAL_OFFICER, "province_id")
    return rows.filter(Q(project__county_id__in=counties) | Q(project__county__province_id__in=provinces)
                       | Q(pk__in=expert_acceptance_ids(user)))  # fmt: skip


def sees_panel(user) -> bool:
    """The panel's scores and names: the ministry and auditors only."""
    return has_nation_wide_role(user)
