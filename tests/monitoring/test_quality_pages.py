"""The data-quality pages and endpoints: role and scope on each, the county's form and its JSON checks,
the ministry's rule editor (expressions validated) and exports, the on-demand checks with confirmations,
reporting rates, the upload's conflict choices, and the API."""

from __future__ import annotations

import json

import openpyxl
import pytest
from django.urls import reverse

from innocounty.monitoring import county_entry as service
from innocounty.monitoring.models import CountyEntryState, FlagConfirmation, ValidationRule
from innocounty.monitoring.uploads import UploadedFile, receive_upload
from innocounty.regions.models import County

API = "/api/monitoring"
USERS = [
    "ministry",
    "auditor",
    "north_officer",
    "south_officer",
    "county_officer",
    "other_county_officer",
    "expert",
]


@pytest.fixture
def users(request):
    return {name: request.getfixturevalue(name) for name in USERS}


@pytest.fixture
def urls(data_round, framework):
    r, f = data_round.pk, framework.pk
    return {
        "entry": reverse("monitoring:county_entry", args=[r, "970121"]),
        "province_entries": reverse("monitoring:province_entries", args=[r, "97"]),
        "quality": reverse("monitoring:quality", args=[r]) + "?province=97",
        "quality_nation": reverse("monitoring:quality", args=[r]),
        "thresholds": reverse("monitoring:thresholds", args=[r]),
        "reporting": reverse("monitoring:reporting", args=[r]),
        "reporting_map": reverse("monitoring:reporting_map", args=[r]),
        "reporting_export": reverse("monitoring:reporting_export", args=[r]),
        "rules": reverse("monitoring:rules", args=[f]),
        "rules_csv": reverse("monitoring:rule_export", args=[f, "csv"]),
    }


ALLOWED = {
    "entry": {"ministry", "auditor", "north_officer", "county_officer"},
    "province_entries": {"ministry", "auditor", "north_officer"},
    "quality": {"ministry", "auditor", "north_officer"},
    "quality_nation": {
        "ministry",
        "auditor",
        "north_officer",
        "south_officer",
    },  # officers: their own province
    "thresholds": {"ministry"},
    "reporting": set(USERS) - {"expert"},
    "reporting_map": {"ministry", "auditor"},
    "reporting_export": set(USERS) - {"expert"},
    "rules": set(USERS),
    "rules_csv": set(USERS),
}


def test_every_page_checks_role_and_scope(client, users, urls):
    for name, url in urls.items():
        for who, user in users.items():
            client.force_login(user)
            response = client.get(url)
            expected = 200 if who in ALLOWED[name] else 403
            assert response.status_code == expected, (name, who, response.status_code)


def test_county_form_saves_a_draft_and_checks_as_you_type(
    client, county_officer, other_county_officer, urls, data_round
):
    client.force_login(county_officer)
    page = client.get(urls["entry"]).content.decode()
    assert 'id="entry-form"' in page and "monitoring/entry.js" in page and "<script>" not in page
    assert 'name="I07"' in page and "创新投入" in page  # grouped by dimension
    check = reverse("monitoring:entry_check", args=[data_round.pk, "970121"])
    body = client.post(check, {"I07": "5000", "enterprises_1k": "1", "I02": "abc"}).json()
    assert set(body["field_errors"]) == {"I02"} and body["errors"] == 2
    assert body["items"][0]["key"] == "hightech-within-enterprises"
    assert body["items"][0]["values"] == {"I07": 5000.0, "enterprises_1k": 1.0}
    response = client.post(urls["entry"], {"I01": "12", "I02": "abc"})
    assert response.status_code == 200 and "未保存这些字段" in response.content.decode()
    entry = service.entry_for(data_round, County.objects.get(code="970121"))
    assert entry.state == CountyEntryState.DRAFT and entry.values["I01"] == 12.0
    client.force_login(other_county_officer)
    assert client.post(check, {"I01": "1"}).status_code == 403
    assert client.post(urls["entry"], {"I01": "1"}).status_code == 403


