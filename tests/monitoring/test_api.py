"""The monitoring API: scopes on every endpoint (403 for a foreign scope, 404 for missing objects) and flows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innocounty.accounts.tokens import create_token
from innocounty.audit.models import AuditEvent
from innocounty.monitoring.models import Framework, IndicatorValue, ProvinceSubmission
from innocounty.monitoring.uploads import UploadedFile, receive_upload

API = "/api/monitoring"
USERS = ["ministry", "auditor", "north_officer", "south_officer", "county_officer", "expert"]


def bearer(user) -> dict:
    clear, _token = create_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


@pytest.fixture
def api(client):
    class Api:
        def __init__(self):
            self.headers = {}

        def as_user(self, user):
            client.force_login(user)
            return self

        def get(self, path, **params):
            return client.get(API + path, params, **self.headers)

        def post(self, path, data=None, files=None):
            if files is not None:
                return client.post(API + path, {**(data or {}), **files}, **self.headers)
            return client.post(API + path, data or {}, content_type="application/json", **self.headers)

    return Api()


@pytest.fixture
def imported(north_submission, north_officer, valid_north_workbook):
    return receive_upload(north_submission, north_officer, UploadedFile("北测.xlsx", valid_north_workbook))


READS = {
    "/frameworks": set(USERS),
    "/rounds": set(USERS),
    "/submissions/{s}": {"ministry", "auditor", "north_officer"},
    "/submissions/{s}/template": {"north_officer"},
    "/uploads/{u}": {"ministry", "auditor", "north_officer"},
    "/rounds/{r}/counties/970121": {"ministry", "auditor", "north_officer", "county_officer"},
    "/rounds/{r}/export.csv": {"ministry", "auditor"},
    "/rounds/{r}/export.csv?province=97": {"ministry", "auditor", "north_officer"},
}


@pytest.mark.parametrize("who", USERS)
def test_read_endpoint_scopes(api, imported, who, request):
    api.as_user(request.getfixturevalue(who))
    ids = {"s": imported.submission_id, "u": imported.pk, "r": imported.data_round_id}
    for path, allowed in READS.items():
        path, _, query = path.format(**ids).partition("?")
        params = dict([query.split("=")]) if query else {}
        response = api.get(path, **params)
        assert response.status_code == (200 if who in allowed else 403), (path, who, response.content[:200])


def test_submissions_list_is_scoped(api, imported, north_officer, ministry):
    path = f"/rounds/{imported.data_round_id}/submissions"
    assert [s["province"] for s in api.as_user(north_officer).get(path).json()] == ["97"]
    assert {"97", "98"} <= {s["province"] for s in api.as_user(ministry).get(path).json()}


def test_missing_objects_are_404(api, ministry, data_round):
    api.as_user(ministry)
    for path in ("/frameworks/9999", "/submissions/9999", "/uploads/9999", f"/rounds/{data_round.pk}/counties/999999"):
        assert api.get(path).status_code == 404


def test_anonymous_is_401(client, data_round):
    assert client.get(f"{API}/rounds").status_code == 401


def test_bearer_token_works(client, north_officer, north_submission):
    response = client.get(f"{API}/submissions/{north_submission.pk}", **bearer(north_officer))
    assert response.status_code == 200 and response.json()["state"] == "draft"


def test_framework_detail_has_nodes(api, framework, county_officer):
    body = api.as_user(county_officer).get(f"/frameworks/{framework.pk}").json()
    assert body["in_use"] is False and len(body["nodes"]) == 29
    i01 = next(n for n in body["nodes"] if n["code"] == "I01")
    assert i01["parent"] == "D1" and i01["denominator"] == "population_10k" and i01["type"] == "Indicator"


def test_framework_import_and_activate_are_ministry_only(api, ministry, north_officer):
    from innocounty.evaluation.framework import resolve_framework_path

    content = resolve_framework_path("hunan-15").read_bytes()
    files = {"file": SimpleUploadedFile("hunan.csv", content)}
    assert api.as_user(north_officer).post("/frameworks", {"code": "hn"}, files=files).status_code == 403
    created = api.as_user(ministry).post("/frameworks", {"code": "hn"},
                                         files={"file": SimpleUploadedFile("hunan.csv", content)})
    assert created.status_code == 201 and created.json()["status"] == "draft"
    bad = api.post("/frameworks", {"code": "bad"}, files={"file": SimpleUploadedFile("b.csv", b"code,level\nX,1\n")})
    assert bad.status_code == 422
    pk = created.json()["id"]
    assert api.as_user(north_officer).post(f"/frameworks/{pk}/activate", {"confirm": True}).status_code == 403
    unconfirmed = api.as_user(ministry).post(f"/frameworks/{pk}/activate", {})
    assert unconfirmed.status_code == 422 and "须确认" in unconfirmed.json()["detail"]
    assert Framework.objects.get(pk=pk).status == "draft"
    assert api.post(f"/frameworks/{pk}/activate", {"confirm": True}).json()["status"] == "active"
    assert AuditEvent.objects.filter(action="framework.activate", object_id=str(pk)).count() == 1


def test_open_round_via_api(api, ministry, north_officer, framework, provinces):
    payload = {"year": 2031, "framework_id": framework.pk, "deadline": "2032-03-31"}
    assert api.as_user(north_officer).post("/rounds", payload).status_code == 403
    created = api.as_user(ministry).post("/rounds", payload)
    assert created.status_code == 201 and created.json()["year"] == 2031
    duplicate = api.post("/rounds", payload)
    assert duplicate.status_code == 422 and "已存在" in duplicate.json()["detail"]
    assert api.post("/rounds", {**payload, "framework_id": 9999}).status_code == 404


def test_upload_report_confirm_submit_accept(api, north_officer, south_officer, ministry, north_submission,
                                             make_workbook, valid_north_workbook):
    path = f"/submissions/{north_submission.pk}"
    bad = make_workbook([("970121", {"I05": -3}), ("980121", {})])
    api.as_user(north_officer)
    response = api.post(f"{path}/uploads", files={"file": SimpleUploadedFile("bad.xlsx", bad)})
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "rejected" and {i["rule"] for i in body["issues"]} == {"negative", "other_province"}
    issue = next(i for i in body["issues"] if i["rule"] == "negative")
    assert issue["sheet"] == "数据" and issue["row"] == 4 and issue["value"] == "-3" and issue["header"].startswith("I05")
    macro = api.post(f"{path}/uploads", files={"file": SimpleUploadedFile("m.xlsm", valid_north_workbook)})
    assert macro.status_code == 422 and macro.json()["issues"][0]["rule"] == "macro_enabled"
    warn = make_workbook([("970121", {})], edit=lambda sheet: sheet.cell(1, 40, "备注"))
    pending = api.post(f"{path}/uploads", files={"file": SimpleUploadedFile("w.xlsx", warn)}).json()
    assert pending["status"] == "needs_confirmation" and not IndicatorValue.objects.exists()
    assert api.as_user(south_officer).post(f"/uploads/{pending['id']}/confirm").status_code == 403
    confirmed = api.as_user(north_officer).post(f"/uploads/{pending['id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "imported"
    assert api.as_user(south_officer).post(f"{path}/submit", {"confirm": True}).status_code == 403
    unconfirmed = api.as_user(north_officer).post(f"{path}/submit", {})
    assert unconfirmed.status_code == 422 and "须确认" in unconfirmed.json()["detail"]
    assert "审核" in unconfirmed.json()["detail"]  # the consequence is stated
    assert ProvinceSubmission.objects.get(pk=north_submission.pk).state == "draft"
    assert not AuditEvent.objects.filter(action="submission.submit").exists()
    assert api.post(f"{path}/submit", {"confirm": True}).json()["state"] == "submitted"
    assert api.post(f"{path}/submit", {"confirm": True}).status_code == 422  # already submitted
    assert api.post(f"{path}/accept", {"confirm": True}).status_code == 403
    assert api.as_user(ministry).post(f"{path}/return", {"reason": ""}).status_code == 422
    assert api.post(f"{path}/accept", {"confirm": False}).status_code == 422
    assert ProvinceSubmission.objects.get(pk=north_submission.pk).state == "submitted"
    assert api.post(f"{path}/accept", {"confirm": True}).json()["state"] == "accepted"
    locked = api.as_user(north_officer).post(f"{path}/uploads",
                                             files={"file": SimpleUploadedFile("v.xlsx", valid_north_workbook)})
    assert locked.status_code == 422 and "已接收" in locked.json()["detail"]


def test_county_values_and_comments(api, imported, county_officer, other_county_officer, north_officer):
    path = f"/rounds/{imported.data_round_id}/counties/970121"
    body = api.as_user(county_officer).get(path).json()
    i01 = next(v for v in body["values"] if v["code"] == "I01")
    assert i01["value"] == 10.0 and i01["source"] == "北测.xlsx" and i01["revisions"] == []
    assert api.post(f"{path}/comments", {"text": "请核实 I01", "indicator_code": "I01"}).status_code == 201
    assert api.as_user(other_county_officer).post(f"{path}/comments", {"text": "x"}).status_code == 403
    assert api.as_user(north_officer).get(path).json()["comments"][0]["text"] == "请核实 I01"


def test_csv_export_is_escaped(api, imported, ministry, north_submission):
    from innocounty.regions.models import County

    County.objects.filter(code="970121").update(name="=HYPERLINK(\"http://evil\")")
    text = b"".join(api.as_user(ministry).get(f"/rounds/{imported.data_round_id}/export.csv").streaming_content)
    decoded = text.decode("utf-8-sig")
    assert "'=HYPERLINK" in decoded and "\n=HYPERLINK" not in decoded and ",=HYPERLINK" not in decoded


@pytest.mark.parametrize("code", ["I99", "x" * 509, "I01 ", "population_10k"])
def test_comment_indicator_code_is_bounded_and_checked(api, imported, county_officer, code):
    """Issue 8, item 7: an unchecked indicator_code was stored (509 characters) or a 500 on PostgreSQL."""
    path = f"/rounds/{imported.data_round_id}/counties/970121/comments"
    response = api.as_user(county_officer).post(path, {"text": "请核实", "indicator_code": code})
    from innocounty.monitoring.models import DataComment

    if code.strip() in ("I01", "population_10k"):
        assert response.status_code == 201 and response.json()["indicator_code"] == code.strip()
    else:
        detail = response.json()["detail"]
        assert response.status_code == 422
        if len(code) > 32:  # bounded by the schema: the field is named
            errors = response.json()["errors"]
            assert errors[0]["loc"][-1] == "indicator_code" and errors[0]["type"] == "string_too_long"
        else:  # checked against the round's framework
            assert "不属于本轮的指标体系" in detail
        assert not DataComment.objects.exists()


def test_no_comments_on_a_closed_round(api, imported, county_officer, ministry, client):
    from django.urls import reverse

    from innocounty.monitoring.models import DataComment
    from innocounty.monitoring.rounds import close_round

    close_round(ministry, imported.data_round, confirm=True)
    path = f"/rounds/{imported.data_round_id}/counties/970121/comments"
    response = api.as_user(county_officer).post(path, {"text": "请核实"})
    assert response.status_code == 422 and "已关闭" in response.json()["detail"]
    page = client.post(reverse("monitoring:county", args=[imported.data_round_id, "970121"]), {"text": "请核实"})
    assert page.status_code == 200 and "已关闭" in page.content.decode()
    assert not DataComment.objects.exists()


def test_overlong_comment_is_refused_not_cut(api, imported, county_officer):
    path = f"/rounds/{imported.data_round_id}/counties/970121/comments"
    response = api.as_user(county_officer).post(path, {"text": "长" * 2001})
    detail, errors = response.json()["detail"], response.json().get("errors")
    assert response.status_code == 422 and (  # the schema's bound names the field; the service's names the length
        "2001" in str(detail) or errors[0]["loc"][-1] == "text")
    from innocounty.monitoring.models import DataComment

    assert not DataComment.objects.exists()
