"""Send a notice: one in-app row per recipient and an e-mail through Django's mail backend.

Call it inside the transaction of the change it announces; e-mails go out only after that transaction
commits, so a rolled-back change notifies nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from innocounty.notifications.models import Notification

log = logging.getLogger("innocounty.notifications")


def notify(
    recipients: Iterable, title: str, body: str = "", url: str = "", email: bool = True
) -> list[Notification]:
    users = {u.pk: u for u in recipients if u is not None and u.is_active}.values()
    rows = Notification.objects.bulk_create(
        [Notification(recipient=u, title=str(title)[:200], body=str(body), url=url) for u in users]
    )
    mail_to = [(r, u.email) for r, u in zip(rows, users, strict=True) if email and u.email]
    if mail_to:
        transaction.on_commit(lambda: _send_emails(title, body, url, mail_to))
    return rows


def _send_emails(title, body, url, mail_to) -> None:
    text = f"{body}\n\n{url}".strip() if url else str(body)
    messages = [(str(title), text, settings.DEFAULT_FROM_EMAIL, [address]) for _, address in mail_to]
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # the in-app notice stands; a mail outage must not break the workflow
        log.exception("sending %d notification e-mails failed", len(messages))
        return
    Notification.objects.filter(pk__in=[row.pk for row, _ in mail_to]).update(emailed=True)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
