"""Batches API: every endpoint, with non-ministry users refused."""

import json

import pytest

from innocounty.applications.factories import make_batch

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "name": "API批次", "year": 2027, "application_opens": "2027-03-01", "application_closes": "2027-04-30",
    "construction_start_year": 2028, "quotas": {"13": 2},
}  # fmt: skip


def call(client, user, method, path, data=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(data)} if data is not None else {}
    return getattr(client, method)(f"/api/batches{path}", **kwargs)


def test_list_and_detail(client, cast, batch):
    draft = make_batch("筹备中", status="draft")
    assert [b["id"] for b in call(client, cast.county, "get", "/").json()] == [batch.pk]
    assert call(client, cast.county, "get", f"/{draft.pk}").status_code == 404
    body = call(client, cast.ministry, "get", f"/{draft.pk}").json()
    assert body["status"] == "draft" and body["quotas"][0]["province_code"] == "13"


def test_create_update_and_transitions(client, cast):
    created = call(client, cast.ministry, "post", "/", PAYLOAD)
    assert created.status_code == 201
    pk = created.json()["id"]
    updated = call(client, cast.ministry, "put", f"/{pk}", {**PAYLOAD, "name": "API批次（改）", "quotas": {"13": 3}})
    assert updated.json()["name"] == "API批次（改）" and updated.json()["quotas"][0]["quota"] == 3
    unconfirmed = call(client, cast.ministry, "post", f"/{pk}/open", {})
    assert unconfirmed.status_code == 400 and [r["code"] for r in unconfirmed.json()["reasons"]] == ["confirmation_required"]
    assert call(client, cast.ministry, "get", f"/{pk}").json()["status"] == "draft"
    opened = call(client, cast.ministry, "post", f"/{pk}/open", {"confirm": True})
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    again = call(client, cast.ministry, "post", f"/{pk}/open", {"confirm": True})
    assert again.status_code == 400 and again.json()["reasons"][0]["code"] == "wrong_state"
    inverted = call(client, cast.ministry, "post", "/", {**PAYLOAD, "application_closes": "2027-01-01"})
    assert inverted.status_code == 400


def test_non_ministry_users_are_refused(client, cast, batch):
    for user in (cast.county, cast.province, cast.auditor):
        assert call(client, user, "post", "/", PAYLOAD).status_code == 403
        assert call(client, user, "put", f"/{batch.pk}", PAYLOAD).status_code == 403
        assert call(client, user, "post", f"/{batch.pk}/close", {"confirm": True}).status_code == 403
    assert call(client, cast.ministry, "post", "/", {"name": "x"}).status_code == 422
