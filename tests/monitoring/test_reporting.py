"""Reporting rates against hand counts, and the round's reminders with the clock moved (never twice)."""

from __future__ import annotations

import datetime as dt

import pytest

from innocounty.common import clock
from innocounty.monitoring import county_entry as service
from innocounty.monitoring.reporting import county_rows, round_rates
from innocounty.monitoring.uploads import UploadedFile, receive_upload
from innocounty.monitoring.workflow import perform
from innocounty.notifications.models import Notification, SentReminder
from innocounty.notifications.reminders import send_due_reminders
from innocounty.regions.models import County

# The round's deadline is 2025-06-30 (tests/monitoring/conftest.py).


def moment(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=clock.CHINA)


def submit_north(north_submission, north_officer, workbook, when):
    with clock.at(when):
        receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", workbook))
        perform(north_submission, "submit", north_officer, confirm=True)


def test_rates_by_hand(
    data_round, north_submission, north_officer, county_officer, ministry, valid_north_workbook
):
    with clock.at(moment(2025, 6, 20)):
        entry = service.entry_for(data_round, County.objects.get(code="970121"))
        service.save_draft(county_officer, entry, {"I01": "5"})
        service.submit(county_officer, entry, confirm=True)  # on time
    submit_north(north_submission, north_officer, valid_north_workbook, moment(2025, 7, 2))  # late
    # Returned and resubmitted: the first submission counts.
    perform(north_submission, "return", ministry, "再看看")
    with clock.at(moment(2025, 7, 9)):
        perform(north_submission, "submit", north_officer, confirm=True)
    with clock.at(moment(2025, 7, 10)):
        rates = round_rates(data_round)
        rows = {r.code: r for r in rates.rows}
        expected = data_round.submissions.count()  # 97, 98 and the real provinces when the regions are loaded
        assert (
            rates.provinces.expected,
            rates.provinces.received,
            rates.provinces.on_time,
            rates.provinces.late,
            rates.provinces.pending,
        ) == (expected, 1, 0, 1, expected - 1)
        assert (rows["97"].status, rows["97"].submitted) == ("late", dt.date(2025, 7, 2))
        assert rows["98"].status == "overdue"
        # North's eligible counties: 甲县, 乙县, 丙市 (the 市辖区 is not expected); south's: 丁县.
        assert (rows["97"].counties.expected, rows["97"].counties.received, rows["97"].counties.on_time) == (
            3,
            1,
            1,
        )
        assert (rows["98"].counties.expected, rows["98"].counties.received) == (1, 0)
        assert (rates.counties.received, rates.counties.on_time, rates.counties.late) == (1, 1, 0)
        assert rates.counties.expected == sum(r.counties.expected for r in rates.rows)
        statuses = {r["county"].code: r["status"] for r in county_rows(data_round, "97")}
        assert statuses == {"970121": "on_time", "970122": "overdue", "970181": "overdue"}
    with clock.at(moment(2025, 6, 1)):
        assert {r.code: r.status for r in round_rates(data_round).rows}["98"] == "pending"


def test_reminders_7_and_1_days_before_and_overdue_never_twice(
    data_round, north_submission, north_officer, south_officer, valid_north_workbook
):
    def sent(now):
        return send_due_reminders(now, only=["monitoring_round"]).sent

    assert sent(moment(2025, 6, 22)) == 0  # 8 days before
    assert sent(moment(2025, 6, 23)) == 2  # 7 days before: both provinces
    assert sent(moment(2025, 6, 23, 15)) == 0
    submit_north(north_submission, north_officer, valid_north_workbook, moment(2025, 6, 25))
    assert sent(moment(2025, 6, 29)) == 1  # 1 day before: only the south has not submitted
    assert sent(moment(2025, 6, 30, 23)) == 0
    assert sent(moment(2025, 7, 1)) == 1  # overdue
    assert sent(moment(2025, 7, 20)) == 0
    keys = sorted(SentReminder.objects.filter(source="monitoring_round").values_list("key", flat=True))
    pk = data_round.pk
    assert keys == [
        f"monitoring_round:{pk}:97:before-7",
        f"monitoring_round:{pk}:98:before-1",
        f"monitoring_round:{pk}:98:before-7",
        f"monitoring_round:{pk}:98:overdue",
    ]
    titles = list(
        Notification.objects.filter(recipient=south_officer).order_by("pk").values_list("title", flat=True)
    )
    assert titles[0].endswith("7 天后截止报送") and titles[-1].endswith("已逾期未报送")


def test_a_late_first_run_sends_only_the_latest_occasion(data_round, north_officer, south_officer):
    report = send_due_reminders(moment(2025, 6, 30), only=["monitoring_round"])
    assert report.sent == 2
    assert set(SentReminder.objects.values_list("key", flat=True)) == {
        f"monitoring_round:{data_round.pk}:97:before-1",
        f"monitoring_round:{data_round.pk}:98:before-1",
    }


@pytest.mark.parametrize("status", ["closed"])
def test_closed_rounds_send_nothing(data_round, ministry, north_officer, status):
    from innocounty.monitoring.rounds import close_round

    close_round(ministry, data_round, confirm=True)
    assert send_due_reminders(moment(2025, 7, 5), only=["monitoring_round"]).sent == 0
