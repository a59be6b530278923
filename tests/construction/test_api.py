"""The reports API: role and scope on every endpoint, bounds, refusals with reasons, conflicts."""

import datetime as dt
import json

import pytest

from innocounty.common import clock

from .conftest import FILLED_AT, filled_content

pytestmark = pytest.mark.django_db


def call(client, user, method, path, data=None):
    client.force_login(user)
    kwargs = {"data": json.dumps(data), "content_type": "application/json"} if data is not None else {}
    with clock.at(FILLED_AT):
        return getattr(client, method)(f"/api/construction{path}", **kwargs)


def test_list_and_detail_by_scope(client, cast, report):
    mine = call(client, cast.county, "get", "/reports").json()
    assert [(r["year"], r["state"]) for r in mine] == [(2024, "draft"), (2025, "draft"), (2026, "draft")]
    assert mine[0]["due"] == "2025-03-31" and not mine[0]["overdue"]
    assert call(client, cast.county_guan, "get", "/reports").json() == []
    assert call(client, cast.province, "get", "/reports").json() == []  # drafts are the county's
    assert call(client, cast.ministry, "get", "/reports").json() == []
    assert call(client, cast.county_guan, "get", f"/reports/{report.pk}").status_code == 404
    assert call(client, cast.ministry, "get", f"/reports/{report.pk}").status_code == 404
    detail = call(client, cast.county, "get", f"/reports/{report.pk}").json()
    assert detail["available_actions"] == [] and detail["problems"]  # submit is offered once complete
    assert call(client, cast.county, "get", "/reports?year=1999").status_code == 422
    assert call(client, cast.county, "get", "/reports?state=nonsense").status_code == 422


def test_save_submit_review_receive(client, cast, report):
    path = f"/reports/{report.pk}"
    saved = call(client, cast.county, "put", path, {"content": filled_content(), "revision": 0})
    assert saved.status_code == 200, saved.content
    assert saved.json()["revision"] == 1 and saved.json()["available_actions"] == ["submit"]
    stale = call(client, cast.county, "put", path, {"content": filled_content(), "revision": 0})
    assert stale.status_code == 409 and stale.json()["revision"] == 1
    assert call(client, cast.province, "put", path, {"content": filled_content()}).status_code == 404
    unconfirmed = call(client, cast.county, "post", f"{path}/submit", {})
    assert (
        unconfirmed.status_code == 400 and unconfirmed.json()["reasons"][0]["code"] == "confirmation_required"
    )
    assert (
        call(client, cast.county, "post", f"{path}/submit", {"confirm": True}).json()["state"] == "submitted"
    )
    assert call(client, cast.county, "put", path, {"content": filled_content()}).status_code == 403
    assert (
        call(
            client, cast.province_zj, "post", f"{path}/review", {"decision": "pass", "confirm": True}
        ).status_code
        == 404
    )
    assert (
        call(client, cast.county, "post", f"{path}/review", {"decision": "pass", "confirm": True}).status_code
        == 403
    )
    no_reason = call(
        client, cast.province, "post", f"{path}/review", {"decision": "return", "sections": {"funds": "x"}}
    )
    assert no_reason.status_code == 400 and no_reason.json()["reasons"][0]["code"] == "missing_reason"
    bad_section = call(client, cast.province, "post", f"{path}/review", {"decision": "return", "reason": "x",
                                                                          "sections": {"nonsense": "x"}})  # fmt: skip
    assert bad_section.status_code == 422
    returned = call(client, cast.province, "post", f"{path}/review",
                    {"decision": "return", "reason": "请修改", "sections": {"funds": "来源不清"}})  # fmt: skip
    assert returned.json()["state"] == "returned_by_province"
    assert call(client, cast.county, "get", path).json()["return_reasons"] == {
        "funds": "来源不清",
        "general": "请修改",
    }
    call(client, cast.county, "post", f"{path}/submit", {"confirm": True})
    assert call(client, cast.ministry, "post", f"{path}/ministry", {"decision": "receive"}).status_code == 404
    assert (
        call(client, cast.province, "post", f"{path}/review", {"decision": "pass", "confirm": True}).json()[
            "state"
        ]
        == "passed"
    )
    assert call(client, cast.province, "post", f"{path}/ministry", {"decision": "receive"}).status_code == 403
    commented = call(
        client, cast.ministry, "post", f"{path}/ministry", {"decision": "comment", "reason": "很好"}
    )
    assert commented.json()["comments"][0]["text"] == "很好"
    assert call(client, cast.ministry, "post", f"{path}/ministry", {"decision": "comment"}).status_code == 400
    assert (
        call(client, cast.ministry, "post", f"{path}/ministry", {"decision": "receive"}).json()["state"]
        == "received"
    )
    assert call(client, cast.auditor, "post", f"{path}/ministry", {"decision": "return", "reason": "x",
                                                                    "confirm": True}).status_code == 403  # fmt: skip


def test_bounds_are_422(client, cast, report):
    path = f"/reports/{report.pk}"
    for content in ({"problems": "长" * 20_001}, {"funds": {"central": -1}}, {"tasks": {"x": {"status": "maybe"}}},
                    {"policies": [{"title": "t"}] * 51}, {"targets": {"I01": {"actual": 1e300}}}):  # fmt: skip
        assert call(client, cast.county, "put", path, {"content": content}).status_code == 422, content
    assert call(client, cast.county, "get", "/reports/0").status_code == 422
    assert call(client, cast.county, "get", "/reports/99999999").status_code == 404


def test_overdue_in_the_list(client, cast, report):
    client.force_login(cast.county)
    with clock.at(dt.date(2025, 4, 2)):
        rows = client.get("/api/construction/reports").json()
    assert rows[0]["overdue"] and not rows[0]["late"]
