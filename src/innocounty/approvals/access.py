"""Who may see what of the approval stage (role AND object scope), as the accounts predicates do.

- the list, its objections and every inspection record: the ministry (acting) and the auditor (reading);
- an inspection record: also the provincial officers of the county's province where the ministry opened
  it to them (``province_may_see``);
- questions: the ministry, the auditor, the county asked, its province, and the application's panel;
- the 申报书: whoever may see the county (county, province, nation); the 推荐函: the province, the nation.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import (
    Allow,
    Decision,
    Refuse,
    can_manage_programme,
    can_view_county,
    can_view_nation,
    can_view_province,
    user_roles,
)
from innocounty.approvals.panel import panel_user_ids

__all__ = ["can_manage_programme", "can_view_county", "can_view_nation", "can_view_province", "may_see_inspection",
           "may_see_questions"]  # fmt: skip


def _no(reason: str) -> Decision:
    return Refuse(reason)


def may_see_inspection(user, inspection) -> Decision:
    if can_view_nation(user):
        return Allow()
    province = inspection.application.county.province_id
    if inspection.province_may_see and any(
        a.role == Role.PROVINCIAL_OFFICER and a.province_id == province for a in user_roles(user)
    ):
        return Allow()
    return _no(_("实地考察记录仅科技部可见；科技部开放后，所在省的科技管理部门可查看。"))


def may_see_questions(user, application) -> Decision:
    if can_view_county(user, application.county):
        return Allow()
    if user.is_authenticated and user.pk in panel_user_ids(application):
        return Allow()
    return _no(_("质询仅科技部、评审专家组、被质询的县（市）及其所在省可见。"))
