"""``transitioned``: sent after a workflow transition's transaction has committed.

Later stages hook into earlier ones here without the earlier app importing them (construction projects
start when an application becomes 批准建设). The adapter sends it from ``transaction.on_commit`` after
:func:`~innocounty.workflow.adapter.apply_transition` changed a state, so a receiver sees the committed
change, and a rolled-back or refused transition sends nothing. Arguments:

- ``kind``: the subject kind (``"application"``, ``"annual_report"``, ...);
- ``transition``: the transition's name (``"approve"``, ...);
- ``subject``: the subject row (its state already the new one);
- ``actor``: the user who acted (None: the platform itself).

A receiver runs outside the transaction of the change: what it writes commits on its own, and an error in
it does not undo the transition (``send_robust``: it is logged, the other receivers still run).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger("innocounty.workflow")

transitioned = Signal()


def send_after_commit(kind: str, transition: str, subject, actor) -> None:
    """Queue ``transitioned`` for when the current transaction commits (at once when there is none)."""

    def send() -> None:
        for receiver, result in transitioned.send_robust(
            sender=kind, kind=kind, transition=transition, subject=subject, actor=actor
        ):
            if isinstance(result, Exception):
                log.error("receiver %r of %s.%s failed", receiver, kind, transition, exc_info=result)

    transaction.on_commit(send)
