"""Who may see and act on applications: small named predicates on top of ``accounts/permissions.py``.

Visibility: a county officer sees their county's applications (drafts included); a provincial officer
their province's once submitted, and a draft its county shared for guidance (编制方案在省级科技管理部门
指导下); the ministry and auditors every submitted application; an expert exactly the applications an
accepted assignment with a confirmed no-conflict declaration links them to (the scope "assigned", answered
by ``innocounty.experts.access`` through :mod:`innocounty.accounts.assigned`). Who may act is declared once, in the workflow's actor rules
(:mod:`innocounty.programme.workflow`); what each role sees of a state and of the history too.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from innocounty.accounts import assigned
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
from innocounty.programme import APPLICATION, ApplicationState
from innocounty.workflow.actors import core_roles

DRAFT = ApplicationState.DRAFT.value


def _codes(user, role: str, attribute: str) -> set[str]:
    return {getattr(a, attribute) for a in user_roles(user) if a.role == role}


def applications_visible_to(user):
    """The applications the user may open (an empty queryset for anonymous users; an expert's assigned ones)."""
    apps = Application.objects.select_related("batch", "county__province", "county__prefecture")
    if not is_signed_in(user):
        return apps.none()
    if has_nation_wide_role(user):
        return apps.exclude(state=DRAFT)
    counties = _codes(user, Role.COUNTY_OFFICER, "county_id")
    provinces = _codes(user, Role.PROVINCIAL_OFFICER, "province_id")
    in_province = Q(county__province_id__in=provinces) & (~Q(state=DRAFT) | Q(shared_with_province=True))
    visible = Q(county_id__in=counties) | in_province
    experts_own = assigned.assigned_application_ids(user)
    if experts_own:
        visible |= Q(pk__in=experts_own) & ~Q(state=DRAFT)
    return apps.filter(visible)


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


def state_shown_to(user, application) -> ApplicationState:
    """The state as the user may see it (the workflow declares what each role sees: data-evaluation
    results stay inside the ministry)."""
    return APPLICATION.state_shown_to(ApplicationState(application.state), core_roles(user))


def states_matching(user, shown: str) -> list[str]:
    """The stored states the user sees as ``shown`` (for filters): a province filtering by
    "selected_for_consultation" matches nothing, by "formal_review_passed" also the internal states."""
    if shown not in ApplicationState._value2member_map_:
        return []
    return [s.value for s in APPLICATION.states_seen_as(ApplicationState(shown), core_roles(user))]


def history_shown_to(user, application):
    events = application.events.select_related("actor").order_by("at", "id")
    hidden = APPLICATION.transitions_hidden_from(core_roles(user))
    return events.exclude(transition__in=hidden) if hidden else events
