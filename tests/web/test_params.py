"""common.params: numbers from query strings, ASCII digits only and bounded (issue 8 item 9)."""

import pytest
from django.http import QueryDict

from innocounty.common.bounds import YEAR_MAX, YEAR_MIN
from innocounty.common.params import parse_int, query_int


@pytest.mark.parametrize(
    "raw", ["²", "٣", "１２", "1e3", " 12", "12 ", "+5", "0x10", "1_000", "9" * 25, "", None, True, 2.0]
)
def test_parse_int_refuses_anything_but_a_run_of_ascii_digits(raw):
    assert "²".isdigit()  # the trap: isdigit() is true, int() raises
    assert parse_int(raw, 0, 10**30) is None


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("17", 17), ("-3", -3), ("007", 7), (42, 42)])
def test_parse_int_takes_ascii_integers(raw, expected):
    assert parse_int(raw, -10, 100) == expected


def test_parse_int_is_bounded():
    assert parse_int("1999", YEAR_MIN, YEAR_MAX) is None
    assert parse_int("2101", YEAR_MIN, YEAR_MAX) is None
    assert parse_int("2024", YEAR_MIN, YEAR_MAX) == 2024


def test_query_int_names_the_parameter_and_the_range():
    params = QueryDict("year=%C2%B2&batch=" + "9" * 30 + "&a=&b=12")
    year = query_int(params, "year", YEAR_MIN, YEAR_MAX)
    assert (
        year.value is None
        and not year
        and "year=²" in year.error
        and "2000" in year.error
        and "2100" in year.error
    )
    batch = query_int(params, "batch")
    assert batch.value is None and "batch=" in batch.error and "…" in batch.error  # long values shortened
    assert query_int(params, "a").value is None and query_int(params, "a").error == ""  # empty: no filter
    assert query_int(params, "missing").value is None and query_int(params, "missing").error == ""
    assert query_int(params, "b").value == 12 and query_int(params, "b").error == ""
