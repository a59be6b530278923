"""Who may do what: every permission of the platform as a small named predicate, in this one module.

A predicate takes ``(user, obj)`` — ``obj`` is the resource or scope it is about (a County, a
Province) and is ignored by nation-wide predicates — and returns a :class:`Decision`: ``Allow()``,
which is truthy, or ``Refuse(reason)``, which is falsy and says why in words a person can act on
("仅限本县（市）管理员：您的授权范围是 河北省 正定县。").

Views call them through :func:`innocounty.accounts.guards.require`, the API through
:func:`innocounty.accounts.guards.ensure`; ``accounts/rules.py`` registers them with django-rules so
``user.has_perm("innocounty.view_county", county)`` and ``{% has_perm %}`` give the same answers.
Roles are the only source of rights: ``is_superuser`` matters only for the Django admin.

A user's role assignments are read once per user object and cached on it (a request has a fresh
user object); call :func:`forget_roles` after changing the roles of a user object you keep.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from innocounty.accounts.models import Role, RoleAssignment
from innocounty.regions.models import County, Province

NATION_WIDE_ROLES = (Role.MINISTRY_OFFICER, Role.AUDITOR)
_CACHE_ATTRIBUTE = "_innocounty_role_assignments"


class Decision:
    """The answer of a predicate: truthy when allowed; ``reason`` explains a refusal."""

    allowed: bool = False
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.reason)!r})" if self.reason else f"{type(self).__name__}()"


class Allow(Decision):
    allowed = True


class Refuse(Decision):
    allowed = False

    def __init__(self, reason) -> None:
        self.reason = reason


# --- roles and scopes ---------------------------------------------------------------------------


def user_roles(user) -> list[RoleAssignment]:
    """The user's role assignments with their scopes (empty for anonymous or inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(user.role_assignments.select_related("province", "county__province"))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached role assignments of this user object."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(user, role: str) -> bool:
    return any(a.role == role for a in user_roles(user))


def has_nation_wide_role(user) -> bool:
    return any(a.role in NATION_WIDE_ROLES for a in user_roles(user))


def _county_codes(user) -> set[str]:
    return {a.county_id for a in user_roles(user) if a.role == Role.COUNTY_OFFICER}


def _province_codes(user) -> set[str]:
    return {a.province_id for a in user_roles(user) if a.role == Role.PROVINCIAL_OFFICER}


def counties_in_scope(user):
    """The counties the user may view: all for ministry and auditors, a province's for provincial
    officers, their own for county officers (the union when several roles are held)."""
    if has_nation_wide_role(user):
        return County.objects.all()
    return County.objects.filter(province__in=_province_codes(user)) | County.objects.filter(
        code__in=_county_codes(user)
    )


def provinces_in_scope(user):
    """The provinces the user may view as a whole (county officers see their county, not the province)."""
    if has_nation_wide_role(user):
        return Province.objects.all()
    return Province.objects.filter(code__in=_province_codes(user))


def describe_scope(user) -> str:
    """The user's scopes in words, e.g. "河北省 正定县；山西省"."""
    labels = list(dict.fromkeys(a.scope_label for a in user_roles(user)))
    return "；".join(labels) if labels else str(_("（尚未授权）"))


# --- predicates ---------------------------------------------------------------------------------


def _refusal(user, reason) -> Refuse:
    """Refuse with ``reason``, or with "please sign in" / "account disabled" when that is the real cause."""
    signed_in = is_signed_in(user)
    return Refuse(reason) if signed_in else signed_in


def is_signed_in(user, obj=None) -> Decision:
    if not getattr(user, "is_authenticated", False):
        return Refuse(_("请先登录。"))
    if not user.is_active:
        return Refuse(_("该账户已停用。"))
    return Allow()


def is_ministry_officer(user, obj=None) -> Decision:
    if has_role(user, Role.MINISTRY_OFFICER):
        return Allow()
    return _refusal(user, _("仅限科技部工作人员。"))


def ministry_only(user, reason) -> Decision:
    """For a stage's ministry-only act: allow ministry officers; refuse other signed-in users with ``reason``
    (what they were trying to do), and anonymous or inactive users with the sign-in refusal."""
    decision = is_ministry_officer(user)
    return decision if decision or not is_signed_in(user) else Refuse(reason)


def holds_a_role(user, obj=None) -> Decision:
    """Signed in and holding at least one role (what each then sees is limited by its scope)."""
    signed_in = is_signed_in(user)
    if not signed_in:
        return signed_in
    return Allow() if user_roles(user) else Refuse(_("您的账户尚未分配角色。"))


