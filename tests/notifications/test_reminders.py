"""Reminders go out once per key: across runs and after a "restart" (nothing in memory survives, only the table)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from innocounty.common import clock
from innocounty.notifications import reminders
from innocounty.notifications.models import Notification, SentReminder
from innocounty.notifications.reminders import DueReminder, reminder_source, send_due_reminders

DEADLINE = dt.datetime(2027, 3, 31, 23, 59, tzinfo=clock.CHINA)


@pytest.fixture
def source(monkeypatch, make_user):
    monkeypatch.setattr(reminders, "_SOURCES", {})
    user = make_user("county_x")

    @reminder_source("test_deadline")
    def due(now):
        for days in (30, 7, 1):
            if now >= DEADLINE - dt.timedelta(days=days):
                yield DueReminder(key=f"t:before-{days}", recipients=(user,), title=f"还有{days}天截止")

    return user


def test_each_occasion_goes_once(source):
    user = source
    assert send_due_reminders(DEADLINE - dt.timedelta(days=40)).sent == 0
    assert send_due_reminders(DEADLINE - dt.timedelta(days=29)).sent == 1
    again = send_due_reminders(DEADLINE - dt.timedelta(days=29))
    assert (again.sent, again.already_sent) == (0, 1)
    later = send_due_reminders(DEADLINE - dt.timedelta(hours=1))
    assert (later.sent, later.already_sent) == (2, 1)
    titles = sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))
    assert titles == ["还有1天截止", "还有30天截止", "还有7天截止"]
    assert SentReminder.objects.count() == 3


def test_a_restart_does_not_resend(source, django_capture_on_commit_callbacks):
    send_due_reminders(DEADLINE)
    # A "restart": nothing in memory survives; only the table does.
    with django_capture_on_commit_callbacks(execute=True):
        report = send_due_reminders(DEADLINE + dt.timedelta(minutes=10))
    assert report.sent == 0 and report.already_sent == 3
    assert len(mail.outbox) == 0


def test_emails_go_after_commit(source, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(DEADLINE - dt.timedelta(days=29))
    assert [m.to for m in mail.outbox] == [["county_x@example.org"]]


def test_the_command_takes_a_moment(source, capsys):
    call_command("send_reminders", "--at", "2027-03-30T09:00:00+08:00")
    assert "sent 2," in capsys.readouterr().out  # 30 and 7 days before; the 1-day reminder is 38 h away
    with pytest.raises(Exception, match="ISO 8601"):
        call_command("send_reminders", "--at", "next tuesday")
