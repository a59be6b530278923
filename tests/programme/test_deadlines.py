"""Windows (inclusive, China calendar), the 7-day notice, annual reports due 31 March, reporting years."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.programme import (
    Window,
    WindowStatus,
    annual_report_due,
    next_report_year,
    notice_period,
    report_schedule,
    reporting_years,
    today_in_china,
)

WINDOW = Window(date(2018, 7, 1), date(2018, 8, 31))


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2018, 6, 30), WindowStatus.NOT_YET_OPEN),
        (date(2018, 7, 1), WindowStatus.OPEN),
        (date(2018, 8, 31), WindowStatus.OPEN),
        (date(2018, 9, 1), WindowStatus.CLOSED),
    ],
)
def test_window_includes_both_ends(today, status):
    assert WINDOW.status(today) is status
    assert WINDOW.is_open(today) is (status is WindowStatus.OPEN)
    assert (today in WINDOW) is (status is WindowStatus.OPEN)


def test_days_left_and_description():
    assert WINDOW.days_left(date(2018, 8, 28)) == 3
    assert WINDOW.describe(date(2018, 8, 28)) == "还剩3天（2018-08-31截止）"
    assert WINDOW.days_left(date(2018, 8, 31)) == 0 and WINDOW.describe(date(2018, 8, 31)) == "今天截止"
    assert WINDOW.days_left(date(2018, 9, 1)) == 0 and WINDOW.describe(date(2018, 9, 1)).startswith("已截止")
    assert WINDOW.days_left(date(2018, 6, 1)) == WINDOW.length_days == 62
    assert WINDOW.describe(date(2018, 6, 29)) == "尚未开始（2天后开始）"


def test_window_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="早于"):
        Window(date(2018, 8, 1), date(2018, 7, 31))


def test_today_in_china_crosses_midnight_before_utc():
    # 16:30 UTC on 31 August is 00:30 on 1 September in Beijing: the window has closed.
    now = datetime(2018, 8, 31, 16, 30, tzinfo=UTC)
    assert today_in_china(now) == date(2018, 9, 1)
    assert today_in_china(datetime(2018, 8, 31, 15, 59)) == date(2018, 8, 31)  # naive = UTC


def test_notice_period_is_seven_days_inclusive():
    assert notice_period(date(2018, 11, 22)) == Window(date(2018, 11, 22), date(2018, 11, 28))
    assert notice_period(date(2023, 4, 21)).closes == date(2023, 4, 27)
    assert notice_period(date(2023, 4, 21)).length_days == 7


def test_annual_report_due_31_march_of_the_following_year():
    assert annual_report_due(2019) == date(2020, 3, 31)
    assert annual_report_due(2023) == date(2024, 3, 31)


def test_first_batch_reporting_years_and_schedule():
    years = reporting_years(2018)
    assert years == (2019, 2020, 2021)
    schedule = report_schedule(years)
    assert [d.due for d in schedule] == [date(2020, 3, 31), date(2021, 3, 31), date(2022, 3, 31)]
    assert not schedule[0].is_overdue(date(2020, 3, 31)) and schedule[0].is_overdue(date(2020, 4, 1))
    assert schedule[0].days_left(date(2020, 3, 29)) == 2


def test_reporting_years_are_configurable():
    assert reporting_years(2023, 3, first_year_offset=0) == (2023, 2024, 2025)
    assert reporting_years(2023, 2) == (2024, 2025)  # e.g. Ningxia's 2-year provincial programme
    with pytest.raises(ValueError):
        reporting_years(2023, 0)


def test_next_report_year_turns_after_31_march():
    assert next_report_year(date(2021, 3, 31)) == 2020
    assert next_report_year(date(2021, 4, 1)) == 2021
    assert next_report_year(date(2021, 1, 5)) == 2020


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)), st.integers(0, 60), st.integers(-5, 80)
)
def test_window_open_exactly_on_its_days(opens, length, offset):
    window = Window(opens, opens + timedelta(days=length))
    today = opens + timedelta(days=offset)
    assert window.is_open(today) == (0 <= offset <= length)
    if window.is_open(today):
        assert window.days_left(today) == length - offset