def is_auditor(user, obj=None) -> Decision:
    if has_role(user, Role.AUDITOR):
        return Allow()
    return _refusal(user, _("仅限审计员。"))


def can_view_nation(user, obj=None) -> Decision:
    """Nation-wide data, read only: ministry officers and auditors."""
    if has_nation_wide_role(user):
        return Allow()
    return _refusal(user, _("全国数据仅限科技部工作人员和审计员查看。"))


def can_manage_programme(user, obj=None) -> Decision:
    """Batches, quotas, approval and publication: ministry officers."""
    if has_role(user, Role.MINISTRY_OFFICER):
        return Allow()
    return _refusal(user, _("仅限科技部工作人员管理创新型县（市）建设工作。"))


def can_view_county(user, county) -> Decision:
    """A county's data: its own officers, its province's officers, ministry officers and auditors."""
    if county is None:
        return Refuse(_("未指定县（市）。"))
    if (
        has_nation_wide_role(user)
        or county.code in _county_codes(user)
        or county.province_id in _province_codes(user)
    ):
        return Allow()
    return _refusal(
        user,
        format_lazy(
            _("您无权查看{county}的信息：您的授权范围是 {scope}。"),
            county=county.name,
            scope=describe_scope(user),
        ),
    )


def can_act_for_county(user, county) -> Decision:
    """Apply, submit plans and reports in the name of a county: that county's officers only."""
    if county is None:
        return Refuse(_("未指定县（市）。"))
    if county.code in _county_codes(user):
        return Allow()
    return _refusal(
        user, format_lazy(_("仅限本县（市）管理员：您的授权范围是 {scope}。"), scope=describe_scope(user))
    )


def can_view_province(user, province) -> Decision:
    """A province as a whole (all its counties, its screening): its officers, ministry, auditors."""
    if province is None:
        return Refuse(_("未指定省份。"))
    if has_nation_wide_role(user) or province.code in _province_codes(user):
        return Allow()
    return _refusal(
        user,
        format_lazy(
            _("您无权查看{province}的整体信息：您的授权范围是 {scope}。"),
            province=province.name,
            scope=describe_scope(user),
        ),
    )


def can_act_for_province(user, province) -> Decision:
    """Screen, recommend and review in the name of a province: that province's officers only."""
    if province is None:
        return Refuse(_("未指定省份。"))
    if province.code in _province_codes(user):
        return Allow()
    return _refusal(
        user,
        format_lazy(
            _("仅限{province}省级科技管理部门：您的授权范围是 {scope}。"),
            province=province.name,
            scope=describe_scope(user),
        ),
    )


def can_view_audit_log(user, obj=None) -> Decision:
    if has_nation_wide_role(user):
        return Allow()
    return _refusal(user, _("审计日志仅限科技部工作人员和审计员查看。"))


def can_manage_accounts(user, obj=None) -> Decision:
    """Create users, grant and revoke roles, issue API tokens: ministry officers and superusers."""
    signed_in = is_signed_in(user)
    if signed_in and (user.is_superuser or has_role(user, Role.MINISTRY_OFFICER)):
        return Allow()
    return signed_in and Refuse(_("仅限科技部工作人员管理账户与角色。"))


def can_access_admin(user, obj=None) -> Decision:
    """The Django admin: staff accounts of ministry officers, auditors (audit log only) and superusers.

    ``is_staff`` alone is not enough; a provincial officer with ``is_staff`` is still refused.
    """
    signed_in = is_signed_in(user)
    if not signed_in:
        return signed_in
    if not user.is_staff:
        return Refuse(_("该账户未开通管理后台。"))
    if user.is_superuser or has_nation_wide_role(user):
        return Allow()
    return Refuse(_("管理后台仅限科技部工作人员和审计员。"))


# The predicates as django-rules permissions (registered in accounts/rules.py).
OBJECT_PERMISSIONS = {
    "innocounty.view_nation": can_view_nation,
    "innocounty.manage_programme": can_manage_programme,
    "innocounty.view_county": can_view_county,
    "innocounty.act_for_county": can_act_for_county,
    "innocounty.view_province": can_view_province,
    "innocounty.act_for_province": can_act_for_province,
    "innocounty.view_audit_log": can_view_audit_log,
    "innocounty.manage_accounts": can_manage_accounts,
    "innocounty.access_admin": can_access_admin,
}
