"""The monitoring app in English: pages follow the language switch, stored reports stay Chinese audit material
and are shown in the reader's language, the Excel template follows the downloader's language, and the admin."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from innocounty.accounts.models import Role
from innocounty.monitoring.issues import localized_issue
from innocounty.monitoring.models import Upload, UploadStatus
from innocounty.monitoring.queries import template_spec
from innocounty.monitoring.template import build_template
from innocounty.monitoring.uploads import UploadedFile, receive_upload, validate_file


@pytest.fixture(autouse=True)
def site_language_after_each_test():
    """A request with the English cookie leaves English active in the test thread: reset it for the next tests."""
    yield
    translation.deactivate()


def english(msgid: str) -> str:
    """The catalogue's English for ``msgid``; fails when the catalogue has none (the test is about English)."""
    with translation.override("en"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no English for {msgid!r} in the catalogue"
    return text


def test_rounds_page_in_english(client, ministry, data_round):
    client.force_login(ministry)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("monitoring:rounds")).content.decode()
    assert f"<h1>{english('监测数据填报')} <small>" in page
    assert english("填报轮次") in page and english("监测年度") in page
    for chinese in ("监测数据填报", "填报轮次", "年度", "截止日期"):
        assert chinese not in page, chinese


def test_rounds_page_is_chinese_by_default(client, ministry, data_round):
    client.force_login(ministry)
    page = client.get(reverse("monitoring:rounds")).content.decode()
    assert "<h1>监测数据填报" in page and "2024 年度" in page and "填报轮次" in page


def test_a_report_is_stored_in_chinese_whatever_the_uploader_language(north_submission, north_officer, make_workbook):
    data = make_workbook([("970121", {"I01": "很多", "I02": 101}), ("970199", {})])
    with translation.override("en"):
        upload = receive_upload(north_submission, north_officer, UploadedFile("北测.xlsx", data))
    upload = Upload.objects.get(pk=upload.pk)  # as stored (JSON)
    assert upload.status == UploadStatus.REJECTED
    issues = {i["rule"]: i for i in upload.report["issues"]}
    unknown = issues["unknown_county"]
    assert unknown["rule_label"] == "未知的行政区划代码"
    assert unknown["message"] == "行政区划代码“970199”不存在（应为 6 位数字的现行县级区划代码）。"
    assert unknown["template"] == "行政区划代码“%(code)s”不存在（应为 6 位数字的现行县级区划代码）。"
    assert unknown["params"] == {"code": "970199"}
    # shown in Chinese, the stored text, to a Chinese reader
    assert localized_issue(unknown)["message"] == unknown["message"]
    with translation.override("en"):
        shown = localized_issue(unknown)
        assert shown["message"] == translation.gettext(unknown["template"]) % {"code": "970199"}
        assert shown["rule_label"] == translation.gettext("未知的行政区划代码")


def test_a_report_stored_before_templates_shows_its_stored_text():
    old = {"severity": "error", "rule": "negative", "message": "该指标不能为负数。", "sheet": "数据", "row": 4,
           "column": "G", "header": "I01", "value": "-3", "rule_label": "不能为负数"}
    shown = localized_issue(old)
    assert shown["message"] == "该指标不能为负数。" and shown["rule_label"] == "不能为负数"
    assert localized_issue({**old, "rule": "retired_rule", "rule_label": "旧规则"})["rule_label"] == "旧规则"


def test_every_stored_message_is_its_template_with_its_parameters(north_submission, make_workbook, data_round):
    data = make_workbook([("970121", {"I01": "12%", "I02": 250}), ("980121", {}), ("970121", {}), (None, {"I01": 1})])
    report = validate_file(data_round, [north_submission.province_id], UploadedFile("x.xlsx", data))
    assert len(report.issues) >= 4
    for issue in report.issues:
        assert issue.template, issue
        assert issue.message == (issue.template % issue.params if issue.params else issue.template)


