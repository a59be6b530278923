"""``manage.py send_reminders [--at 2026-03-24T09:00]``: send the due reminders now (what the scheduled job does)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from innocounty.common import clock
from innocounty.notifications.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the deadline reminders that are due and were never sent (the scheduled job runs this every 10 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="as if it were this moment (ISO 8601, China time if no offset)")
        parser.add_argument("--source", action="append", help="only this reminder source (repeatable)")

    def handle(self, *args, at=None, source=None, **options):
        moment = None
        if at:
            moment = parse_datetime(at)
            if moment is None:
                raise CommandError(f"--at: not an ISO 8601 moment: {at!r}")
            with clock.at(moment) as moment:
                report = send_due_reminders(moment, only=source)
        else:
            report = send_due_reminders(only=source)
        self.stdout.write(f"sent {report.sent}, already sent {report.already_sent}, failed {report.failed}")
