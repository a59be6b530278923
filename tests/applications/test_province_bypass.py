"""Issue 8, item 1, through the API and the pages: a province could forward an application it had
rejected by going around its recommendation list. Now the list is its own subject; ``forward`` runs only as
the effect of submitting the list, and ``submit_recommendation_list`` is no application transition at all."""

import json

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application
from innocounty.applications.models import ApplicationEvent
from innocounty.audit.models import AuditEvent
from innocounty.batches.models import BatchProvince

pytestmark = pytest.mark.django_db

BYPASSES = ("forward", "submit_recommendation_list")


def api(client, user, path, data):
    client.force_login(user)
    return client.post(f"/api/applications{path}", content_type="application/json", data=json.dumps(data))


def state(app):
    app.refresh_from_db()
    return app.state


def hebei_list(batch):
    return BatchProvince.objects.get(batch=batch, province_id="13")


@pytest.fixture
def decided(client, cast, batch):
    """As province_hebei: recommend one application, reject the other (both through the API)."""
    chosen = make_application(batch, cast.zhengding, cast.county, state="submitted")
    rejected = make_application(batch, cast.guan, cast.county_guan, state="submitted")
    assert api(client, cast.province, f"/{chosen.pk}/transitions/recommend", {}).status_code == 200
    done = api(client, cast.province, f"/{rejected.pk}/transitions/reject", {"reason": "综合指数靠后", "confirm": True})
    assert done.status_code == 200 and state(rejected) == "rejected_by_province"
    return chosen, rejected


def assert_nothing_moved(batch, chosen, rejected):
    assert state(rejected) == "rejected_by_province" and state(chosen) == "recommended"
    assert not ApplicationEvent.objects.filter(transition__in=BYPASSES).exists()
    assert not AuditEvent.objects.filter(action__startswith="province_list.").exists()
    assert not AuditEvent.objects.filter(action__in=[f"application.{n}" for n in BYPASSES]).exists()
    row = hebei_list(batch)
    assert row.list_state == "open" and not row.list_submitted
    assert row.list_submitted_at is None and row.list_submitted_by is None


def test_forward_through_the_api_is_refused_as_a_list_act(client, cast, batch, decided):
    chosen, rejected = decided
    for app in (rejected, chosen):  # not even the recommended one moves on by itself
        for inputs in ({}, {"confirm": True}, {"confirm": True, "priority": 1}):
            refused = api(client, cast.province, f"/{app.pk}/transitions/forward", inputs)
            assert refused.status_code == 400
            assert [r["code"] for r in refused.json()["reasons"]] == ["list_act"]
    assert_nothing_moved(batch, chosen, rejected)


def test_submit_recommendation_list_is_no_application_transition(client, cast, batch, decided):
    chosen, rejected = decided
    for app in (rejected, chosen):
        refused = api(client, cast.province, f"/{app.pk}/transitions/submit_recommendation_list", {"confirm": True})
        assert refused.status_code == 400
        assert [r["code"] for r in refused.json()["reasons"]] == ["unknown_transition"]
    assert_nothing_moved(batch, chosen, rejected)


@pytest.mark.parametrize("name", BYPASSES)
def test_the_page_route_refuses_the_bypass_too(client, cast, batch, decided, name):
    chosen, rejected = decided
    client.force_login(cast.province)
    for app in (rejected, chosen):
        response = client.post(reverse("applications:transition", args=[app.pk, name]), {"confirm": "1"}, follow=True)
        assert response.status_code == 200
        text = response.content.decode()
        assert ("只能在报送整份名单时一并办理" if name == "forward" else "未知的操作") in text
    assert_nothing_moved(batch, chosen, rejected)


def test_other_roles_cannot_forward_either(client, cast, batch, decided):
    chosen, rejected = decided
    for user in (cast.county_guan, cast.ministry):
        response = api(client, user, f"/{rejected.pk}/transitions/forward", {"confirm": True})
        assert response.status_code in (400, 403, 404)
    assert_nothing_moved(batch, chosen, rejected)


def test_the_list_forwards_the_recommended_one_only(client, cast, batch, decided):
    chosen, rejected = decided
    client.force_login(cast.province)
    submitted = client.post(f"/api/reviews/batches/{batch.pk}/provinces/13/submit", content_type="application/json",
                            data=json.dumps({"confirm": True}))  # fmt: skip
    assert submitted.status_code == 200 and submitted.json()["list_submitted"]
    assert state(chosen) == "forwarded" and state(rejected) == "rejected_by_province"
    assert list(ApplicationEvent.objects.filter(transition="forward").values_list("application_id", flat=True)) == [chosen.pk]
    assert hebei_list(batch).list_submitted_by == cast.province
    refused = api(client, cast.province, f"/{rejected.pk}/transitions/forward", {"confirm": True})
    assert refused.status_code == 400 and state(rejected) == "rejected_by_province"
