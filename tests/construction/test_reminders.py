"""Report reminders with the injected clock: 30, 7 and 1 days before, weekly when overdue; never twice,
also after a "restart" (only the SentReminder table survives)."""

import datetime as dt

import pytest
from django.core import mail

from innocounty.common import clock
from innocounty.construction.bindings import run_transition
from innocounty.notifications.models import Notification, SentReminder
from innocounty.notifications.reminders import send_due_reminders

from .conftest import filled_content

pytestmark = pytest.mark.django_db
DUE = dt.datetime(2025, 3, 31, 10, 0, tzinfo=clock.CHINA)


def send(moment):
    with clock.at(moment):
        return send_due_reminders(moment, only=["annual_report"])


def keys():
    return sorted(SentReminder.objects.filter(source="annual_report").values_list("key", flat=True))


def test_the_schedule(project, cast):
    report = project.reports.get(year=2024)
    assert send(DUE - dt.timedelta(days=31)).sent == 0
    assert send(DUE - dt.timedelta(days=30)).sent == 1
    assert send(DUE - dt.timedelta(days=20)).sent == 0  # the same occasion again
    assert send(DUE - dt.timedelta(days=7)).sent == 1
    assert send(DUE - dt.timedelta(days=1)).sent == 1
    assert send(DUE).sent == 0
    assert not Notification.objects.filter(recipient=cast.province).exists()  # not overdue yet
    assert send(DUE + dt.timedelta(days=1)).sent == 1
    assert send(DUE + dt.timedelta(days=5)).sent == 0
    assert send(DUE + dt.timedelta(days=8)).sent == 1
    assert keys() == sorted(f"annual_report:{report.pk}:{k}" for k in
                            ("before-30", "before-7", "before-1", "overdue-week-1", "overdue-week-2"))  # fmt: skip
    county = Notification.objects.filter(recipient=cast.county).count()
    province = Notification.objects.filter(recipient=cast.province).count()
    assert (county, province) == (5, 2)  # the province hears once overdue
    assert not Notification.objects.filter(recipient=cast.county_guan).exists()


def test_no_duplicates_after_a_restart(project, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(DUE - dt.timedelta(days=7))
    sent = len(mail.outbox)
    assert sent == 1 and mail.outbox[0].to == ["zd@example.org"]
    # "restart": nothing in memory survives; a second worker runs the same moment and later ones
    with django_capture_on_commit_callbacks(execute=True):
        report = send(DUE - dt.timedelta(days=7))
        send(DUE - dt.timedelta(days=6))
    assert report.sent == 0 and report.already_sent == 1 and len(mail.outbox) == sent


def test_a_submitted_report_is_not_reminded(project, cast):
    report = project.reports.get(year=2024)
    from innocounty.construction.services import save_report

    with clock.at(DUE - dt.timedelta(days=10)):
        save_report(cast.county, report, filled_content())
        assert run_transition(cast.county, report, "submit", {"confirm": True}).allowed
    assert send(DUE - dt.timedelta(days=7)).sent == 0
    with clock.at(DUE + dt.timedelta(days=2)):  # returned after the due date: weekly reminders resume
        assert run_transition(cast.province, report, "return", {"reason": "补充"}).allowed
    assert send(DUE + dt.timedelta(days=2)).sent == 1
    assert keys() == [f"annual_report:{report.pk}:overdue-week-1:r1"]
