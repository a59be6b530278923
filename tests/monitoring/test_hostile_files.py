"""Hostile and damaged workbooks (issue 8, items 4, 5, 6, 15): bounded reading, damaged XML, hidden macros,
merged cells — as a report entry on the page and the API, never a 500."""

import sys
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.common.filecheck import check_attachment, check_file, problem_text
from innocounty.monitoring.models import IndicatorValue, Upload, UploadStatus
from innocounty.monitoring.uploads import UploadedFile, check_upload_file, receive_upload, validate_file
from innocounty.monitoring.workbook import ReadBounds, read_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import hostile_files as hostile  # noqa: E402

LIMIT = 5 * 1024 * 1024
DAMAGED = "文件已损坏或含不允许的内容"


@pytest.fixture
def keys(columns):
    return ["county_code", "county_name", "prefecture"] + [c.code for c in columns]


@pytest.fixture
def good(keys, columns):
    return hostile.plain_workbook(keys, [["970121", "甲县", "北一市", *[2.5] * len(columns)]])


def only_rule(issues):
    assert len(issues) == 1, issues
    return issues[0]


# -- item 4: bounded reading ---------------------------------------------------------------------------


def test_last_column_rows_are_not_built(keys):
    """20,000 rows with one cell in column XFD: the reader builds only the template's columns and rows.

    Before the fix every row was filled out to column 16,384 (327 million cells, gigabytes); now the peak of
    Python allocations stays a few MiB whatever the file declares."""
    data = hostile.last_column_rows(keys, 20_000)
    tracemalloc.start()
    content = read_workbook(data, ReadBounds.for_template(len(keys), 5))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    assert all(len(row.values) <= len(keys) + 20 for row in content.rows)
    assert len(content.rows) <= 5 + 200


def test_content_beyond_the_last_row_read_is_an_error_not_dropped(keys, columns):
    bounds = ReadBounds(columns=len(keys) + 20, rows=10)
    rows = [["970121", "甲县", "", *[2.5] * len(columns)]] + [[None]] * 7 + [["970122", "乙县", "", 3.0]]
    content = read_workbook(hostile.plain_workbook(keys, rows), bounds)
    issue = next(i for i in content.issues if i.rule == "too_many_rows")
    assert issue.row == 12 and "第 12 行" in issue.message


def test_an_xml_part_larger_than_the_template_needs_is_refused(keys):
    content = read_workbook(hostile.last_column_rows(keys, 20_000), ReadBounds(columns=40, rows=50, part_bytes=100_000))
    issue = only_rule(content.issues)
    assert issue.rule == "oversize_part" and "sheet1.xml" in issue.message


def test_upload_of_the_last_column_file_is_answered(north_submission, north_officer, keys):
    upload = receive_upload(north_submission, north_officer, UploadedFile("x.xlsx", hostile.last_column_rows(keys)))
    assert upload.status == UploadStatus.REJECTED
    assert len(str(upload.report)) < 20_000  # before: an 8.5 MB report


# -- item 5: damaged or hostile XML ---------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["doctype", "doctype_in_content_types", "external_entity", "truncated_sheet",
                                    "truncated_file"])
def test_damaged_or_hostile_xml_is_refused(good, damage):
    data = {
        "doctype": lambda: hostile.with_doctype(good),
        "doctype_in_content_types": lambda: hostile.with_doctype(good, "[Content_Types].xml"),
        "external_entity": lambda: hostile.with_external_entity(good),
        "truncated_sheet": lambda: hostile.truncated_sheet(good),
        "truncated_file": lambda: hostile.truncated_file(good),
    }[damage]()
    issue = only_rule(check_upload_file("x.xlsx", data, LIMIT))
    assert issue.rule == "damaged" and DAMAGED in issue.message and issue.rule_label == DAMAGED
    assert not check_attachment("x.xlsx", data, LIMIT).accepted  # the same checker for attachments


def test_damaged_xml_on_the_page_and_the_api(client, north_officer, north_submission, good):
    client.force_login(north_officer)
    data = hostile.with_doctype(good)
    page = client.post(reverse("monitoring:upload_create", args=[north_submission.pk]),
                       {"file": SimpleUploadedFile("x.xlsx", data)}, follow=True)
    assert page.status_code == 200 and DAMAGED in page.content.decode()
    api = client.post(f"/api/monitoring/submissions/{north_submission.pk}/uploads",
                      {"file": SimpleUploadedFile("x.xlsx", hostile.truncated_sheet(good))})
    assert api.status_code == 422 and DAMAGED in str(api.json())
    assert set(Upload.objects.values_list("status", flat=True)) == {UploadStatus.REFUSED}
    assert not IndicatorValue.objects.exists()


