"""Deadline reminders that go out exactly once, from a scheduled job of the task queue.

An app declares where reminders come from with :func:`reminder_source`: a function of the moment ``now``
that yields every :class:`DueReminder` due by then (e.g. "report X is due in 7 days", keyed
``annual_report:X:before-7``). :func:`send_due_reminders` — run every few minutes by the huey periodic
task in :mod:`innocounty.notifications.tasks` (the consumer runs in the embedded default as well) and by
``manage.py send_reminders`` — sends each one whose key was never sent: the key is inserted into
:class:`~innocounty.notifications.models.SentReminder` (unique) in the same transaction as the notices,
so two workers at once, a retry or a restart never send it twice, and a failure sends it later.

A source should yield only reminders whose moment has come (``now >= due_at``) and stop yielding once the
subject needs no reminder (the report was submitted); keys carry the occasion (``before-30``,
``overdue-week-2``) so each occasion is its own reminder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction

from innocounty.common import clock
from innocounty.notifications.models import SentReminder
from innocounty.notifications.service import notify

log = logging.getLogger("innocounty.reminders")


@dataclass(frozen=True)
class DueReminder:
    key: str  # unique forever (≤ 200 characters): the subject and the occasion
    recipients: tuple = field(default=())  # users
    title: str = ""
    body: str = ""
    url: str = ""
    email: bool = True


Source = Callable[[datetime], Iterable[DueReminder]]
_SOURCES: dict[str, Source] = {}


def reminder_source(name: str) -> Callable[[Source], Source]:
    """Register ``func(now) -> Iterable[DueReminder]`` under ``name`` (an app's ``ready`` imports it)."""

    def register(func: Source) -> Source:
        _SOURCES[name] = func
        return func

    return register


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


@dataclass
class SendReport:
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    by_source: dict[str, int] = field(default_factory=dict)


def send_due_reminders(now: datetime | None = None, only: Iterable[str] | None = None) -> SendReport:
    """Send every due reminder not sent before; one transaction per reminder (a failure is retried next run)."""
    now = now or clock.now()
    wanted = set(only) if only is not None else None
    report = SendReport()
    for name, source in _SOURCES.items():
        if wanted is not None and name not in wanted:
            continue
        keys = set(SentReminder.objects.filter(source=name).values_list("key", flat=True))
        for reminder in source(now):
            if reminder.key in keys:
                report.already_sent += 1
                continue
            try:
                with transaction.atomic():
                    SentReminder.objects.create(
                        key=reminder.key[:200], source=name, recipients=len(reminder.recipients), sent_at=now
                    )
                    notify(
                        reminder.recipients, reminder.title, reminder.body, reminder.url, email=reminder.email
                    )
            except IntegrityError:  # another worker sent it a moment ago
                report.already_sent += 1
                continue
            except Exception:  # one bad reminder must not stop the others; it is tried again next run
                log.exception("reminder %s failed", reminder.key)
                report.failed += 1
                continue
            keys.add(reminder.key)
            report.sent += 1
            report.by_source[name] = report.by_source.get(name, 0) + 1
    return report
