"""Who may do what with the pool and the panels (the acts on assignments and reviews are the workflow's)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import (
    Allow,
    Decision,
    Refuse,
    has_nation_wide_role,
    has_role,
    ministry_only,
)


def can_manage_pool(user, obj=None) -> Decision:
    return ministry_only(user, _("仅限科技部工作人员管理专家库和专家分配。"))


def can_view_panels(user, obj=None) -> Decision:
    """Panels, every review and the aggregation: ministry officers and auditors (read only)."""
    if has_nation_wide_role(user):
        return Allow()
    return Refuse(_("专家评议情况仅限科技部工作人员和审计员查看。"))


def is_expert(user, obj=None) -> Decision:
    if has_role(user, Role.EXPERT):
        return Allow()
    return Refuse(_("仅限评审专家。"))
