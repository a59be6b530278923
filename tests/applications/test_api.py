"""Applications API: one test per endpoint, each with a user outside the scope getting 403 or 404."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innocounty.applications.factories import make_application
from innocounty.applications.models import Application, Attachment
from innocounty.common.states import seeding_states

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


def call(client, user, method, path, data=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(data)} if data is not None else {}
    return getattr(client, method)(f"/api/applications{path}", **kwargs)


@pytest.fixture
def draft(cast, batch):
    return make_application(batch, cast.zhengding, cast.county)


def test_anonymous_gets_401(client, draft):
    assert client.get("/api/applications/").status_code == 401


def test_list_is_scoped(client, cast, batch, draft):
    make_application(batch, cast.anji, cast.county_anji, state="submitted")
    assert [a["county_code"] for a in call(client, cast.county, "get", "/").json()] == ["130123"]
    assert call(client, cast.province, "get", "/").json() == []  # the draft stays with the county
    assert [a["county_code"] for a in call(client, cast.province_zj, "get", "/").json()] == ["330523"]
    assert call(client, cast.expert, "get", "/").json() == []


def test_create(client, cast, batch):
    response = call(client, cast.county, "post", "/", {"batch_id": batch.pk, "county_code": "130123", "theme": "industry"})
    assert response.status_code == 201 and response.json()["state"] == "draft"
    assert "create_draft" not in response.json()["available_actions"]
    again = call(client, cast.county, "post", "/", {"batch_id": batch.pk, "county_code": "130123"})
    assert again.status_code == 400 and again.json()["reasons"][0]["code"] == "duplicate_application"
    foreign = call(client, cast.county_anji, "post", "/", {"batch_id": batch.pk, "county_code": "131022"})
    assert foreign.status_code == 403
    assert call(client, cast.county, "post", "/", {"batch_id": batch.pk}).status_code == 422


def test_get_detail(client, cast, draft):
    body = call(client, cast.county, "get", f"/{draft.pk}").json()
    assert body["plan"]["theme"] == "industry" and body["missing"] == [] and "submit" in body["available_actions"]
    assert call(client, cast.county_guan, "get", f"/{draft.pk}").status_code == 404
    assert call(client, cast.county, "get", "/999999").status_code == 404


def test_put_section(client, cast, draft):
    response = call(client, cast.county, "put", f"/{draft.pk}/sections/basis", {"text": "第一段\n第二段<script>"})
    assert response.status_code == 200
    assert response.json()["plan"]["sections"]["basis"] == "<p>第一段</p><p>第二段&lt;script&gt;</p>"
    assert call(client, cast.county, "put", f"/{draft.pk}/sections/nonsense", {"text": "x"}).status_code == 400
    assert call(client, cast.county_guan, "put", f"/{draft.pk}/sections/basis", {"text": "x"}).status_code == 404


def test_patch_plan_lists_missing_parts(client, cast, draft, batch):
    year = batch.construction_years[0]
    body = call(client, cast.county, "patch", f"/{draft.pk}/plan",
                {"milestones": {str(year): "只写了第一年"}, "targets": []}).json()  # fmt: skip
    codes = {m["code"] for m in body["missing"]}
    assert {"milestones_missing_for_year", "targets_too_few"} <= codes
    draft.refresh_from_db()
    with seeding_states():
        draft.state = "submitted"
        draft.save()
    client.force_login(cast.province)
    assert call(client, cast.province, "patch", f"/{draft.pk}/plan", {"theme": "ecology"}).status_code == 403


def test_transitions(client, cast, draft):
    ok = call(client, cast.county, "post", f"/{draft.pk}/transitions/submit", {"confirm": True})
    assert ok.status_code == 200 and ok.json()["to_state"] == "submitted"
    refused = call(client, cast.province, "post", f"/{draft.pk}/transitions/return_for_revision", {})
    assert refused.status_code == 400 and refused.json()["reasons"][0]["code"] == "missing_reason"
    assert call(client, cast.province_zj, "post", f"/{draft.pk}/transitions/recommend", {}).status_code == 404
    assert call(client, cast.ministry, "post", f"/{draft.pk}/transitions/recommend", {}).status_code == 403
    done = call(client, cast.province, "post", f"/{draft.pk}/transitions/recommend", {"priority": 1})
    assert done.json()["application"]["recommendation_priority"] == 1


def test_submit_incomplete_returns_every_missing_part(client, cast, batch):
    app = make_application(batch, cast.guan, cast.county_guan, complete=False)
    body = call(client, cast.county_guan, "post", f"/{app.pk}/transitions/submit", {"confirm": True}).json()
    [reason] = body["reasons"]
    assert reason["code"] == "incomplete_application" and len(reason["details"]) > 10


@pytest.mark.parametrize("payload", [{}, {"confirm": False}])
def test_consequential_transition_is_refused_without_confirmation(client, cast, draft, payload):
    refused = call(client, cast.county, "post", f"/{draft.pk}/transitions/submit", payload)
    assert refused.status_code == 400
    [reason] = refused.json()["reasons"]
    assert reason["code"] == "confirmation_required" and reason["details"][0]["code"] == "consequence"
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.versions.count() == 0 and not draft.events.filter(transition="submit").exists()


def test_attachments(client, cast, draft, media):
    client.force_login(cast.county)
    response = client.post(f"/api/applications/{draft.pk}/attachments",
                           {"file": SimpleUploadedFile("a.pdf", PDF), "title": "正文"})  # fmt: skip
    assert response.status_code == 201
    attachment_id = response.json()["id"]
    wrong = client.post(f"/api/applications/{draft.pk}/attachments", {"file": SimpleUploadedFile("a.xlsx", PDF)})
    assert wrong.status_code == 400 and wrong.json()["reasons"][0]["message"].startswith("文件扩展名")
    assert len(call(client, cast.county, "get", f"/{draft.pk}/attachments").json()) == 1
    download = client.get(f"/api/applications/attachments/{attachment_id}/download")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    client.force_login(cast.county_guan)
    assert client.get(f"/api/applications/attachments/{attachment_id}/download").status_code == 404
    assert client.post(f"/api/applications/{draft.pk}/attachments", {"file": io.BytesIO(PDF)}).status_code in (404, 422)
    assert call(client, cast.county_guan, "delete", f"/{draft.pk}/attachments/{attachment_id}").status_code == 404
    assert call(client, cast.county, "delete", f"/{draft.pk}/attachments/{attachment_id}").status_code == 204
    assert Attachment.current.count() == 0


def test_versions_and_compare(client, cast, draft):
    call(client, cast.county, "post", f"/{draft.pk}/transitions/submit", {"confirm": True})
    with seeding_states():
        Application.objects.filter(pk=draft.pk).update(state="returned_by_province")
    call(client, cast.county, "put", f"/{draft.pk}/sections/positioning", {"text": "新的定位" * 60})
    versions = call(client, cast.county, "get", f"/{draft.pk}/versions").json()
    assert [v["number"] for v in versions] == [1]
    body = call(client, cast.county, "get", f"/{draft.pk}/compare?a=1&b=working").json()
    assert body["changed"] == 1 and any(e["key"] == "sections.positioning" and e["status"] == "changed" for e in body["entries"])
    assert call(client, cast.county, "get", f"/{draft.pk}/compare?a=7&b=working").status_code == 404
    assert call(client, cast.county_anji, "get", f"/{draft.pk}/versions").status_code == 404
    assert call(client, cast.county_anji, "get", f"/{draft.pk}/compare?a=1&b=working").status_code == 404
