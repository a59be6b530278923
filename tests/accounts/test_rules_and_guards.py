"""The predicates through django-rules (user.has_perm), the view guards and the API's ensure()."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from innocounty.accounts.guards import RequirePermissionMixin, ensure, permission_denied, require
from innocounty.accounts.permissions import OBJECT_PERMISSIONS, can_act_for_county, can_view_nation
from innocounty.common.refusals import Forbidden


def test_has_perm_gives_the_predicates_answers(people, regions):
    assert people.county_officer.has_perm("innocounty.view_county", regions.zhengding)
    assert not people.county_officer.has_perm("innocounty.view_county", regions.qingxu)
    assert people.provincial_officer.has_perm("innocounty.act_for_province", regions.hebei)
    assert not people.provincial_officer.has_perm("innocounty.act_for_county", regions.zhengding)
    assert people.auditor.has_perm("innocounty.view_nation")
    assert not people.auditor.has_perm("innocounty.manage_programme")
    assert people.ministry_officer.has_perm("innocounty.manage_programme")


def test_every_predicate_is_registered_as_a_rule(people, regions):
    for name, predicate in OBJECT_PERMISSIONS.items():
        for user in (people.county_officer, people.ministry_officer, people.auditor):
            for obj in (None, regions.zhengding if "county" in name else regions.hebei):
                assert user.has_perm(name, obj) is bool(predicate(user, obj)), (name, user, obj)


def test_model_permissions_for_the_admin(people):
    assert people.ministry_officer.has_perm("accounts.change_roleassignment")
    assert people.ministry_officer.has_perm("regions.view_county")
    assert people.ministry_officer.has_module_perms("regions")
    assert people.ministry_officer.has_perm("axes.delete_accessattempt")
    assert not people.provincial_officer.has_perm("accounts.change_user")
    assert not people.auditor.has_perm("accounts.view_user")
    assert people.auditor.has_perm("audit.view_auditevent")
    assert people.auditor.has_module_perms("audit")
    assert not people.county_officer.has_perm("audit.view_auditevent")


@pytest.fixture
def county_view(regions):
    @require(
        can_act_for_county, lambda request, code: regions.zhengding if code == "130123" else regions.xinji
    )
    def view(request, code):
        return HttpResponse(f"acting for {code}")

    return view


def _request(user, path="/county/130123/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_require_runs_the_view_when_allowed(people, county_view):
    response = county_view(_request(people.county_officer), code="130123")
    assert response.status_code == 200 and response.content == b"acting for 130123"


def test_require_shows_the_reason_when_refused(people, county_view):
    response = county_view(_request(people.county_officer), code="130181")
    assert response.status_code == 403
    assert "仅限本县（市）管理员：您的授权范围是 河北省 正定县。" in response.content.decode()


def test_require_sends_anonymous_visitors_to_login(people, county_view):
    response = county_view(_request(people.anonymous), code="130123")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/county/130123/")


class NationView(RequirePermissionMixin, View):
    permission = staticmethod(can_view_nation)

    def get(self, request):
        return HttpResponse("nation")


def test_permission_mixin(people):
    assert NationView.as_view()(_request(people.auditor)).status_code == 200
    refused = NationView.as_view()(_request(people.provincial_officer))
    assert refused.status_code == 403
    assert "全国数据仅限科技部工作人员和审计员查看。" in refused.content.decode()
    assert NationView.as_view()(_request(people.anonymous)).status_code == 302


def test_permission_denied_handler_renders_the_reason(people):
    from django.core.exceptions import PermissionDenied

    response = permission_denied(_request(people.nobody), PermissionDenied("仅限科技部工作人员。"))
    assert response.status_code == 403 and "仅限科技部工作人员。" in response.content.decode()


def test_ensure_raises_403_with_the_reason(people, regions):
    ensure(can_act_for_county(people.county_officer, regions.zhengding))
    with pytest.raises(Forbidden) as refused:  # the one permission refusal: a 403 page, or JSON under /api/
        ensure(can_act_for_county(people.county_officer, regions.qingxu))
    assert isinstance(refused.value, PermissionDenied)
    assert refused.value.reason == "仅限本县（市）管理员：您的授权范围是 河北省 正定县。"


def test_a_forbidden_raised_in_a_view_or_an_operation_is_a_403_with_the_reason(client, people, regions):
    """Pages and the API answer the same refusal the same way (common.refusals.Forbidden via ensure)."""
    from innocounty.applications.factories import make_batch

    batch = make_batch()
    client.force_login(people.county_officer)
    page = client.get(f"/reviews/batches/{batch.pk}/provinces/14/")  # another province's desk
    assert page.status_code == 403 and "text/html" in page["Content-Type"]
    api = client.get(f"/api/reviews/batches/{batch.pk}/provinces/14")
    assert api.status_code == 403 and api.json()["detail"]
