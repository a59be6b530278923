import pytest
from django.urls import reverse

from innocounty.accounts.models import Role, RoleAssignment
from innocounty.regions.models import County

pytestmark = pytest.mark.django_db


def test_anonymous_sees_public_landing_page_with_login_link(client, hebei):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "登录平台" in body
    assert reverse("accounts:login") in body
    assert "工作台" not in body


def test_county_officer_home_shows_own_county_and_empty_todo_notice(client, county_officer):
    client.force_login(county_officer)
    body = client.get("/").content.decode()
    assert 'data-role="county_officer"' in body
    assert "正定县" in body and "130123" in body
    assert "目前没有待办事项。" in body
    # The header shows the role and its scope.
    assert "县（市）管理员 · 河北省 正定县" in body


def test_provincial_officer_home_counts_counties_by_type(client, provincial_officer):
    client.force_login(provincial_officer)
    body = client.get("/").content.decode()
    assert 'data-role="provincial_officer"' in body
    assert "本省县级行政区" in body
    assert "?province=13" in body


def test_ministry_home_lists_users_without_roles_as_a_todo(client, ministry_officer, make_user):
    make_user("orphan")
    client.force_login(ministry_officer)
    body = client.get("/").content.decode()
    assert "有 1 个账户尚未分配角色" in body


def test_ministry_home_has_no_orphan_todo_when_every_user_has_a_role(client, ministry_officer):
    client.force_login(ministry_officer)
    body = client.get("/").content.decode()
    assert "尚未分配角色" not in body
    assert "目前没有待办事项。" in body


def test_expert_home_says_plainly_that_nothing_is_assigned(client, expert):
    client.force_login(expert)
    assert "目前没有分配给您的评审任务。" in client.get("/").content.decode()


def test_user_without_role_is_told_to_ask_for_one(client, make_user, hebei):
    client.force_login(make_user("nobody"))
    assert "尚未分配角色" in client.get("/").content.decode()


def test_user_with_two_roles_gets_two_sections(client, county_officer):
    RoleAssignment.objects.create(user=county_officer, role=Role.EXPERT)
    client.force_login(county_officer)
    body = client.get("/").content.decode()
    assert 'data-role="county_officer"' in body and 'data-role="expert"' in body


def test_navigation_shows_audit_log_only_to_ministry_and_auditor(client, county_officer, auditor, ministry_officer):
    def nav(user) -> str:
        client.force_login(user)
        body = client.get("/").content.decode()
        return body[body.index('<nav class="mainnav"') : body.index("</nav>")]

    assert "审计日志" not in nav(county_officer)
    assert reverse("audit:event_list") in nav(auditor)
    assert reverse("audit:event_list") in nav(ministry_officer)


def test_every_navigation_entry_names_an_existing_page():
    from innocounty.dashboard.navigation import NAVIGATION

    assert all(item.url().startswith("/") for item in NAVIGATION)


def test_county_directory_requires_login(client, hebei):
    response = client.get("/regions/")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _table(response) -> str:
    body = response.content.decode()
    return body[body.index("<tbody>") : body.index("</tbody>")]


def test_county_directory_filters_by_type_and_query(client, county_officer):
    client.force_login(county_officer)
    rows = _table(client.get("/regions/", {"unit_type": "市辖区", "province": "13"}))
    assert "长安区" in rows and "正定县" not in rows
    rows = _table(client.get("/regions/", {"q": "130123"}))
    assert "正定县" in rows and "长安区" not in rows
    rows = _table(client.get("/regions/", {"q": "正定"}))
    assert "130123" in rows
    rows = _table(client.get("/regions/", {"province": "99"}))
    assert "没有符合条件的县级行政区。" in rows


def test_county_directory_ignores_unknown_filter_values_without_error(client, county_officer):
    client.force_login(county_officer)
    response = client.get("/regions/", {"unit_type": "<script>", "belt": "north", "page": "abc"})
    assert response.status_code == 200
    assert _table(response).count("<tr>") == min(50, County.objects.count())  # first page, unfiltered
    assert "<script>" not in _table(response)


def test_county_card_says_whether_the_unit_type_may_apply(client, make_user, hebei):
    district = make_user("district", Role.COUNTY_OFFICER, county=County.objects.get(code="130102"))
    client.force_login(district)
    assert "市辖区目前不在可申报类型之列" in client.get("/").content.decode()


def test_county_card_for_an_eligible_type(client, county_officer):
    client.force_login(county_officer)
    assert "本类型可申报创新型县（市）" in client.get("/").content.decode()


def test_anonymous_visitors_see_the_public_navigation_only(client, hebei):
    body = client.get("/").content.decode()
    nav = body[body.index('<nav class="mainnav"') : body.index("</nav>")]
    assert "排名与画像" in nav
    assert "工作台" not in nav and "审计日志" not in nav and "申报" not in nav
