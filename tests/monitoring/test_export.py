"""CSV export: formula injection is neutralised, genuine numbers are kept."""

import csv
import io

import pytest

from innocounty.monitoring.export import csv_lines, escape_cell, round_table
from innocounty.monitoring.uploads import UploadedFile, receive_upload


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("-3.5", "-3.5"),
    ("+7", "+7"),
    ("1e5", "1e5"),
    ("正定县", "正定县"),
    (-3.5, "-3.5"),
    (12.0, "12"),
    (0.1, "0.1"),
    (None, ""),
])
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_csv_lines_start_with_bom_and_escape_every_text_cell():
    text = "".join(csv_lines(["=code", "I01"], [["=cmd|' /C calc'!A0", -1.5], ["县", None]]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["'=code", "I01"], ["'=cmd|' /C calc'!A0", "-1.5"], ["县", ""]]


def test_round_table_of_a_province(north_submission, north_officer, valid_north_workbook, columns):
    receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", valid_north_workbook))
    header, rows = round_table(north_submission.data_round, "97")
    assert header[:5] == ["省份代码", "省份", "行政区划代码", "县（市）名称", "所属地级行政区"]
    assert len(header) == 5 + len(columns) and [r[2] for r in rows] == ["970121", "970122", "970181"]
    assert round_table(north_submission.data_round, "98")[1] == []
