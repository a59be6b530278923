"""The stored error report is bounded (issue 8, item 17: the first 200 problems per rule plus counts) and
names the county of each row (item 28)."""

import json

from django.urls import reverse

from innocounty.monitoring.issues import STORED_PER_RULE
from innocounty.monitoring.models import Upload
from innocounty.monitoring.uploads import UploadedFile, receive_upload


def bad_file(make_workbook, count):
    """``count`` rows with an unknown county code and a text in every value column."""
    return make_workbook([(f"99{n:04d}", {}) for n in range(count)], fill=False,
                         edit=lambda sheet: [sheet.cell(4 + n, 4, "很多") for n in range(count)])


def test_stored_report_keeps_200_per_rule_and_counts_all(north_submission, north_officer, make_workbook):
    upload = receive_upload(north_submission, north_officer, UploadedFile("x.xlsx", bad_file(make_workbook, 203)))
    counts = {c["rule"]: c for c in upload.report["rule_counts"]}
    assert counts["unknown_county"]["count"] == 203 and counts["unknown_county"]["stored"] == STORED_PER_RULE
    assert counts["not_numeric"]["count"] == 203
    assert upload.error_count == 406 and upload.report["truncated"] is True
    stored = [i["rule"] for i in upload.report["issues"]]
    assert stored.count("unknown_county") == STORED_PER_RULE and stored.count("not_numeric") == STORED_PER_RULE


def test_page_and_api_show_counts_and_the_stored_problems(client, north_submission, north_officer, make_workbook):
    upload = receive_upload(north_submission, north_officer, UploadedFile("x.xlsx", bad_file(make_workbook, 203)))
    client.force_login(north_officer)
    html = client.get(reverse("monitoring:upload", args=[upload.pk])).content.decode()
    assert 'data-testid="rule-counts"' in html and "203" in html and "错误（406）" in html
    assert "只保存并列出前 200 个问题" in html
    body = client.get(f"/api/monitoring/uploads/{upload.pk}").json()
    assert body["issues_truncated"] is True and len(body["issues"]) == 2 * STORED_PER_RULE
    assert {c["rule"]: c["count"] for c in body["rule_counts"]}["not_numeric"] == 203


def test_report_names_the_county_of_the_row(client, north_submission, north_officer, make_workbook):
    data = make_workbook([("970121", {"I01": "很多"}), ("970122", {"I02": 101})])
    upload = receive_upload(north_submission, north_officer, UploadedFile("x.xlsx", data))
    by_rule = {i["rule"]: i for i in Upload.objects.get(pk=upload.pk).report["issues"]}
    assert by_rule["not_numeric"]["county"] == "甲县（970121）"
    assert by_rule["percent_range"]["county"] == "乙县（970122）"
    client.force_login(north_officer)
    html = client.get(reverse("monitoring:upload", args=[upload.pk])).content.decode()
    assert "甲县（970121）" in html and "乙县（970122）" in html
    assert len(json.dumps(upload.report)) < 20_000
