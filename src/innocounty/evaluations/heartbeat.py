"""The heartbeat of a running evaluation job: a daemon thread that stamps ``EvaluationRun.heartbeat_at``
every ``settings.EVALUATION_HEARTBEAT_SECONDS`` while the job computes (the engine's uncertainty analysis
is one long call that reports no progress for minutes). When the worker process dies the thread dies with
it, the stamp grows old, and :func:`innocounty.evaluations.runs.fail_stale_runs` marks the run failed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.utils import timezone

log = logging.getLogger("innocounty.evaluations")


def beat(run_id: int, attempt: int) -> int:
    """Stamp the heartbeat of the run's current attempt while it is running; returns rows updated."""
    from innocounty.evaluations.models import EvaluationRun, RunStatus

    return EvaluationRun.objects.filter(pk=run_id, attempt=attempt, status=RunStatus.RUNNING).update(
        heartbeat_at=timezone.now())


class Heartbeat:
    """``with Heartbeat(run_id, attempt): ...`` beats in the background until the block ends."""

    def __init__(self, run_id: int, attempt: int, interval: float | None = None,
                 on_beat: Callable[[int], None] | None = None):
        self.run_id, self.attempt = run_id, attempt
        self.interval = float(interval if interval is not None else settings.EVALUATION_HEARTBEAT_SECONDS)
        self.on_beat = on_beat
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"heartbeat-run-{run_id}", daemon=True)

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    updated = beat(self.run_id, self.attempt)
                except Exception:  # a database restart: keep trying; the stamp simply grows old meanwhile
                    log.warning("heartbeat of run %s failed", self.run_id, exc_info=True)
                    continue
                if self.on_beat is not None:
                    self.on_beat(updated)
                if not updated:  # the run is no longer ours (failed as stale, finished): stop beating
                    return
        finally:
            connections.close_all()  # this thread's connections only

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
