"""Who may do what with monitoring data: small named predicates built on ``accounts/permissions.py``.

Each takes ``(user, obj)`` and returns the accounts module's :class:`Decision` (``Allow()`` or
``Refuse(reason)``), so pages use ``accounts.guards.require`` and the API ``accounts.guards.ensure`` with
them. Nothing here reads state
(whether a submission still accepts uploads is a guard of the workflow, not a permission).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innocounty.accounts.permissions import (
    Allow,
    Decision,
    Refuse,
    can_act_for_county,
    can_act_for_province,
    can_view_county,
    can_view_nation,
    can_view_province,
    holds_a_role,
    is_signed_in,
    ministry_only,
    user_roles,
)


def can_view_frameworks(user, obj=None) -> Decision:
    """Frameworks are the published method: every signed-in user may read them."""
    return is_signed_in(user)


def can_manage_frameworks(user, obj=None) -> Decision:
    """Import, activate and supersede frameworks: ministry officers."""
    return ministry_only(user, _("仅限科技部工作人员管理指标体系。"))


def can_open_round(user, obj=None) -> Decision:
    return ministry_only(user, _("仅限科技部工作人员发起数据填报。"))


def can_view_rounds(user, obj=None) -> Decision:
    """The list of rounds: anyone holding a role (each then sees only their scope's data)."""
    return holds_a_role(user)


def can_view_submission(user, submission) -> Decision:
    """A province's submission with all its counties: that province's officers, ministry, auditors."""
    return can_view_province(user, submission.province)


def can_upload_round_data(user, submission) -> Decision:
    """Download the template, upload, confirm warnings: the province's officers (it answers for its data)."""
    return can_act_for_province(user, submission.province)


def can_submit_round_data(user, submission) -> Decision:
    return can_act_for_province(user, submission.province)


def can_accept_submission(user, submission=None) -> Decision:
    """Accept or return a province's data: ministry officers."""
    return ministry_only(user, _("仅限科技部工作人员接收或退回省级数据。"))


def can_view_county_values(user, county) -> Decision:
    return can_view_county(user, county)


def can_comment_county_row(user, county) -> Decision:
    """Comment on a county's row: the county's own officers, or its province's officers who answer them."""
    if can_act_for_county(user, county) or can_act_for_province(user, county.province):
        return Allow()
    signed_in = is_signed_in(user)
    return signed_in and Refuse(_("仅本县（市）管理员和本省科技管理部门可以对该县数据提出意见。"))


def can_view_upload(user, upload) -> Decision:
    """An uploaded file and its report: whoever may view the submission (nation-wide imports: ministry, auditors)."""
    if upload.submission_id is None:
        return can_view_nation(user)
    return can_view_submission(user, upload.submission)


def can_export_round_data(user, province=None) -> Decision:
    """CSV export: one province for its officers; the nation (``province`` None) for ministry and auditors."""
    if province is None:
        return can_view_nation(user)
    return can_view_province(user, province)


def can_enter_county_data(user, county) -> Decision:
    """Enter and correct a county's own values in the browser: that county's officers."""
    return can_act_for_county(user, county)


def can_review_county_entries(user, province) -> Decision:
    """See the province's county entries, accept or return them, confirm warnings: the province's officers."""
    return can_act_for_province(user, province)


def can_view_quality(user, province=None) -> Decision:
    """Rule violations and outlier flags: one province for its officers; the nation for ministry and auditors."""
    return can_view_nation(user) if province is None else can_view_province(user, province)


def can_manage_rules(user, obj=None) -> Decision:
    """Add, edit and delete validation rules and outlier thresholds: ministry officers."""
    return ministry_only(user, _("仅限科技部工作人员维护校验规则和异常值阈值。"))


def reporting_province(user) -> str | None:
    """The province whose reporting rates a provincial or county officer sees (None: none)."""
    for assignment in user_roles(user):
        if assignment.role == "provincial_officer" and assignment.province_id:
            return assignment.province_id
        if assignment.role == "county_officer" and assignment.county_id:
            return assignment.county.province_id
    return None


def can_view_reporting(user, obj=None) -> Decision:
    """Reporting rates: the nation for ministry and auditors; their own province for provincial and county
    officers."""
    if can_view_nation(user) or reporting_province(user):
        return Allow()
    signed_in = is_signed_in(user)
    return signed_in and Refuse(_("报送率仅限科技部、审计员和省、县两级管理员查看。"))
