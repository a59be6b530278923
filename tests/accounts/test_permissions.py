"""Every predicate of accounts/permissions.py, allowed and refused, for every kind of user."""

import pytest

from innocounty.accounts import permissions as p
from innocounty.accounts.models import Role, RoleAssignment

EVERYONE = (
    "county_officer",
    "provincial_officer",
    "ministry_officer",
    "auditor",
    "expert",
    "several",
    "nobody",
)
NOT_SIGNED_IN = ("anonymous", "inactive")

# predicate -> who is allowed; everyone else (signed in or not) is refused.
NATION_WIDE = {
    p.is_ministry_officer: {"ministry_officer"},
    p.is_auditor: {"auditor"},
    p.can_view_nation: {"ministry_officer", "auditor"},
    p.can_manage_programme: {"ministry_officer"},
    p.can_view_audit_log: {"ministry_officer", "auditor"},
    p.can_manage_accounts: {"ministry_officer"},
    p.can_access_admin: {"ministry_officer", "auditor"},  # both have is_staff in the fixture
}

# (predicate, object name) -> who is allowed
SCOPED = {
    (p.can_view_county, "zhengding"): {"county_officer", "provincial_officer", "ministry_officer", "auditor"},
    (p.can_view_county, "xinji"): {"provincial_officer", "ministry_officer", "auditor", "several"},
    (p.can_view_county, "qingxu"): {"ministry_officer", "auditor", "several"},
    (p.can_act_for_county, "zhengding"): {"county_officer"},
    (p.can_act_for_county, "xinji"): {"several"},
    (p.can_act_for_county, "qingxu"): set(),
    (p.can_view_province, "hebei"): {"provincial_officer", "ministry_officer", "auditor"},
    (p.can_view_province, "shanxi"): {"ministry_officer", "auditor", "several"},
    (p.can_act_for_province, "hebei"): {"provincial_officer"},
    (p.can_act_for_province, "shanxi"): {"several"},
}


@pytest.mark.parametrize("predicate", NATION_WIDE, ids=lambda f: f.__name__)
def test_nation_wide_predicates(people, predicate):
    for name in EVERYONE + NOT_SIGNED_IN:
        decision = predicate(getattr(people, name), None)
        expected = name in NATION_WIDE[predicate]
        assert bool(decision) is expected, f"{predicate.__name__}({name})"
        assert (decision.reason == "") is expected, f"a refusal must say why: {predicate.__name__}({name})"


@pytest.mark.parametrize("predicate, obj_name", SCOPED, ids=lambda v: getattr(v, "__name__", v))
def test_scoped_predicates(people, regions, predicate, obj_name):
    obj = getattr(regions, obj_name)
    for name in EVERYONE + NOT_SIGNED_IN:
        decision = predicate(getattr(people, name), obj)
        expected = name in SCOPED[(predicate, obj_name)]
        assert bool(decision) is expected, f"{predicate.__name__}({name}, {obj_name})"
        assert bool(str(decision.reason)) is not expected


@pytest.mark.parametrize(
    "predicate", [p.can_view_county, p.can_act_for_county, p.can_view_province, p.can_act_for_province]
)
def test_scoped_predicates_refuse_a_missing_object(people, predicate):
    decision = predicate(people.ministry_officer, None)
    assert not decision
    assert "未指定" in str(decision.reason)


def test_refusal_of_another_county_names_the_users_scope(people, regions):
    decision = p.can_act_for_county(people.county_officer, regions.xinji)
    assert str(decision.reason) == "仅限本县（市）管理员：您的授权范围是 河北省 正定县。"


def test_refusal_of_a_province_names_the_province_and_scope(people, regions):
    decision = p.can_act_for_province(people.provincial_officer, regions.shanxi)
    assert str(decision.reason) == "仅限山西省省级科技管理部门：您的授权范围是 河北省。"
    decision = p.can_view_county(people.county_officer, regions.qingxu)
    assert str(decision.reason) == "您无权查看清徐县的信息：您的授权范围是 河北省 正定县。"


def test_refusals_of_anonymous_and_inactive_users_say_so(people, regions):
    assert str(p.can_view_county(people.anonymous, regions.zhengding).reason) == "请先登录。"
    assert str(p.is_ministry_officer(people.inactive).reason) == "该账户已停用。"


