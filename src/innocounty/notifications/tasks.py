"""The notifications app's scheduled job (huey periodic task; djhuey discovers this module)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/10"))
def send_reminders_task() -> int:
    """Every ten minutes: send the deadline reminders that are due and were never sent."""
    from innocounty.notifications.reminders import send_due_reminders

    return send_due_reminders().sent
