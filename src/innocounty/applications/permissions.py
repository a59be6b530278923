"""Who may see and act on applications: small named predicates on top of ``accounts/permissions.py``.

Visibility: a county officer sees their county's applications (drafts included); a provincial officer
their province's once submitted, and a draft its county shared for guidance (编制方案在省级科技管理部门
指导下); the ministry and auditors every submitted application. Experts see
none here (their assignments come with the consultation stage). Acting is narrower: each transition's
role must act for the application's county, province or the nation — :data:`TRANSITION_PREDICATES`.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import (
    Allow,
    Refuse,
    can_act_for_county,
    can_act_for_province,
    can_manage_programme,
    has_nation_wide_role,
    is_signed_in,
    user_roles,
)
from innocounty.applications.models import EDITABLE_STATES, Application
from innocounty.programme import WORKFLOW, ApplicationState
from innocounty.programme import Role as CoreRole

DRAFT = ApplicationState.DRAFT.value
# Data evaluation is the ministry's internal step: counties and provinces see "形式审查通过" until the
# list of those going to the experts is published with the next stages.
INTERNAL_STATES = (ApplicationState.SELECTED_FOR_CONSULTATION.value, ApplicationState.NOT_SELECTED.value)
INTERNAL_TRANSITIONS = ("select_for_consultation", "mark_not_selected")


def _codes(user, role: str, attribute: str) -> set[str]:
    return {getattr(a, attribute) for a in user_roles(user) if a.role == role}


def applications_visible_to(user):
    """The applications the user may open (an empty queryset for anonymous users and experts)."""
    apps = Application.objects.select_related("batch", "county__province", "county__prefecture")
    if not is_signed_in(user):
        return apps.none()
    if has_nation_wide_role(user):
        return apps.exclude(state=DRAFT)
    counties = _codes(user, Role.COUNTY_OFFICER, "county_id")
    provinces = _codes(user, Role.PROVINCIAL_OFFICER, "province_id")
    in_province = Q(county__province_id__in=provinces) & (~Q(state=DRAFT) | Q(shared_with_province=True))
    return apps.filter(Q(county_id__in=counties) | in_province)


def can_view_application(user, application) -> Allow | Refuse:
    if applications_visible_to(user).filter(pk=application.pk).exists():
        return Allow()
    return Refuse(_("您无权查看该申报。"))


def can_edit_application(user, application) -> Allow | Refuse:
    """Write the plan and upload attachments: the county's own officers (the workflow decides when)."""
    return can_act_for_county(user, application.county)


def can_share_draft(user, application) -> Allow | Refuse:
    """Share the working copy with the province (or stop sharing): the county's officers, before submission."""
    allowed = can_edit_application(user, application)
    if not allowed:
        return allowed
    if application.state not in EDITABLE_STATES:
        return Refuse(_("申报已提交，省级已可查看，无需共享草稿。"))
    return Allow()


def can_read_shared_draft(user, application) -> Allow | Refuse:
    """The province reads a draft only when its own county shared it."""
    allowed = can_act_for_province(user, application.county.province)
    if not allowed:
        return allowed
    if not application.shared_with_province:
        return Refuse(_("该县（市）尚未共享草稿。"))
    return Allow()


def can_comment_on_draft(user, application) -> Allow | Refuse:
    """Comment per section of a shared draft: the officers of its province, before submission."""
    allowed = can_read_shared_draft(user, application)
    if not allowed:
        return allowed
    if application.state not in EDITABLE_STATES:
        return Refuse(_("申报已提交，请通过省级推荐环节处理（退回修改须说明理由）。"))
    return Allow()


def can_answer_comment(user, application) -> Allow | Refuse:
    """Answer the province's comments: the county's officers."""
    return can_edit_application(user, application)


def can_screen_application(user, application) -> Allow | Refuse:
    """Return, reject, recommend and order: the officers of the application's province."""
    return can_act_for_province(user, application.county.province)


def can_review_application(user, application=None) -> Allow | Refuse:
    """Formal review and data evaluation: ministry officers."""
    return can_manage_programme(user, application)


_BY_ROLE = {
    CoreRole.COUNTY_OFFICER: can_edit_application,
    CoreRole.PROVINCIAL_OFFICER: can_screen_application,
    CoreRole.MINISTRY_OFFICER: can_review_application,
}
TRANSITION_PREDICATES = {name: _BY_ROLE[t.role] for name, t in WORKFLOW.items()}


def can_perform(user, application, transition: str) -> Allow | Refuse:
    """The permission predicate of a transition (the core then checks state, stage and guards)."""
    predicate = TRANSITION_PREDICATES.get(transition)
    if predicate is None:
        return Refuse(_("未知的操作：%(action)s") % {"action": transition})
    return predicate(user, application)


def sees_internal_steps(user) -> bool:
    return has_nation_wide_role(user)


def state_shown_to(user, application) -> ApplicationState:
    """The state as the user may see it (data-evaluation results stay inside the ministry)."""
    state = ApplicationState(application.state)
    if state.value in INTERNAL_STATES and not sees_internal_steps(user):
        return ApplicationState.FORMAL_REVIEW_PASSED
    return state


def history_shown_to(user, application):
    events = application.events.select_related("actor").order_by("at", "id")
    if sees_internal_steps(user):
        return events
    return events.exclude(transition__in=INTERNAL_TRANSITIONS)