# -- item 6: one checker, macros found by content type and by name, case-insensitively ----------------


def test_vba_part_under_another_name_with_upper_case_type_is_refused(good):
    data = hostile.hidden_vba(good)
    assert only_rule(check_upload_file("x.xlsx", data, LIMIT)).rule == "macro_enabled"
    found = check_attachment("目标.xlsx", data, LIMIT)
    assert found.code == "macro_enabled" and "宏" in problem_text(found)


@pytest.mark.parametrize("name", ["xl/vbaProject2.bin", "xl/VBADATA.xml", "word/vbaProjectSignature.bin"])
def test_vba_parts_are_found_by_name(good, name):
    data = hostile.rebuild(good, add={name: b"<x/>" if name.endswith(".xml") else b"\0" * 8})
    assert check_file("x.xlsx", data, ("xlsx",), LIMIT).code == "macro_enabled"


def test_macro_content_type_by_extension_default_is_refused(good):
    default = b'<Default Extension="bin" ContentType="Application/Vnd.Ms-Office.VbaProject"/></Types>'
    data = hostile.rebuild(good, replace=lambda n, c: c.replace(b"</Types>", default) if n == "[Content_Types].xml" else c,
                           add={"xl/stuff.bin": b"\0" * 8})
    assert check_file("x.xlsx", data, ("xlsx",), LIMIT).code == "macro_enabled"


def test_one_set_of_package_limits_from_settings(settings, good):
    settings.FILE_CHECK_LIMITS = {"max_zip_entries": 3}
    assert check_upload_file("x.xlsx", good, LIMIT)[0].rule == "not_xlsx"
    assert check_attachment("x.xlsx", good, LIMIT).code == "suspicious_package"


# -- item 15: merged cells ----------------------------------------------------------------------------


def test_merged_cells_are_refused_with_the_range_named(keys, columns):
    rows = [["970121", "甲县", "", *[2.5] * len(columns)], ["970122", "乙县", "", *[2.5] * len(columns)]]
    data = hostile.with_merged_cells(keys, rows, ["D4:D5", "E4:F4"])
    content = read_workbook(data)
    issue = only_rule(content.issues)
    assert issue.rule == "merged_cells" and "D4:D5" in issue.message and "E4:F4" in issue.message
    assert issue.row == 4 and issue.column == "D"


def test_merged_cells_upload_imports_nothing(north_submission, north_officer, keys, columns):
    rows = [["970121", "甲县", "", *[2.5] * len(columns)], ["970122", "乙县", "", *[2.5] * len(columns)]]
    data = hostile.with_merged_cells(keys, rows, ["D4:D5"])
    report = validate_file(north_submission.data_round, [north_submission.province_id], UploadedFile("m.xlsx", data))
    assert [i.rule for i in report.errors] == ["merged_cells"] and not report.rows


def test_an_oversize_sheet_is_refused_before_any_xml_is_parsed(north_submission, north_officer, good):
    """A small ZIP holding a sheet far larger than the province's template: refused from the ZIP directory."""
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(1, 120_000))
    data = hostile.rebuild(good, replace=lambda n, c: hostile._sheet_xml(body) if n == hostile.SHEET else c)
    assert len(data) < LIMIT
    upload = receive_upload(north_submission, north_officer, UploadedFile("x.xlsx", data))
    assert upload.status == UploadStatus.REFUSED
    assert [i["rule"] for i in upload.report["issues"]] == ["oversize_part"]
    assert "sheet1.xml" in upload.report["issues"][0]["message"]


@pytest.mark.parametrize("damage", [hostile.truncated_sheet, hostile.truncated_file, hostile.with_external_entity])
def test_the_reader_itself_reports_damage_as_an_issue(good, damage):
    """The reader's own guard, for callers that skip the file checker: an issue, never an exception."""
    content = read_workbook(damage(good))
    assert [i.rule for i in content.issues] == ["unreadable"]
