"""Reporting rates of a round (报送率) and the reminders to provinces that have not submitted.

A province's submission is *received* once submitted (its ``submitted_at``, kept when later accepted or
returned and resubmitted: the first submission counts); *on time* when that day (China time) is on or before
the round's deadline, *late* after it; *pending* otherwise — *overdue* once the deadline has passed. County
entries count the same way against the province's eligible counties.

Reminders (:func:`round_reminders`, registered with :mod:`innocounty.notifications.reminders`): 7 and 1
days before the deadline and on the day after it (overdue), to the officers of each open round's provinces
that have not submitted; keyed ``monitoring_round:<round>:<province>:<occasion>`` so each goes out once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.audit.models import AuditEvent
from innocounty.common import clock
from innocounty.monitoring.i18n import site_language
from innocounty.monitoring.models import (
    CountyEntry,
    DataRound,
    ProvinceSubmission,
    RoundStatus,
)
from innocounty.notifications import recipients as notifications
from innocounty.notifications.reminders import DueReminder, reminder_source
from innocounty.regions.models import County

BEFORE_DAYS = (7, 1)


def _day(moment) -> dt.date | None:
    return None if moment is None else moment.astimezone(clock.CHINA).date()


@dataclass
class Rate:
    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def pending(self) -> int:
        return self.expected - self.received

    @property
    def share(self) -> float | None:
        return None if not self.expected else self.received / self.expected

    def add(self, first_submitted: dt.date | None, deadline: dt.date) -> None:
        self.expected += 1
        if first_submitted is not None:
            self.received += 1
            if first_submitted <= deadline:
                self.on_time += 1
            else:
                self.late += 1


@dataclass
class ProvinceRow:
    code: str
    name: str
    short_name: str
    state: str
    submitted: dt.date | None
    status: str  # on_time, late, pending, overdue
    counties: Rate = field(default_factory=Rate)


@dataclass
class RoundRates:
    data_round: DataRound
    provinces: Rate
    counties: Rate
    rows: list[ProvinceRow]


def _first_acts(action: str, pks) -> dict[str, dt.date]:
    """The day (China time) of each subject's first ``action`` (e.g. ``submission.submit``), from the audit
    log: a later resubmission after a return does not move it."""
    firsts: dict[str, dt.date] = {}
    events = AuditEvent.objects.filter(action=action, object_id__in=[str(pk) for pk in pks]).order_by("seq")
    for object_id, at in events.values_list("object_id", "created_at"):
        firsts.setdefault(object_id, _day(at))
    return firsts


def _status(submitted: dt.date | None, deadline: dt.date, today: dt.date) -> str:
    if submitted is not None:
        return "on_time" if submitted <= deadline else "late"
    return "overdue" if today > deadline else "pending"


def round_rates(data_round: DataRound, province_code: str | None = None) -> RoundRates:
    """The round's rates nation-wide (or one province), province rows with their counties' rates."""
    deadline, today = data_round.deadline, clock.today()
    submissions = data_round.submissions.select_related("province").order_by("province_id")
    if province_code:
        submissions = submissions.filter(province_id=province_code)
    submissions = list(submissions)
    firsts = _first_acts("submission.submit", [s.pk for s in submissions])
    entries = {e.county_id: e for e in CountyEntry.objects.filter(data_round=data_round)}
    entry_firsts = _first_acts("county_entry.submit", [e.pk for e in entries.values()])
    counties: dict[str, list[str]] = {}
    for code, province in County.objects.eligible().values_list("code", "province_id"):
        counties.setdefault(province, []).append(code)
    nation, nation_counties, rows = Rate(), Rate(), []
    for s in submissions:
        first = firsts.get(str(s.pk)) or _day(s.submitted_at)
        nation.add(first, deadline)
        row = ProvinceRow(
            s.province_id,
            s.province.name,
            s.province.short_name,
            s.state,
            first,
            _status(first, deadline, today),
        )
        for code in counties.get(s.province_id, []):
            entry = entries.get(code)
            first_entry = (
                None if entry is None else entry_firsts.get(str(entry.pk)) or _day(entry.submitted_at)
            )
            row.counties.add(first_entry, deadline)
        nation_counties.expected += row.counties.expected
        nation_counties.received += row.counties.received
        nation_counties.on_time += row.counties.on_time
        nation_counties.late += row.counties.late
        rows.append(row)
    return RoundRates(data_round, nation, nation_counties, rows)


def county_rows(data_round: DataRound, province_code: str) -> list[dict]:
    """Each eligible county of the province: its entry's state and when it was submitted."""
    entries = {
        e.county_id: e
        for e in CountyEntry.objects.filter(data_round=data_round, county__province_id=province_code)
    }
    firsts = _first_acts("county_entry.submit", [e.pk for e in entries.values()])
    today = clock.today()
    rows = []
    for county in County.objects.eligible().filter(province_id=province_code).order_by("code"):
        entry = entries.get(county.code)
        submitted = (firsts.get(str(entry.pk)) or _day(entry.submitted_at)) if entry else None
        rows.append(
            {
                "county": county,
                "entry": entry,
                "submitted": submitted,
                "status": _status(submitted, data_round.deadline, today),
            }
        )
    return rows


# --- reminders --------------------------------------------------------------------------------------------
def _occasions(deadline: dt.date, now: dt.datetime) -> list[tuple[str, int]]:
    """The reminder occasions whose day has come (China time): ('before-7', 7), ('before-1', 1), ('overdue', -1)."""
    today = now.astimezone(clock.CHINA).date()
    if today > deadline:
        return [("overdue", -1)]
    for days in sorted(BEFORE_DAYS):  # only the latest occasion: a late first run does not send both
        if today >= deadline - dt.timedelta(days=days):
            return [(f"before-{days}", days)]
    return []


@reminder_source("monitoring_round")
def round_reminders(now: dt.datetime):
    rounds = DataRound.objects.filter(status=RoundStatus.OPEN)
    for data_round in rounds:
        occasions = _occasions(data_round.deadline, now)
        if not occasions:
            continue
        pending = ProvinceSubmission.objects.filter(
            data_round=data_round, submitted_at__isnull=True, state__in=("draft", "returned")
        ).select_related("province")
        url = reverse("monitoring:rounds")
        for submission in pending:
            recipients = tuple(notifications.provincial_officers(submission.province_id))
            if not recipients:
                continue
            for occasion, days in occasions:
                with site_language():
                    if days > 0:
                        title = _("%(year)d 年度监测数据将于 %(days)d 天后截止报送") % {
                            "year": data_round.year,
                            "days": days,
                        }
                    else:
                        title = _("%(year)d 年度监测数据已逾期未报送") % {"year": data_round.year}
                    body = _("%(province)s尚未提交本轮数据，截止日期 %(deadline)s。") % {
                        "province": submission.province.name,
                        "deadline": f"{data_round.deadline:%Y-%m-%d}",
                    }
                yield DueReminder(
                    key=f"monitoring_round:{data_round.pk}:{submission.province_id}:{occasion}",
                    recipients=recipients,
                    title=title,
                    body=body,
                    url=url,
                )
