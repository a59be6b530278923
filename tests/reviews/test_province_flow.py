"""Provincial screening through the Django layer: return, reject, recommend in order within quota,
submit the list (then locked), and every refusal (wrong role, scope, stage, quota, closed window)."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application, make_batch
from innocounty.applications.models import Application
from innocounty.batches.models import BatchProvince
from innocounty.common.states import seeding_states
from innocounty.notifications.models import Notification

pytestmark = pytest.mark.django_db


def act(client, user, app, name, **data):
    client.force_login(user)
    return client.post(reverse("applications:transition", args=[app.pk, name]), data, follow=True)


def state(app):
    app.refresh_from_db()
    return app.state


@pytest.fixture
def submitted(cast, batch):
    return make_application(batch, cast.zhengding, cast.county, state="submitted")


def test_province_desk_shows_its_applications_only(client, cast, batch, submitted):
    make_application(batch, cast.anji, cast.county_anji, state="submitted")
    make_application(batch, cast.guan, cast.county_guan, state="draft")
    client.force_login(cast.province)
    page = client.get(reverse("reviews:province", args=[batch.pk, "13"])).content.decode()
    assert "正定县" in page and "安吉县" not in page and "固安县" not in page  # drafts stay with the county
    assert client.get(reverse("reviews:province", args=[batch.pk, "33"])).status_code == 403


def test_return_needs_a_reason_and_notifies_the_county(client, cast, submitted):
    page = act(client, cast.province, submitted, "return_for_revision").content.decode()
    assert "须填写理由" in page and state(submitted) == "submitted"
    act(client, cast.province, submitted, "return_for_revision", reason="请补充研发投入数据")
    assert state(submitted) == "returned_by_province"
    assert Notification.objects.filter(recipient=cast.county, body__contains="请补充研发投入数据").exists()


def test_reject_with_reason(client, cast, submitted):
    page = act(client, cast.province, submitted, "reject", reason="综合指数不在本省前列").content.decode()
    assert "须确认后办理" in page and state(submitted) == "submitted"
    act(client, cast.province, submitted, "reject", reason="综合指数不在本省前列", confirm="1")
    assert state(submitted) == "rejected_by_province"


def test_wrong_scope_province_is_refused(client, cast, submitted):
    response = act(client, cast.province_zj, submitted, "recommend")
    assert response.status_code == 404 and state(submitted) == "submitted"


def test_wrong_role_is_refused(client, cast, submitted):
    assert act(client, cast.county, submitted, "recommend").status_code == 403
    assert act(client, cast.ministry, submitted, "recommend").status_code == 403
    assert state(submitted) == "submitted"


def test_wrong_stage_is_refused(client, cast, submitted):
    page = act(client, cast.province, submitted, "pass_formal_review").content
    assert state(submitted) == "submitted" and page  # ministry-only: 403 page
    page = act(client, cast.ministry, submitted, "pass_formal_review").content.decode()
    assert "不能「形式审查通过」" in page and state(submitted) == "submitted"


def test_recommend_in_order_and_quota_exceeded(client, cast, batch, submitted):
    second = make_application(batch, cast.guan, cast.county_guan, state="submitted")
    district = make_application(batch, cast.district, cast.county_district, state="submitted")
    act(client, cast.province, submitted, "recommend")
    act(client, cast.province, second, "recommend", priority=1)
    submitted.refresh_from_db()
    second.refresh_from_db()
    assert (second.recommendation_priority, submitted.recommendation_priority) == (1, 2)
    page = act(client, cast.province, district, "recommend").content.decode()
    assert "名额上限" in page and state(district) == "submitted"


def test_move_priority_and_withdraw_recommendation_close_gaps(client, cast, batch, submitted):
    BatchProvince.objects.filter(batch=batch, province_id="13").update(quota=3)  # not a state column
    second = make_application(batch, cast.guan, cast.county_guan, state="submitted")
    act(client, cast.province, submitted, "recommend")
    act(client, cast.province, second, "recommend")
    client.post(reverse("reviews:priority", args=[second.pk]), {"priority": "1"})
    second.refresh_from_db()
    assert second.recommendation_priority == 1
    act(client, cast.province, second, "withdraw_recommendation", reason="重新排序")
    submitted.refresh_from_db()
    assert state(second) == "submitted" and submitted.recommendation_priority == 1


def test_submit_list_forwards_and_locks(client, cast, batch, submitted):
    act(client, cast.province, submitted, "recommend")
    page = client.post(reverse("reviews:submit_list", args=[batch.pk, "13"]), follow=True).content.decode()
    assert "须确认后办理" in page and state(submitted) == "recommended"
    assert not BatchProvince.objects.get(batch=batch, province_id="13").list_submitted
    client.post(reverse("reviews:submit_list", args=[batch.pk, "13"]), {"confirm": "1"})
    assert state(submitted) == "forwarded"
    row = BatchProvince.objects.get(batch=batch, province_id="13")
    assert row.list_submitted and row.list_submitted_by == cast.province
    assert Notification.objects.filter(recipient=cast.ministry).exists()
    late = make_application(batch, cast.guan, cast.county_guan, state="submitted")
    page = act(client, cast.province, late, "recommend").content.decode()
    assert "锁定" in page and state(late) == "submitted"


def test_submit_list_refused_while_applications_are_undecided(client, cast, batch, submitted):
    make_application(batch, cast.guan, cast.county_guan, state="submitted")
    act(client, cast.province, submitted, "recommend")
    page = client.post(reverse("reviews:submit_list", args=[batch.pk, "13"]), {"confirm": "1"}, follow=True).content.decode()
    assert "未处理" in page and state(submitted) == "recommended"


def test_submit_list_refused_for_another_province(client, cast, batch, submitted):
    client.force_login(cast.province_zj)
    assert client.post(reverse("reviews:submit_list", args=[batch.pk, "13"]), {"confirm": "1"}).status_code == 403


def test_recommendation_refused_after_its_deadline(client, cast):
    batch = make_batch("推荐已截止", opens_in_days=-30, closes_in_days=-20, recommendation_in_days=-1)
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    page = act(client, cast.province, app, "recommend").content.decode()
    assert "省级推荐已于" in page and state(app) == "submitted"


def test_county_cannot_resubmit_once_the_list_is_locked(client, cast, batch, submitted):
    returned = make_application(batch, cast.guan, cast.county_guan, state="returned_by_province")
    with seeding_states():  # the province's list set up as already submitted
        BatchProvince.objects.filter(batch=batch, province_id="13").update(
            list_state="submitted", list_submitted_at="2026-01-01T00:00:00Z")  # fmt: skip
    page = act(client, cast.county_guan, returned, "resubmit", response="已修改", confirm="1").content.decode()
    assert "锁定" in page and state(returned) == "returned_by_province"
    assert Application.objects.filter(state="submitted").count() == 1
