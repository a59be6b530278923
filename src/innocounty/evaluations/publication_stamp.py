"""The publication stamp: a short value that changes whenever what the public may see of the evaluation
results changes — a run published or unpublished, or its public switch flipped. Published results are
immutable (checksummed), so a page of a published run stays right as long as this stamp is the same (it also
covers the free-text fields a profile shows, editable while their round is open), and
caches of such pages (:mod:`innocounty.rankings.page_cache`) carry it in their keys: nothing has to be
deleted when the ministry publishes; the next request simply misses.

Each process reads the stamp from the database at most once per ``settings.PUBLICATION_STAMP_TTL`` seconds
(default 1 s; 0 reads every time), and forgets it at once when a publication commits in this process, so
the officer who published sees the change immediately and every other process within that second.
"""

from __future__ import annotations

import hashlib
import threading
import time

from django.conf import settings
from django.db import transaction

_lock = threading.Lock()
_memo: tuple[float, str] | None = None


def _read() -> str:
    from django.db.models import Count, Max

    from innocounty.evaluations.models import EvaluationRun
    from innocounty.monitoring.text_fields import TextValue

    rows = (
        EvaluationRun.objects.filter(published=True)
        .order_by("pk")
        .values_list("pk", "public_visible", "published_at")
    )
    # The profile shows the round's free-text fields (e.g. Hunan's 特色指标), editable while the round is open.
    texts = TextValue.objects.aggregate(latest=Max("updated_at"), n=Count("pk"))
    return hashlib.blake2s(repr((list(rows), texts)).encode(), digest_size=8).hexdigest()


def publication_stamp() -> str:
    global _memo
    ttl = float(getattr(settings, "PUBLICATION_STAMP_TTL", 1.0))
    now = time.monotonic()
    memo = _memo
    if ttl > 0 and memo is not None and memo[0] > now:
        return memo[1]
    value = _read()
    with _lock:
        _memo = (now + ttl, value)
    return value


def forget() -> None:
    """Read the stamp afresh next time (called when a publication change commits in this process)."""
    global _memo
    with _lock:
        _memo = None


def forget_on_commit() -> None:
    transaction.on_commit(forget)