def test_user_without_roles_is_told_they_have_no_scope(people, regions):
    assert "（尚未授权）" in str(p.can_act_for_county(people.nobody, regions.zhengding).reason)


def test_decisions_are_truthy_only_when_allowed():
    assert p.Allow() and p.Allow().allowed
    refusal = p.Refuse("不行")
    assert not refusal and refusal.reason == "不行"
    assert repr(refusal) == "Refuse('不行')"


def test_admin_needs_is_staff_and_a_role(people, make_user):
    staff_provincial = people.provincial_officer
    staff_provincial.is_staff = True
    assert str(p.can_access_admin(staff_provincial).reason) == "管理后台仅限科技部工作人员和审计员。"
    people.ministry_officer.is_staff = False
    assert str(p.can_access_admin(people.ministry_officer).reason) == "该账户未开通管理后台。"
    superuser = make_user("root", is_staff=True, is_superuser=True)
    assert p.can_access_admin(superuser)
    assert p.can_manage_accounts(superuser)
    assert not p.can_view_county(superuser, None)  # rights on data come from roles, not is_superuser


def test_user_roles_and_has_role(people):
    assert sorted(a.role for a in p.user_roles(people.several)) == [
        Role.COUNTY_OFFICER,
        Role.PROVINCIAL_OFFICER,
    ]
    assert p.has_role(people.several, Role.PROVINCIAL_OFFICER)
    assert not p.has_role(people.several, Role.MINISTRY_OFFICER)
    assert p.user_roles(people.anonymous) == []
    assert p.user_roles(people.inactive) == []


def test_roles_are_cached_per_user_object_until_forgotten(people, django_assert_num_queries):
    user = people.nobody
    p.user_roles(user)
    RoleAssignment.objects.create(user=user, role=Role.AUDITOR)
    with django_assert_num_queries(0):
        assert not p.is_auditor(user)
    p.forget_roles(user)
    assert p.is_auditor(user)


def test_counties_in_scope(people, regions):
    def codes(user):
        return set(p.counties_in_scope(user).values_list("code", flat=True))

    assert codes(people.county_officer) == {"130123"}
    assert {"130123", "130181"} <= codes(people.provincial_officer)
    assert "140121" not in codes(people.provincial_officer)
    assert all(code.startswith("13") for code in codes(people.provincial_officer))
    assert "140121" in codes(people.several) and "130181" in codes(people.several)
    assert "130123" not in codes(people.several)
    everything = set(p.County.objects.values_list("code", flat=True))
    assert codes(people.ministry_officer) == codes(people.auditor) == everything
    assert codes(people.expert) == codes(people.nobody) == codes(people.anonymous) == set()


def test_provinces_in_scope(people, regions):
    def codes(user):
        return set(p.provinces_in_scope(user).values_list("code", flat=True))

    assert codes(people.provincial_officer) == {"13"}
    assert codes(people.several) == {"14"}
    assert codes(people.county_officer) == set()
    assert {"13", "14"} <= codes(people.auditor)


def test_describe_scope_lists_every_scope(people):
    assert p.describe_scope(people.several) in ("河北省 辛集市；山西省", "山西省；河北省 辛集市")
    assert p.describe_scope(people.ministry_officer) == "全国"


def test_ministry_only_refuses_others_with_the_acts_reason(people):
    assert p.ministry_only(people.ministry_officer, "仅限科技部：发布")
    refusal = p.ministry_only(people.provincial_officer, "仅限科技部：发布")
    assert not refusal and str(refusal.reason) == "仅限科技部：发布"
    assert str(p.ministry_only(people.anonymous, "仅限科技部：发布").reason) == "请先登录。"
    assert str(p.ministry_only(people.inactive, "仅限科技部：发布").reason) == "该账户已停用。"


def test_holds_a_role(people):
    for name in ("county_officer", "provincial_officer", "ministry_officer", "auditor", "expert", "several"):
        assert p.holds_a_role(getattr(people, name)), name
    assert str(p.holds_a_role(people.nobody).reason) == "您的账户尚未分配角色。"
    assert str(p.holds_a_role(people.anonymous).reason) == "请先登录。"