def test_submit_and_review_through_the_pages(client, county_officer, north_officer, data_round, urls):
    client.force_login(county_officer)
    client.post(urls["entry"], {"I01": "12"})
    submit = reverse("monitoring:entry_transition", args=[data_round.pk, "970121", "submit"])
    client.post(submit)  # no confirmation: refused, stays a draft
    entry = service.entry_for(data_round, County.objects.get(code="970121"))
    assert entry.state == CountyEntryState.DRAFT
    client.post(submit, {"confirm": "1"})
    entry.refresh_from_db()
    assert entry.state == CountyEntryState.SUBMITTED
    assert (
        client.post(
            reverse("monitoring:entry_transition", args=[data_round.pk, "970121", "accept"]), {"confirm": "1"}
        ).status_code
        == 403
    )
    client.force_login(north_officer)
    assert "entry-accept" in client.get(urls["entry"]).content.decode()
    client.post(
        reverse("monitoring:entry_transition", args=[data_round.pk, "970121", "return"]), {"reason": "请核实"}
    )
    entry.refresh_from_db()
    assert entry.state == CountyEntryState.RETURNED and entry.return_reason == "请核实"
    assert "请核实" in client.get(urls["province_entries"]).content.decode()


def test_ministry_edits_rules_with_validated_expressions(client, ministry, north_officer, framework, urls):
    client.force_login(ministry)
    bad = client.post(
        urls["rules"],
        {
            "code": "x",
            "left": "I01 +",
            "operator": "<=",
            "right": "I99",
            "importance": "error",
            "message_zh": "坏",
        },
    )
    text = bad.content.decode()
    assert bad.status_code == 200 and 'data-testid="rule-error-left"' in text and "I99" in text
    good = {
        "code": "fiscal-le-rd",
        "left": "I01",
        "operator": "<=",
        "right": "I03 * 2",
        "importance": "warning",
        "tolerance": "",
        "message_zh": "财政科技支出一般不超过 R&D 经费的两倍",
        "message_en": "check",
    }
    assert client.post(urls["rules"], good).status_code == 302
    rule = ValidationRule.objects.get(framework=framework, code="fiscal-le-rd")
    assert client.post(urls["rules"], good).status_code == 200  # same code again: refused on the form
    edit = reverse("monitoring:rule_edit", args=[framework.pk, rule.pk])
    assert client.post(edit, {**good, "right": "I03 * 3"}).status_code == 302
    rule.refresh_from_db()
    assert rule.right == "I03 * 3"
    csv_text = b"".join(client.get(urls["rules_csv"]).streaming_content).decode("utf-8-sig")
    assert "fiscal-le-rd,I01,<=,I03 * 3,warning" in csv_text
    exported = json.loads(client.get(reverse("monitoring:rule_export", args=[framework.pk, "json"])).content)
    assert {r["code"] for r in exported["rules"]} >= {"fiscal-le-rd", "rd-within-gdp"}
    import io

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("monitoring:rule_export", args=[framework.pk, "xlsx"])).content)
    )
    assert book.active.cell(1, 1).value == "code"
    assert client.get(reverse("monitoring:rule_export", args=[framework.pk, "exe"])).status_code == 404
    client.force_login(north_officer)
    assert client.post(urls["rules"], {**good, "code": "y"}).status_code == 403
    assert client.post(reverse("monitoring:rule_delete", args=[framework.pk, rule.pk])).status_code == 403
    client.force_login(ministry)
    client.post(reverse("monitoring:rule_delete", args=[framework.pk, rule.pk]), {"confirm": "1"})
    assert not ValidationRule.objects.filter(pk=rule.pk).exists()


def test_on_demand_checks_and_the_province_confirms_a_warning(
    client, north_officer, ministry, county_officer, data_round, north_submission, urls
):
    entry = service.entry_for(data_round, County.objects.get(code="970121"))
    service.save_draft(
        county_officer,
        entry,
        {"gdp_100m": "10", "population_10k": "25", "I23": "30000"},
        ["rule:gdp-per-capita-consistent"],
    )
    service.submit(county_officer, entry, confirm=True)
    client.force_login(north_officer)
    page = client.get(urls["quality"]).content.decode()
    assert "gdp-per-capita-consistent" in page and "I23 = 30000" in page and "确认无误" in page
    client.post(
        reverse("monitoring:confirm_flag", args=[data_round.pk]),
        {"county": "970121", "kind": "rule", "key": "gdp-per-capita-consistent", "note": "人口口径不同"},
    )
    confirmation = FlagConfirmation.objects.get()
    assert confirmation.confirmed_by == north_officer and confirmation.note == "人口口径不同"
    client.force_login(ministry)  # the acceptance screen shows it, confirmed
    page = client.get(reverse("monitoring:submission", args=[north_submission.pk])).content.decode()
    assert "submission-flags" in page and "gdp-per-capita-consistent" in page and "已确认" in page
    assert (
        client.post(
            reverse("monitoring:confirm_flag", args=[data_round.pk]),
            {"county": "970121", "kind": "rule", "key": "x"},
        ).status_code
        == 403
    )


