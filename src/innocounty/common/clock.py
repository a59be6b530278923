"""The platform's clock: ``now()`` and ``today()`` (China), which a demo or a test can set.

Everything that stamps a workflow change (the adapter, the audit log, histories) reads this clock, so a
demo that replays a 2018 story through the workflow adapter writes 2018 dates: ``with clock.at(moment):``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

CHINA = ZoneInfo("Asia/Shanghai")
_fixed: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("innocounty_clock", default=None)


def now() -> dt.datetime:
    fixed = _fixed.get()
    return fixed if fixed is not None else timezone.now()


def today() -> dt.date:
    """Today's date in China."""
    return now().astimezone(CHINA).date()


@contextlib.contextmanager
def at(moment: dt.datetime | dt.date):
    """Run the block as if it were ``moment`` (a date means 10:00 China time that day)."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(10, 0), tzinfo=CHINA)
    elif timezone.is_naive(moment):
        moment = moment.replace(tzinfo=CHINA)
    token = _fixed.set(moment)
    try:
        yield moment
    finally:
        _fixed.reset(token)
