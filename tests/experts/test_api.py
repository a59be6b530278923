"""The experts API: the expert's acts and review, the ministry's panels; role and scope in every operation."""

import pytest

from innocounty.experts import services
from innocounty.programme.scoring import DEFAULT_RUBRIC

pytestmark = pytest.mark.django_db
J = "application/json"


@pytest.fixture
def invited(world):
    cast = world["cast"]
    _, slot = services.assign_slot(
        cast.ministry, world["batch"], world["apps"]["zhengding"], world["experts"]["li"]
    )
    services.confirm_proposal(cast.ministry, world["batch"])
    return slot


def test_expert_accepts_declares_drafts_and_submits_through_the_api(client, world, invited):
    client.force_login(world["cast"].expert)
    rows = client.get("/api/experts/assignments").json()
    assert [r["id"] for r in rows] == [invited.pk] and rows[0]["application_id"] is None
    assert client.get(f"/api/experts/assignments/{invited.pk}/review").status_code == 403
    assert (
        client.post(f"/api/experts/assignments/{invited.pk}/acts/accept", {}, content_type=J).status_code
        == 200
    )
    r = client.post(
        f"/api/experts/assignments/{invited.pk}/acts/declare", {"declaration": True}, content_type=J
    )
    assert r.status_code == 400 and "confirmation_required" in str(r.json())
    r = client.post(
        f"/api/experts/assignments/{invited.pk}/acts/declare",
        {"declaration": True, "confirm": True},
        content_type=J,
    )
    assert r.json()["application_id"] == world["apps"]["zhengding"].pk
    scores = {c.code: 7 for c in DEFAULT_RUBRIC.criteria}
    r = client.put(f"/api/experts/assignments/{invited.pk}/review", {"scores": {"x": 1e9}}, content_type=J)
    assert r.status_code == 422
    r = client.put(
        f"/api/experts/assignments/{invited.pk}/review",
        {"scores": scores, "recommendation": "approve"},
        content_type=J,
    )
    assert r.status_code == 200 and r.json()["problems"] == []
    assert (
        client.post(f"/api/experts/assignments/{invited.pk}/review/submit", {}, content_type=J).status_code
        == 400
    )
    r = client.post(f"/api/experts/assignments/{invited.pk}/review/submit", {"confirm": True}, content_type=J)
    assert r.status_code == 200 and r.json()["state"] == "submitted" and r.json()["total"] == 70.0


def test_other_experts_and_roles_are_refused(client, world, invited):
    client.force_login(world["experts"]["wang"].user)
    assert (
        client.post(f"/api/experts/assignments/{invited.pk}/acts/accept", {}, content_type=J).status_code
        == 404
    )
    assert client.get("/api/experts/pool").status_code == 403
    client.force_login(world["cast"].province)
    assert client.get("/api/experts/assignments").status_code == 403
    assert client.get(f"/api/experts/batches/{world['batch'].pk}/panels").status_code == 403
    assert (
        client.post(f"/api/experts/batches/{world['batch'].pk}/propose", {}, content_type=J).status_code
        == 403
    )


def test_ministry_proposes_adjusts_and_confirms_through_the_api(client, world):
    client.force_login(world["cast"].ministry)
    b = world["batch"].pk
    assert len(client.get("/api/experts/pool").json()) == 5
    quality = client.post(f"/api/experts/batches/{b}/propose", {"time_limit": 5}, content_type=J).json()
    assert quality["feasible"] is False and quality["problems"]  # 5 per panel from this pool: the cause named
    plan = services.plan_for(world["batch"])
    plan.panel_size = 2
    plan.save()
    quality = client.post(f"/api/experts/batches/{b}/propose", {"time_limit": 5}, content_type=J).json()
    assert quality["feasible"] is True
    r = client.post(
        f"/api/experts/batches/{b}/slots",
        {"application_id": world["apps"]["zhengding"].pk, "expert_id": world["experts"]["qian"].pk},
        content_type=J,
    )
    assert r.status_code == 400 and "expert_same_province" in str(r.json())
    assert client.post(f"/api/experts/batches/{b}/confirm", {}, content_type=J).status_code == 400
    assert (
        client.post(f"/api/experts/batches/{b}/confirm", {"confirm": True}, content_type=J).json()["invited"]
        > 0
    )
    panels = client.get(f"/api/experts/batches/{b}/panels").json()
    assert {a["state"] for a in panels["assignments"]} >= {"invited"}
