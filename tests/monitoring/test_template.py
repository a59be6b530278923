"""The downloadable template: layout, text codes, instructions, and that a filled template validates."""

import io

import openpyxl

from innocounty.monitoring.models import IndicatorValue, Upload
from innocounty.monitoring.queries import template_spec
from innocounty.monitoring.template import build_template
from innocounty.monitoring.uploads import build_context
from innocounty.monitoring.validation import validate_workbook
from innocounty.monitoring.workbook import read_workbook

from .conftest import plausible_value, previous_round


def test_template_layout(north_submission, columns):
    book = openpyxl.load_workbook(io.BytesIO(build_template(template_spec(north_submission))))
    assert book.sheetnames[:2] == ["数据", "说明"]
    sheet = book["数据"]
    keys = [c.value for c in sheet[1]]
    assert keys[:3] == ["county_code", "county_name", "prefecture"]
    assert keys[3:6] == ["population_10k", "gdp_100m", "enterprises_1k"]
    assert keys[6:] == [c.code for c in columns if c.kind == "indicator"] and len(keys[6:]) == 23
    assert sheet["G2"].value == "县（市）本级财政科学技术支出" and sheet["G3"].value == "万元"
    assert sheet["D2"].value == "常住人口" and sheet["D3"].value == "万人"
    codes = [sheet.cell(r, 1) for r in range(4, sheet.max_row + 1)]
    # eligible unit types only: 城区 (市辖区) is left out
    assert [c.value for c in codes] == ["970121", "970122", "970181"]
    assert all(c.data_type == "s" and c.number_format == "@" for c in codes)
    assert sheet.freeze_panes == "D4"
    assert sheet.data_validations.dataValidation
    assert "填报规则" in [c.value for c in book["说明"]["A"]]


def test_filled_template_passes_validation(north_submission, columns):
    book = openpyxl.load_workbook(io.BytesIO(build_template(template_spec(north_submission))))
    sheet = book["数据"]
    for row in range(4, sheet.max_row + 1):
        for index, column in enumerate(columns, start=4):
            sheet.cell(row, index, plausible_value(column, row))
    buffer = io.BytesIO()
    book.save(buffer)
    report = validate_workbook(read_workbook(buffer.getvalue()),
                               build_context(north_submission.data_round, ["97"]))
    assert report.is_valid, report.issues
    assert set(report.rows) == {"970121", "970122", "970181"}


def test_last_years_values_are_shown_in_a_separate_sheet(north_submission, framework, ministry):
    last = previous_round(framework, ministry)
    upload = Upload.objects.create(data_round=last, uploaded_by=ministry, original_name="x.xlsx", size=1,
                                   sha256="0" * 64, status="imported")
    IndicatorValue.objects.create(data_round=last, county_id="970121", code="I01", value=123.0, upload=upload,
                                  updated_by=ministry, updated_at=upload.uploaded_at)
    book = openpyxl.load_workbook(io.BytesIO(build_template(template_spec(north_submission))))
    previous = book["上年数据"]
    assert "2023" in previous["A1"].value
    row = next(r for r in previous.iter_rows(min_row=3) if r[0].value == "970121")
    headers = [c.value for c in previous[2]]
    assert row[headers.index("I01 县（市）本级财政科学技术支出（万元）")].value == 123.0
    # the data sheet stays empty: values are never pre-filled
    assert book["数据"]["G4"].value is None


def test_template_states_and_enforces_each_columns_plausible_range(north_submission, columns):
    """Issue 8, item 10: the template's data validation uses the framework's ranges, not just ≥ 0."""
    book = openpyxl.load_workbook(io.BytesIO(build_template(template_spec(north_submission))))
    sheet = book[book.sheetnames[0]]
    keys = [c.value for c in sheet[1]]
    letter = openpyxl.utils.get_column_letter(keys.index("I01") + 1)
    rule = next(v for v in sheet.data_validations.dataValidation if letter + "4" in str(v.sqref).split(":")[0])
    assert (rule.operator, rule.formula1, rule.formula2) == ("between", "0", "2000000")
    assert "合理范围：0–2000000" in sheet[f"{letter}2"].comment.text
