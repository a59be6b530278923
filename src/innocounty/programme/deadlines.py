"""Dates of the programme: windows, notice periods, annual report due dates, reporting years.

All dates are calendar dates in China (Asia/Shanghai, UTC+8 with no daylight saving since 1991), and
every period is **inclusive of both ends**: a window that closes on 30 June is open all of 30 June.
Convert "now" with :func:`today_in_china` before asking any question here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum

from .problems import gettext_noop

try:
    from zoneinfo import ZoneInfo

    CHINA = ZoneInfo("Asia/Shanghai")
except Exception:  # pragma: no cover - no tz database: China has had a fixed offset since 1991
    CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")

NOTICE_PERIOD_DAYS = 7  # 公示期: 7 days in both batches, first and last day included
ANNUAL_REPORT_DUE_MONTH, ANNUAL_REPORT_DUE_DAY = 3, 31  # 每年3月底前
DEFAULT_CONSTRUCTION_PERIOD_YEARS = 3  # 建设周期为3年


def today_in_china(now: datetime | None = None) -> date:
    """The calendar date in Beijing time. ``now`` must be timezone-aware (naive is taken as UTC)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(CHINA).date()


class WindowStatus(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "not_yet_open": gettext_noop("尚未开始"),
            "open": gettext_noop("进行中"),
            "closed": gettext_noop("已截止"),
        }[self.value]


@dataclass(frozen=True)
class Window:
    """A period of calendar days, both ends included."""

    opens: date
    closes: date

    def __post_init__(self) -> None:
        if self.closes < self.opens:
            raise ValueError(f"截止日期 {self.closes} 早于开始日期 {self.opens}")

    def status(self, today: date) -> WindowStatus:
        if today < self.opens:
            return WindowStatus.NOT_YET_OPEN
        if today > self.closes:
            return WindowStatus.CLOSED
        return WindowStatus.OPEN

    def is_open(self, today: date) -> bool:
        return self.status(today) is WindowStatus.OPEN

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.opens <= day <= self.closes

    @property
    def length_days(self) -> int:
        return (self.closes - self.opens).days + 1

    def days_left(self, today: date) -> int:
        """Whole days remaining after today while open (0 = closes today); 0 once closed.

        Before the window opens this is the full length of the window.
        """
        if today > self.closes:
            return 0
        return (self.closes - max(today, self.opens)).days + (1 if today < self.opens else 0)

    def days_until_open(self, today: date) -> int:
        return max((self.opens - today).days, 0)

    def describe(self, today: date) -> str:
        """A short Chinese phrase for a to-do list: 尚未开始 / 还剩N天 / 今天截止 / 已截止."""
        status = self.status(today)
        if status is WindowStatus.NOT_YET_OPEN:
            return f"尚未开始（{self.days_until_open(today)}天后开始）"
        if status is WindowStatus.CLOSED:
            return f"已截止（{self.closes.isoformat()}）"
        left = (self.closes - today).days
        return "今天截止" if left == 0 else f"还剩{left}天（{self.closes.isoformat()}截止）"


def notice_period(starts: date, days: int = NOTICE_PERIOD_DAYS) -> Window:
    """The 公示 period: ``days`` calendar days from ``starts``, both ends included.

    The 2018 公示 ran 2018-11-22 to 11-28 and the 2023 one 2023-04-21 to 04-27: 7 days each.
    """
    if days < 1:
        raise ValueError("公示期至少1天")
    return Window(starts, starts + timedelta(days=days - 1))


def annual_report_due(report_year: int) -> date:
    """The due date of the progress report on ``report_year``: 31 March of the following year."""
    return date(report_year + 1, ANNUAL_REPORT_DUE_MONTH, ANNUAL_REPORT_DUE_DAY)


def next_report_year(today: date) -> int:
    """The year covered by the next report to fall due: up to 31 March last year's, after it this year's."""
    return today.year - 1 if today <= annual_report_due(today.year - 1) else today.year


def reporting_years(
    approval_year: int,
    construction_period_years: int = DEFAULT_CONSTRUCTION_PERIOD_YEARS,
    *,
    first_year_offset: int = 1,
) -> tuple[int, ...]:
    """The construction (= reporting) years of a batch.

    By default construction starts in the year after approval: the first batch, approved at the end of
    2018, reports on 2019, 2020 and 2021. A batch approved early in a year may set ``first_year_offset=0``.
    """
    if construction_period_years < 1:
        raise ValueError("建设周期至少1年")
    first = approval_year + first_year_offset
    return tuple(range(first, first + construction_period_years))


@dataclass(frozen=True)
class ReportDeadline:
    year: int
    due: date

    def is_overdue(self, today: date) -> bool:
        return today > self.due

    def days_left(self, today: date) -> int:
        """Days after today until the due date (0 on the due date itself, negative once overdue)."""
        return (self.due - today).days


def report_schedule(years: tuple[int, ...] | list[int]) -> tuple[ReportDeadline, ...]:
    """One deadline per reporting year, e.g. (2019 → 2020-03-31, 2020 → 2021-03-31, 2021 → 2022-03-31)."""
    return tuple(ReportDeadline(year, annual_report_due(year)) for year in years)
