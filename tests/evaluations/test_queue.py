"""Evaluation runs on a real queue (issue 8 item 12): the request that starts a run returns with the run
queued and computes nothing; a worker executes it; a run whose worker stopped is failed with the reason and
can be retried; identical requests share one run; the run service does not know how it is queued."""

from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from innocounty.audit.models import AuditEvent
from innocounty.evaluations import runs as service
from innocounty.evaluations import tasks
from innocounty.evaluations.heartbeat import Heartbeat
from innocounty.evaluations.models import CountyResult, EvaluationRun, RunStatus
from innocounty.evaluations.runs import (
    RunRefused,
    execute_run,
    fail_stale_runs,
    mark_finished,
    mark_running,
    retry_run,
    start_run,
)

API = "/api/evaluations"
SRC = Path(__file__).resolve().parents[2] / "src" / "innocounty"
YEAR = 2024


@pytest.fixture
def queue():
    """huey as outside tests: jobs wait in the queue until a worker takes them (immediate off)."""
    HUEY.immediate = False
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


def work_one(huey) -> int:
    """What a consumer does with the next job, in this process: run the task's body (huey's db_task wrapper
    would close the test's database connection)."""
    job = huey.dequeue()
    assert job.name.endswith("run_evaluation_task")
    run_id = job.args[0]
    execute_run(run_id)
    return run_id


def payload(framework, simple_method, **extra):
    return {"year": YEAR, "framework_id": framework.pk, "method": simple_method, "replicates": 10, "seed": 3,
            "scope": "accepted", **extra}


def test_the_api_request_returns_with_the_run_queued_and_computes_nothing(
        client, queue, ministry, framework, data_round, simple_method):
    client.force_login(ministry)
    response = client.post(f"{API}/runs", payload(framework, simple_method), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["started_at"] is None
    assert not CountyResult.objects.filter(run_id=body["id"]).exists()
    assert queue.pending_count() == 1
    assert work_one(queue) == body["id"]
    done = client.get(f"{API}/runs/{body['id']}").json()
    assert done["status"] == "succeeded" and done["unit_count"] == 6 and done["heartbeat_at"]


def test_the_start_form_redirects_to_the_queued_run(client, queue, ministry, framework, data_round):
    client.force_login(ministry)
    form = {"year": YEAR, "framework": framework.pk, "scope": "all", "label": "", "impute_method": "none",
            "winmax": 5, "normalise_method": "minmax", "range_lower": 0, "range_upper": 100, "degenerate": "error",
            "aggregate_method": "arithmetic", "replicates": 10, "seed": 5, "composite_rule": "top_share",
            "composite_p": 0.25, "composite_n": "", "indicator_share": 0.25, "indicator_min_count": "",
            "combine": "and"}
    response = client.post(reverse("evaluations:run_create"), form)
    run = EvaluationRun.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("evaluations:run", args=[run.pk])
    assert run.status == RunStatus.QUEUED and queue.pending_count() == 1


def test_identical_requests_share_one_run(client, queue, ministry, framework, data_round, simple_method):
    client.force_login(ministry)
    first = client.post(f"{API}/runs", payload(framework, simple_method), content_type="application/json")
    second = client.post(f"{API}/runs", payload(framework, simple_method), content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and EvaluationRun.objects.count() == 1
    assert queue.pending_count() == 1
    other_seed = client.post(f"{API}/runs", payload(framework, simple_method, seed=4), content_type="application/json")
    assert other_seed.status_code == 201 and EvaluationRun.objects.count() == 2
    work_one(queue)  # once finished, the same request may run again (a fresh run)
    again = client.post(f"{API}/runs", payload(framework, simple_method), content_type="application/json")
    assert again.status_code == 201 and again.json()["id"] != first.json()["id"]


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres") is False,
                    reason="concurrent writers need PostgreSQL (SQLite serialises them)")
@pytest.mark.django_db(transaction=True)
def test_identical_runs_started_at_the_same_moment_create_one(queue, ministry, framework, data_round, simple_method):
    barrier, results, errors = threading.Barrier(4), [], []

    def start():
        try:
            barrier.wait()
            results.append(start_run(ministry, YEAR, framework, simple_method, 10, 3).pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1 and EvaluationRun.objects.count() == 1


def test_a_running_run_without_heartbeat_is_failed_on_reading_and_by_the_periodic_job(
        client, queue, ministry, settings, framework, data_round, simple_method):
    settings.EVALUATION_HEARTBEAT_TIMEOUT = 120
    first = start_run(ministry, YEAR, framework, simple_method, 10, 3)
    second = start_run(ministry, YEAR, framework, simple_method, 10, 4)
    for run in (first, second):
        assert mark_running(run.pk) == 1  # a worker took it … and died
    old = timezone.now() - dt.timedelta(seconds=121)
    EvaluationRun.objects.filter(pk__in=[first.pk, second.pk]).update(heartbeat_at=old)
    client.force_login(ministry)
    page = client.get(reverse("evaluations:run_progress", args=[first.pk])).content.decode()
    first.refresh_from_db()
    assert first.status == RunStatus.FAILED and "工作进程已停止" in first.error and "工作进程已停止" in page
    assert "hx-trigger" not in page  # the page stops polling
    assert tasks.fail_stale_runs_task.call_local() == 1
    second.refresh_from_db()
    assert second.status == RunStatus.FAILED
    failed = AuditEvent.objects.filter(action="evaluation_run.fail", object_id__in=[str(first.pk), str(second.pk)])
    assert failed.count() == 2


def test_a_fresh_heartbeat_keeps_the_run_alive(queue, ministry, settings, framework, data_round, simple_method):
    settings.EVALUATION_HEARTBEAT_TIMEOUT = 120
    run = start_run(ministry, YEAR, framework, simple_method, 10, 3)
    mark_running(run.pk)
    EvaluationRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=60))
    assert fail_stale_runs() == 0
    assert EvaluationRun.objects.get(pk=run.pk).status == RunStatus.RUNNING


