"""The annual report's table, due dates, lateness and reminder occasions (pure core)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from innocounty.programme.annual_reports import (
    ANNUAL_REPORT,
    MINISTRY_SEES,
    ReportState,
    is_late,
    occasion_dates,
    reminder_occasion,
    report_due,
)
from innocounty.programme.registry import BY_KIND

DUE = date(2025, 3, 31)


def test_registered_and_every_state_reachable():
    assert BY_KIND["annual_report"] is ANNUAL_REPORT
    assert ANNUAL_REPORT.reachable_states() == frozenset(ReportState)


def test_the_ministry_sees_only_what_the_province_passed():
    passed_by_province = {t.to_state for t in ANNUAL_REPORT.transitions if t.name == "pass"}
    assert passed_by_province <= MINISTRY_SEES
    assert (
        ReportState.SUBMITTED not in MINISTRY_SEES and ReportState.RETURNED_BY_PROVINCE not in MINISTRY_SEES
    )
    ministry_acts = {t.name for t in ANNUAL_REPORT.transitions if t.role.value == "ministry_officer"}
    assert all(set(ANNUAL_REPORT.transition(n).from_states) <= MINISTRY_SEES for n in ministry_acts)


def test_due_date_default_and_override():
    assert report_due(2024) == DUE
    assert report_due(2024, date(2025, 4, 15)) == date(2025, 4, 15)


def test_late_is_decided_by_the_first_submission():
    assert not is_late(DUE, DUE, date(2025, 6, 1))  # on the due date itself: in time
    assert is_late(DUE, DUE + timedelta(days=1), date(2025, 6, 1))
    assert is_late(DUE, None, DUE + timedelta(days=1))  # not submitted and past due
    assert not is_late(DUE, None, DUE)


def test_occasions_by_hand():
    assert reminder_occasion(DUE, DUE - timedelta(days=31)) is None
    assert reminder_occasion(DUE, DUE - timedelta(days=30)).key == "before-30"
    assert reminder_occasion(DUE, DUE - timedelta(days=8)).key == "before-30"
    assert reminder_occasion(DUE, DUE - timedelta(days=7)).key == "before-7"
    assert reminder_occasion(DUE, DUE - timedelta(days=1)).key == "before-1"
    assert reminder_occasion(DUE, DUE).key == "before-1"  # the due date: still the last-day reminder
    first = reminder_occasion(DUE, DUE + timedelta(days=1))
    assert (first.key, first.overdue, first.days_left) == ("overdue-week-1", True, -1)
    assert reminder_occasion(DUE, DUE + timedelta(days=7)).key == "overdue-week-1"
    assert reminder_occasion(DUE, DUE + timedelta(days=8)).key == "overdue-week-2"
    assert [k for _, k in occasion_dates(DUE, DUE + timedelta(days=15))] == [
        "before-30",
        "before-7",
        "before-1",
        "overdue-week-1",
        "overdue-week-2",
        "overdue-week-3",
    ]


@given(st.integers(min_value=-400, max_value=400))
def test_an_occasion_begins_on_its_own_first_day(offset):
    """The occasion due on a day is the last whose first day is on or before it."""
    today = DUE + timedelta(days=offset)
    starts = occasion_dates(DUE, today)
    found = reminder_occasion(DUE, today)
    assert (found.key if found else None) == (starts[-1][1] if starts else None)