def test_thresholds_are_the_ministrys_and_bounded(client, ministry, data_round, urls):
    client.force_login(ministry)
    assert (
        client.post(
            urls["thresholds"], {"history_z": "0", "peer_z": "3", "min_change": "1", "min_peers": "5"}
        ).status_code
        == 200
    )
    assert (
        client.post(
            urls["thresholds"], {"history_z": "4", "peer_z": "3", "min_change": "1", "min_peers": "5"}
        ).status_code
        == 302
    )
    from innocounty.monitoring.quality import thresholds_for

    assert thresholds_for(data_round).history_z == 4.0 and thresholds_for(data_round).min_peers == 5


def test_upload_page_lists_conflicts_and_takes_all(
    client, county_officer, north_officer, data_round, north_submission, make_workbook
):
    entry = service.entry_for(data_round, County.objects.get(code="970121"))
    service.save_draft(county_officer, entry, {"I01": "77"})
    service.submit(county_officer, entry, confirm=True)
    upload = receive_upload(
        north_submission, north_officer, UploadedFile("p.xlsx", make_workbook([("970121", {})]))
    )
    client.force_login(north_officer)
    page = client.get(reverse("monitoring:upload", args=[upload.pk])).content.decode()
    assert 'data-testid="conflicts"' in page and 'name="r-970121:I01"' in page
    confirm = reverse("monitoring:upload_confirm", args=[upload.pk])
    client.post(confirm, {"confirm": "yes"})  # unresolved: refused
    upload.refresh_from_db()
    assert upload.status == "needs_confirmation"
    client.post(confirm, {"confirm": "yes", "all": "take"})
    upload.refresh_from_db()
    assert upload.status == "imported" and upload.report["resolutions"] == {"970121:I01": "take"}


def test_api_quality_reporting_rules_and_entries(client, users, data_round, framework):
    client.force_login(users["county_officer"])
    base = f"{API}/rounds/{data_round.pk}/entries/970121"
    saved = client.put(base, {"values": {"I01": "12", "I02": "abc"}}, content_type="application/json").json()
    assert saved["state"] == "draft" and set(saved["field_errors"]) == {"I02"}
    too_long = client.put(base, {"values": {"I01": "1" * 41}}, content_type="application/json")
    assert too_long.status_code == 422
    refused = client.post(f"{base}/submit", {}, content_type="application/json")
    assert refused.status_code == 409 and "须确认" in refused.json()["detail"]
    assert (
        client.post(f"{base}/submit", {"confirm": True}, content_type="application/json").json()["state"]
        == "submitted"
    )
    assert client.post(f"{base}/delete", {}, content_type="application/json").status_code == 422
    client.force_login(users["other_county_officer"])
    assert client.post(f"{base}/check", {"values": {}}, content_type="application/json").status_code == 403
    client.force_login(users["north_officer"])
    assert (
        client.post(f"{base}/accept", {"confirm": True}, content_type="application/json").json()["state"]
        == "accepted"
    )
    assert client.get(f"{API}/rounds/{data_round.pk}/quality", {"province": "97"}).status_code == 200
    assert client.get(f"{API}/rounds/{data_round.pk}/quality").status_code == 403
    assert client.get(f"{API}/rounds/{data_round.pk}/quality", {"province": "977"}).status_code == 422
    assert client.get(f"{API}/rounds/{data_round.pk}/reporting").status_code == 403
    client.force_login(users["ministry"])
    rates = client.get(f"{API}/rounds/{data_round.pk}/reporting").json()
    assert rates["counties"]["received"] == 1
    rules = client.get(f"{API}/frameworks/{framework.pk}/rules").json()
    assert any(r["code"] == "rd-within-gdp" for r in rules)