def test_a_queued_run_nobody_takes_is_failed_after_the_queue_timeout(
        queue, ministry, settings, framework, data_round, simple_method):
    settings.EVALUATION_QUEUE_TIMEOUT = 600
    run = start_run(ministry, YEAR, framework, simple_method, 10, 3)
    assert fail_stale_runs() == 0
    assert fail_stale_runs(now=timezone.now() + dt.timedelta(seconds=601)) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "run_huey" in run.error


def test_a_failed_run_is_retried_by_the_ministry_and_the_old_attempt_cannot_store(
        client, queue, ministry, north_officer, framework, data_round, simple_method):
    run = start_run(ministry, YEAR, framework, simple_method, 10, 3)
    assert mark_running(run.pk) == 1
    fail_stale_runs(now=timezone.now() + dt.timedelta(days=1))
    queue.flush()
    client.force_login(north_officer)
    assert client.post(f"{API}/runs/{run.pk}/retry").status_code == 403
    client.force_login(ministry)
    response = client.post(f"{API}/runs/{run.pk}/retry")
    assert response.status_code == 200 and response.json()["status"] == "queued" and response.json()["attempt"] == 2
    assert AuditEvent.objects.filter(action="evaluation_run.retry", object_id=str(run.pk)).count() == 1
    assert not mark_finished(run.pk, 1)  # the first (stopped) attempt's results would be discarded
    assert client.post(f"{API}/runs/{run.pk}/retry").status_code == 400  # only failed runs
    work_one(queue)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.attempt == 2


def test_the_retry_button_on_the_page(client, queue, ministry, framework, data_round, simple_method):
    run = start_run(ministry, YEAR, framework, simple_method, 10, 3)
    mark_running(run.pk)
    fail_stale_runs(now=timezone.now() + dt.timedelta(days=1))
    client.force_login(ministry)
    assert 'data-testid="retry-form"' in client.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    client.post(reverse("evaluations:retry", args=[run.pk]))
    assert EvaluationRun.objects.get(pk=run.pk).status == RunStatus.QUEUED


def test_a_retry_is_refused_while_an_identical_run_is_active(queue, ministry, framework, data_round, simple_method):
    run = start_run(ministry, YEAR, framework, simple_method, 10, 3)
    mark_running(run.pk)
    fail_stale_runs(now=timezone.now() + dt.timedelta(days=1))
    start_run(ministry, YEAR, framework, simple_method, 10, 3)  # the same request, queued again
    with pytest.raises(RunRefused, match="正在排队或运行"):
        retry_run(ministry, run)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_stamps_the_run_while_it_computes(ministry, framework, data_round, simple_method):
    run = start_run(ministry, YEAR, framework, simple_method, 0, 3, run_now=lambda run_id: None)
    mark_running(run.pk)
    EvaluationRun.objects.filter(pk=run.pk).update(heartbeat_at=None)
    beaten = threading.Event()
    with Heartbeat(run.pk, 1, interval=0.01, on_beat=lambda updated: beaten.set()):
        assert beaten.wait(timeout=30)
    assert EvaluationRun.objects.get(pk=run.pk).heartbeat_at is not None


def test_the_run_service_does_not_decide_how_it_is_queued():
    tree = ast.parse((SRC / "evaluations" / "runs.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not any(name and ("tasks" in name or "huey" in name) for name in imported), imported
    assert "immediate" not in (SRC / "evaluations" / "runs.py").read_text()
    assert service._dispatcher is tasks.queue_run  # registered by the app's ready()


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "SqliteHuey"),
    ({"HUEY_REDIS_URL": "redis://127.0.0.1:6379/0"}, "RedisHuey"),
])
def test_the_queue_is_real_in_the_embedded_default_and_redis_when_configured(tmp_path, env, expected):
    code = ("import django; django.setup(); from huey.contrib.djhuey import HUEY; from django.conf import settings; "
            "print(type(HUEY).__name__, HUEY.immediate, getattr(HUEY.storage, 'filename', ''), settings.VAR_DIR)")
    environ = {k: v for k, v in os.environ.items() if k != "HUEY_REDIS_URL"}
    environ.update(env, DJANGO_SETTINGS_MODULE="innocounty.web.settings.dev", INNOCOUNTY_VAR_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True,
                         cwd=SRC.parents[1]).stdout.split()
    assert out[0] == expected and out[1] == "False"
    if expected == "SqliteHuey":
        assert out[2] == str(tmp_path / "huey.sqlite3")


def test_an_attempt_given_up_while_it_computed_stores_nothing(queue, ministry, framework, data_round, simple_method,
                                                              monkeypatch):
    run = start_run(ministry, YEAR, framework, simple_method, 10, 3)
    real_compute = service.compute

    def compute_then_be_given_up(*args, **kwargs):
        result = real_compute(*args, **kwargs)
        fail_stale_runs(now=timezone.now() + dt.timedelta(days=1))  # meanwhile: "worker stopped"
        return result

    monkeypatch.setattr(service, "compute", compute_then_be_given_up)
    execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "工作进程已停止" in run.error
    assert not CountyResult.objects.filter(run=run).exists()
