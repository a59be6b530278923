"""Every validation rule, without a database: workbooks are built with openpyxl, the context by hand."""

import io

import openpyxl
import pytest

from innocounty.monitoring.columns import columns_for_nodes
from innocounty.monitoring.validation import (
    CountyRef,
    NotANumber,
    ValidationContext,
    parse_number,
    validate_workbook,
)
from innocounty.monitoring.workbook import read_workbook

COLUMNS = columns_for_nodes([
    {"code": "I01", "name": "本级财政科学技术支出", "unit": "万元", "denominator": "population_10k"},
    {"code": "I02", "name": "财政科技支出占比", "unit": "%", "denominator": ""},
    {"code": "I11", "name": "创新密集区数", "unit": "个", "denominator": ""},
])
KEYS = ["county_code", "county_name", "prefecture", "population_10k", "gdp_100m", "enterprises_1k", "I01", "I02", "I11"]
GOOD = [50, 300, 20, 1200, 2.5, 2]


def context(previous=None, factor=3.0):
    return ValidationContext(
        columns=COLUMNS,
        counties={
            "970121": CountyRef("970121", "甲县", "97"),
            "970122": CountyRef("970122", "乙县", "97"),
            "980121": CountyRef("980121", "丁县", "98"),
        },
        provinces={"97": "北测省"},
        province_names={"97": "北测省", "98": "南测省"},
        previous=previous or {},
        previous_year=2023,
        change_factor=factor,
    )


