"""Screening API: every endpoint, with users of another province or role getting 403/404."""

import json

import pytest

from innocounty.applications.factories import make_application
from innocounty.reviews.models import FormalReview

pytestmark = pytest.mark.django_db


def call(client, user, method, path, data=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(data)} if data is not None else {}
    return getattr(client, method)(f"/api/reviews{path}", **kwargs)


def test_province_list_and_submission(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="recommended", priority=1)
    body = call(client, cast.province, "get", f"/batches/{batch.pk}/provinces/13").json()
    assert body["quota"] == 2 and body["rows"][0]["application"]["county_code"] == "130123"
    assert call(client, cast.province_zj, "get", f"/batches/{batch.pk}/provinces/13").status_code == 403
    assert call(client, cast.province_zj, "post", f"/batches/{batch.pk}/provinces/13/submit", {"confirm": True}).status_code == 403
    unconfirmed = call(client, cast.province, "post", f"/batches/{batch.pk}/provinces/13/submit", {})
    assert unconfirmed.status_code == 400 and [r["code"] for r in unconfirmed.json()["reasons"]] == ["confirmation_required"]
    app.refresh_from_db()
    assert app.state == "recommended" and not call(client, cast.province, "get", f"/batches/{batch.pk}/provinces/13").json()["list_submitted"]
    submitted = call(client, cast.province, "post", f"/batches/{batch.pk}/provinces/13/submit", {"confirm": True})
    assert submitted.status_code == 200 and submitted.json()["list_submitted"]
    again = call(client, cast.province, "post", f"/batches/{batch.pk}/provinces/13/submit", {"confirm": True})
    assert again.status_code == 400 and [r["code"] for r in again.json()["reasons"]] == ["wrong_state"]
    app.refresh_from_db()
    assert app.state == "forwarded"


def test_priority(client, cast, batch):
    first = make_application(batch, cast.zhengding, cast.county, state="recommended", priority=1)
    second = make_application(batch, cast.guan, cast.county_guan, state="recommended", priority=2)
    moved = call(client, cast.province, "post", f"/applications/{second.pk}/priority", {"priority": 1})
    assert moved.status_code == 200 and moved.json()["recommendation_priority"] == 1
    first.refresh_from_db()
    assert first.recommendation_priority == 2
    assert call(client, cast.province, "post", f"/applications/{second.pk}/priority", {"priority": 5}).status_code == 400
    assert call(client, cast.province_zj, "post", f"/applications/{second.pk}/priority", {"priority": 2}).status_code == 404
    assert call(client, cast.county, "post", f"/applications/{first.pk}/priority", {"priority": 1}).status_code == 403


def test_formal_review(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="forwarded", priority=1)
    items = call(client, cast.ministry, "get", f"/applications/{app.pk}/formal-review").json()
    assert [i["code"] for i in items][-1] == "provincial_recommendation_present" and all(i["passed"] for i in items)
    assert call(client, cast.province, "get", f"/applications/{app.pk}/formal-review").status_code == 403
    assert call(client, cast.province_zj, "get", f"/applications/{app.pk}/formal-review").status_code == 404
    assert call(client, cast.province, "post", f"/applications/{app.pk}/formal-review",
                {"decision": "pass", "confirm": True}).status_code == 403  # fmt: skip
    refused = call(client, cast.ministry, "post", f"/applications/{app.pk}/formal-review", {"decision": "fail", "confirm": True})
    assert refused.status_code == 400 and [r["code"] for r in refused.json()["reasons"]] == ["missing_reason"]
    unconfirmed = call(client, cast.ministry, "post", f"/applications/{app.pk}/formal-review", {"decision": "pass"})
    assert unconfirmed.status_code == 400 and [r["code"] for r in unconfirmed.json()["reasons"]] == ["confirmation_required"]
    app.refresh_from_db()
    assert app.state == "forwarded" and not FormalReview.objects.filter(application=app).exists()
    passed = call(client, cast.ministry, "post", f"/applications/{app.pk}/formal-review", {"decision": "pass", "confirm": True})
    assert passed.json()["state"] == "formal_review_passed"


def test_data_evaluation(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="formal_review_passed", priority=1)
    body = call(client, cast.ministry, "get", f"/batches/{batch.pk}/data-evaluation").json()
    assert body["rows"][0]["belt"] == "east" and body["by_belt"][0] == {"name": "东部", "candidates": 1, "selected": 0}
    assert call(client, cast.province, "get", f"/batches/{batch.pk}/data-evaluation").status_code == 403
    assert call(client, cast.province_zj, "post", f"/applications/{app.pk}/consultation", {"selected": True}).status_code == 404
    assert call(client, cast.auditor, "post", f"/applications/{app.pk}/consultation", {"selected": True}).status_code == 403
    marked = call(client, cast.ministry, "post", f"/applications/{app.pk}/consultation", {"selected": True})
    assert marked.json()["state"] == "selected_for_consultation"
    close = f"/batches/{batch.pk}/data-evaluation/close"
    assert call(client, cast.province, "post", close, {"confirm": True}).status_code == 403
    unconfirmed = call(client, cast.ministry, "post", close, {})
    assert unconfirmed.status_code == 400 and [r["code"] for r in unconfirmed.json()["reasons"]] == ["confirmation_required"]
    assert not call(client, cast.ministry, "get", f"/batches/{batch.pk}/data-evaluation").json()["closed"]
    assert call(client, cast.ministry, "post", close, {"confirm": True}).json()["closed"]
    assert call(client, cast.ministry, "get", f"/batches/{batch.pk}/data-evaluation").json()["closed"]
    assert call(client, cast.ministry, "post", close, {"confirm": True}).status_code == 400
