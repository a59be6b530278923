"""Reminders of annual reports due (``@reminder_source("annual_report")``; sent by the huey periodic task).

For each report still waiting for its county (draft or returned) the latest occasion that has come
(:func:`innocounty.programme.annual_reports.reminder_occasion`: 30, 7 and 1 days before the due date, then
weekly when overdue) is due, keyed ``annual_report:<report>:<occasion>``; a returned report is reminded
again per return (the key carries the return's count). Recipients: the county's officers, and once overdue
the province's officers too; in-app and e-mail.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.construction.models import AnnualReport, ReportDeadline
from innocounty.monitoring.i18n import site_language
from innocounty.notifications.recipients import users_for
from innocounty.notifications.reminders import DueReminder, reminder_source
from innocounty.programme import Recipient, Role
from innocounty.programme.annual_reports import COUNTY_EDITS, reminder_occasion, report_due
from innocounty.programme.deadlines import today_in_china


@reminder_source("annual_report")
def due_reports(now: datetime):
    today = today_in_china(now)
    overrides = {(b, y): d for b, y, d in ReportDeadline.objects.values_list("batch_id", "year", "due")}
    reports = (AnnualReport.objects.filter(state__in=[s.value for s in COUNTY_EDITS], year__lt=today.year)
               .select_related("project__county__province", "project__batch"))  # fmt: skip
    for report in reports:
        due = report_due(report.year, overrides.get((report.project.batch_id, report.year)))
        occasion = reminder_occasion(due, today)
        if occasion is None:
            continue
        county = report.project.county
        recipients = users_for(Recipient(Role.COUNTY_OFFICER, county.province_id, county.code))
        if occasion.overdue:
            recipients += users_for(Recipient(Role.PROVINCIAL_OFFICER, county.province_id))
        returns = report.events.filter(transition__in=("return", "ministry_return")).count()
        key = f"annual_report:{report.pk}:{occasion.key}" + (f":r{returns}" if returns else "")
        with site_language():
            if occasion.overdue:
                title = _("%(county)s%(year)d年度建设进展报告已逾期%(days)d天") % {
                    "county": county.name,
                    "year": report.year,
                    "days": -occasion.days_left,
                }
            else:
                title = _("%(county)s%(year)d年度建设进展报告将于%(due)s截止（还有%(days)d天）") % {
                    "county": county.name,
                    "year": report.year,
                    "due": due.isoformat(),
                    "days": occasion.days_left,
                }
            body = _("请县（市）填写并提交年度建设进展报告，经省级科技管理部门审核后报送科技部。")
        yield DueReminder(
            key=key,
            recipients=tuple(recipients),
            title=title,
            body=body,
            url=reverse("construction:report", args=[report.pk]),
        )
