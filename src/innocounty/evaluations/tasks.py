"""Background jobs (huey) of evaluation runs, and the dispatcher the run service uses to queue them.

The queue is huey's: Redis with ``HUEY_REDIS_URL`` (production), huey's SQLite storage under ``var/``
otherwise; a consumer (``innocounty run_huey``) executes the jobs. The test settings run them immediately.
:func:`register` (called by ``EvaluationsConfig.ready``) hands :func:`queue_run` to
:func:`innocounty.evaluations.runs.set_dispatcher`: the run service never imports this module.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=2, retry_delay=5)
def run_evaluation_task(run_id: int) -> None:
    from innocounty.evaluations.runs import execute_run

    execute_run(run_id)


@db_periodic_task(crontab(minute="*"))
def fail_stale_runs_task() -> int:
    """Every minute: runs whose worker stopped (old heartbeat) or that nobody picked up become failed."""
    from innocounty.evaluations.runs import fail_stale_runs

    return fail_stale_runs()


def queue_run(run_id: int) -> None:
    run_evaluation_task(run_id)


def register() -> None:
    from innocounty.evaluations.runs import set_dispatcher

    set_dispatcher(queue_run)