def test_report_page_in_english_keeps_the_cells(client, north_submission, north_officer, make_workbook):
    data = make_workbook([("970199", {})])
    upload = receive_upload(north_submission, north_officer, UploadedFile("北测.xlsx", data))
    client.force_login(north_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("monitoring:upload", args=[upload.pk])).content.decode()
    assert "970199" in page and 'data-testid="errors"' in page
    assert english("校验报告") in page and english("未知的行政区划代码") in page
    assert english("行政区划代码“%(code)s”不存在（应为 6 位数字的现行县级区划代码）。") % {"code": "970199"} in page
    assert "不存在" not in page and "校验报告" not in page
    # the stored report is untouched: Chinese
    upload.refresh_from_db()
    assert "不存在" in upload.report["issues"][0]["message"]


def test_english_template_reads_back_and_validates(north_submission, north_officer, data_round):
    with translation.override("en"):
        content = build_template(template_spec(north_submission))
    book = openpyxl.load_workbook(io.BytesIO(content))
    data = book.worksheets[0]
    assert data.cell(1, 1).value == "county_code"  # the keys never change
    with translation.override("en"):
        titles = [translation.pgettext("Excel sheet name", n) for n in ("数据", "说明")]
    assert book.sheetnames[:2] == titles and "数据" not in book.sheetnames
    assert data.cell(2, 1).value == english("行政区划代码")
    assert english("填报规则") in [c.value for c in book.worksheets[1]["A"]]
    # Fill every value column of every county row, then upload the English template as it is.
    for row in data.iter_rows(min_row=4):
        if row[0].value:
            for cell in row[3:]:  # consistent with the shipped rules (R&D share, GDP per capita)
                cell.value = {"I04": 0.01, "I23": 10000}.get(data.cell(1, cell.column).value, 5)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = receive_upload(north_submission, north_officer, UploadedFile("en.xlsx", buffer.getvalue()))
    assert upload.status == UploadStatus.IMPORTED, upload.report["issues"][:3]


def test_english_template_uses_the_english_indicator_names(north_submission, framework):
    node = framework.indicator_nodes().first()
    if not node.name_en:
        node.name_en = "Fiscal S&T expenditure"
        node.save(update_fields=["name_en"])
    with translation.override("en"):
        spec = template_spec(north_submission)
    names = {c.code: c.name for c in spec.columns}
    assert names[node.code] == node.name_en
    assert names[node.code] != node.name or not node.name_en
    with translation.override(settings.LANGUAGE_CODE):
        chinese = {c.code: c.name for c in template_spec(north_submission).columns}
    assert chinese[node.code] == node.name


@pytest.fixture
def admin_user(make_user, provinces):
    return make_user("admin-most", Role.MINISTRY_OFFICER, is_staff=True, is_superuser=True)


def test_admin_lists_the_monitoring_models_read_only(client, admin_user, north_submission, north_officer,
                                                     valid_north_workbook, framework):
    upload = receive_upload(north_submission, north_officer, UploadedFile("北测.xlsx", valid_north_workbook))
    client.force_login(admin_user)
    index = client.get("/admin/").content.decode()
    assert "监测数据" in index and "指标体系" in index
    for model in ["framework", "dataround", "provincesubmission", "upload", "indicatorvalue",
                  "indicatorvaluerevision", "datacomment"]:
        assert client.get(f"/admin/monitoring/{model}/").status_code == 200, model
        assert client.get(f"/admin/monitoring/{model}/add/").status_code == 403, model
    page = client.get(f"/admin/monitoring/framework/{framework.pk}/change/")
    assert page.status_code == 200 and "I01" in page.content.decode()  # the nodes, inline
    assert client.get(f"/admin/monitoring/upload/{upload.pk}/change/").status_code == 200
    assert client.post(f"/admin/monitoring/upload/{upload.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Upload.objects.filter(pk=upload.pk).exists()