def workbook(rows, keys=KEYS, edit=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    for index, key in enumerate(keys, start=1):
        sheet.cell(1, index, key)
        sheet.cell(2, index, f"名称{index}")
        sheet.cell(3, index, "单位")
    for offset, row in enumerate(rows):
        for index, value in enumerate(row, start=1):
            sheet.cell(4 + offset, index, value)
    if edit:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check(rows, **kwargs):
    keys = kwargs.pop("keys", KEYS)
    edit = kwargs.pop("edit", None)
    return validate_workbook(read_workbook(workbook(rows, keys, edit)), context(**kwargs))


def only(report, rule):
    found = [i for i in report.issues if i.rule == rule]
    assert found, f"no {rule} in {report.issues}"
    return found


def test_a_clean_workbook_yields_every_value():
    report = check([["970121", "甲县", "北一市", *GOOD], ["970122", "乙县", "北一市", 60, 310, 21, 1100, 3, None]])
    assert report.is_valid and not report.issues
    assert report.rows["970121"] == {"population_10k": 50.0, "gdp_100m": 300.0, "enterprises_1k": 20.0,
                                     "I01": 1200.0, "I02": 2.5, "I11": 2.0}
    assert report.rows["970122"]["I11"] is None  # empty cell = missing


def test_code_turned_into_a_number_by_excel_is_accepted():
    report = check([[970121, "甲县", "", *GOOD], [970122.0, "乙县", "", *GOOD]])
    assert report.is_valid and set(report.rows) == {"970121", "970122"}


def test_numbers_typed_as_text_and_thousands_separators_are_accepted():
    report = check([["970121", "", "", " 50 ", "1,300.5", "20", "1200", "2.5", ""]])
    assert report.is_valid
    assert report.rows["970121"]["gdp_100m"] == 1300.5 and report.rows["970121"]["I11"] is None


@pytest.mark.parametrize("value", ["abc", "-", "无", "12%", "1.2.3", "nan", "inf", True])
def test_parse_number_refuses_text(value):
    with pytest.raises(NotANumber):
        parse_number(value)


def test_unknown_county_code():
    issue = only(check([["970199", "", "", *GOOD]]), "unknown_county")[0]
    assert (issue.sheet, issue.row, issue.column, issue.value) == ("数据", 4, "A", "970199")
    assert "不存在" in issue.message and issue.header == "行政区划代码"


def test_county_of_another_province():
    issue = only(check([["980121", "", "", *GOOD]]), "other_province")[0]
    assert "丁县属于南测省" in issue.message and issue.row == 4


def test_duplicate_row():
    issue = only(check([["970121", "", "", *GOOD], ["970121", "", "", *GOOD]]), "duplicate_row")[0]
    assert issue.row == 5 and "第 4 行" in issue.message


def test_row_with_values_but_no_code():
    issue = only(check([[None, "甲县", "", *GOOD]]), "missing_county_code")[0]
    assert issue.row == 4


def test_non_numeric_cell_names_row_column_header_and_value():
    issue = only(check([["970121", "", "", 50, 300, 20, "一千", 2.5, 2]]), "not_numeric")[0]
    assert (issue.row, issue.column, issue.value) == (4, "G", "一千")
    assert issue.header.startswith("I01 本级财政科学技术支出") and "留空" in issue.message


def test_percent_sign_gets_a_hint():
    issue = only(check([["970121", "", "", 50, 300, 20, 1200, "2.5%", 2]]), "not_numeric")[0]
    assert "百分号" in issue.message


def test_negative_value():
    issue = only(check([["970121", "", "", 50, 300, 20, -5, 2.5, 2]]), "negative")[0]
    assert issue.column == "G" and issue.value == "-5"


def test_percentage_above_100():
    issue = only(check([["970121", "", "", 50, 300, 20, 1200, 130, 2]]), "percent_range")[0]
    assert issue.column == "H" and "0 到 100" in issue.message


def test_zero_denominator_is_refused():
    issue = only(check([["970121", "", "", 0, 300, 20, 1200, 2.5, 2]]), "not_positive")[0]
    assert issue.column == "D"


def test_missing_required_column():
    keys = [k for k in KEYS if k != "I02"]
    row = ["970121", "", "", 50, 300, 20, 1200, 2]
    issue = only(check([row], keys=keys), "missing_column")[0]
    assert "I02" in issue.header and issue.row == 1


def test_duplicate_column():
    keys = KEYS + ["I01"]
    issue = only(check([["970121", "", "", *GOOD, 5]], keys=keys), "duplicate_column")[0]
    assert issue.column == "J" and "G 列" in issue.message


def test_columns_may_be_reordered():
    keys = ["I11", "county_code", "I02", "I01", "enterprises_1k", "gdp_100m", "population_10k"]
    report = check([[2, "970121", 2.5, 1200, 20, 300, 50]], keys=keys)
    assert report.is_valid and report.rows["970121"]["I01"] == 1200.0


def test_unknown_extra_column_is_a_warning():
    keys = KEYS + ["备注"]
    report = check([["970121", "", "", *GOOD, "说明文字"]], keys=keys)
    assert report.is_valid
    assert only(report, "unknown_column")[0].severity == "warning"


def test_formula_cell_is_an_error():
    def add_formula(book):
        book["数据"]["G4"] = "=D4*10"

    report = check([["970121", "", "", *GOOD]], edit=add_formula)
    issue = only(report, "formula")[0]
    assert (issue.sheet, issue.row, issue.column, issue.value) == ("数据", 4, "G", "=D4*10")
    assert not report.rows


def test_formula_in_another_sheet_is_an_error_too():
    def add_sheet(book):
        book.create_sheet("草稿")["A1"] = "=1+1"

    issue = only(check([["970121", "", "", *GOOD]], edit=add_sheet), "formula")[0]
    assert issue.sheet == "草稿"


def test_missing_data_sheet():
    book = openpyxl.Workbook()
    book.active.title = "说明"
    buffer = io.BytesIO()
    book.save(buffer)
    report = validate_workbook(read_workbook(buffer.getvalue()), context())
    only(report, "missing_sheet")


def test_empty_sheet_has_no_rows():
    only(check([]), "no_rows")


def test_large_change_from_last_year_is_a_warning():
    previous = {("970121", "I01"): 300.0, ("970121", "I02"): 2.0, ("970121", "I11"): 0.0}
    report = check([["970121", "", "", *GOOD]], previous=previous)
    assert report.is_valid
    warning = only(report, "large_change")
    assert len(warning) == 1 and warning[0].column == "G" and warning[0].severity == "warning"
    assert "2023 年" in warning[0].message and "4 倍" in warning[0].message


def test_drop_below_one_third_is_a_warning_and_factor_is_configurable():
    previous = {("970121", "I01"): 5000.0}
    assert only(check([["970121", "", "", *GOOD]], previous=previous), "large_change")
    assert check([["970121", "", "", *GOOD]], previous=previous, factor=10).issues == []
    assert check([["970121", "", "", *GOOD]], previous=previous, factor=None).issues == []


def test_every_problem_is_reported_at_once_and_no_rows_survive():
    rows = [
        ["970121", "", "", 50, 300, 20, "x", 130, -1],
        ["970199", "", "", *GOOD],
        ["980121", "", "", *GOOD],
        ["970122", "", "", *GOOD],
    ]
    report = check(rows)
    rules = sorted(i.rule for i in report.errors)
    assert rules == ["negative", "not_numeric", "other_province", "percent_range", "unknown_county"]
    assert report.rows == {}  # all or nothing
    assert report.as_dict()["error_count"] == 5


def test_issues_are_listed_in_sheet_row_column_order_with_full_headers():
    def add_formula(book):
        book["数据"]["I5"] = "=1+1"

    report = check([["970121", "", "", 50, 300, 20, "x", 2.5, 2], ["970122", "", "", -1, 300, 20, 1, 2.5, 2]],
                   edit=add_formula)
    assert [(i.row, i.column) for i in report.issues] == [(4, "G"), (5, "D"), (5, "I")]
    assert report.issues[2].header.startswith("I11 创新密集区数")
