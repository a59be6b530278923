"""Background tasks (huey): executing an evaluation run.

With ``HUEY_REDIS_URL`` set a huey consumer runs them; otherwise huey runs them immediately, in-process.
"""

from huey.contrib.djhuey import db_task


@db_task()
def run_evaluation_task(run_id: int) -> None:
    from innocounty.evaluations.runs import execute_run

    execute_run(run_id)
