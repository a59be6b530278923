"""The evaluation-run service: start a run, execute it (the background job's body), publish, retry.

Every state change runs permission check → guard → change → audit event → notification in one
transaction. The status of a run changes only in the small functions :func:`mark_running`,
:func:`mark_finished`, :func:`mark_failed`, :func:`requeue` and :func:`publish_run`.

A run executes on a queue: :func:`start_run` stores the run "queued" and hands its id to the dispatcher
registered with :func:`set_dispatcher` (``innocounty.evaluations.tasks`` registers the huey task when the
app loads; this module never imports it and does not know how jobs run). The job (:func:`execute_run`)
claims the run, beats a heartbeat on its row while it computes (:mod:`.heartbeat`), and stores its results
in one transaction together with the status "succeeded" — only if the run is still its own attempt. A
run whose heartbeat is older than ``EVALUATION_HEARTBEAT_TIMEOUT`` is marked failed ("worker stopped") by
:func:`fail_stale_runs` (a periodic job, and whenever a run is read); a failed run can be retried.
Identical requests (same fingerprint) share one queued or running run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innocounty.audit.chain import record
from innocounty.common import clock
from innocounty.common.render import render_lines
from innocounty.evaluation.errors import EvaluationError
from innocounty.evaluation.method import resolve_method
from innocounty.evaluations.compare import RankChange, compare_runs  # noqa: F401 (the service's public names)
from innocounty.evaluations.compute import ENGINE_VERSION, compute
from innocounty.evaluations.coverage import measure
from innocounty.evaluations.heartbeat import Heartbeat
from innocounty.evaluations.inputs import RunInputError, build_input
from innocounty.evaluations.messages import engine_error_text
from innocounty.evaluations.models import ACTIVE_STATUSES, DataScope, EvaluationRun, RunStatus
from innocounty.evaluations.permissions import can_publish_run, can_start_run
from innocounty.evaluations.publication_stamp import forget_on_commit
from innocounty.evaluations.refusals import RunRefused  # noqa: F401 (the service's public name)
from innocounty.evaluations.run_workflow import STATUS_MESSAGES
from innocounty.evaluations.scenarios import MAX_SCENARIOS
from innocounty.evaluations.sensitivity import DEFAULT_BOOTSTRAP, MAX_BOOTSTRAP, MAX_SAMPLES
from innocounty.evaluations.storage import checksums, county_rows, indicator_rows, node_rows, write_rows
from innocounty.workflow.adapter import NotAllowed, apply_transition

log = logging.getLogger("innocounty.evaluations")
MAX_REPLICATES = 10000
WORKER_STOPPED = gettext_noop("工作进程已停止（超过 %(seconds)d 秒没有心跳），评价未完成；可重试。")
NEVER_PICKED_UP = gettext_noop("排队超过 %(seconds)d 秒仍无工作进程处理（请确认已启动 innocounty run_huey）；可重试。")


def _check(decision) -> None:
    if not decision:
        raise RunRefused(decision.reason, forbidden=True)


def _run_url(run: EvaluationRun) -> str:
    return reverse("evaluations:run", args=[run.pk])


# --- the queue: injected --------------------------------------------------------------------------

_dispatcher: Callable[[int], None] | None = None


def set_dispatcher(dispatch: Callable[[int], None] | None) -> Callable[[int], None] | None:
    """Register how a queued run's id reaches a worker; returns the previous dispatcher."""
    global _dispatcher
    previous, _dispatcher = _dispatcher, dispatch
    return previous


def dispatch(run_id: int) -> None:
    if _dispatcher is None:
        raise RuntimeError("no dispatcher registered for evaluation runs (innocounty.evaluations.tasks)")
    _dispatcher(run_id)


# --- starting -------------------------------------------------------------------------------------


def request_fingerprint(year: int, framework_id: int, method: dict, replicates: int, seed: int | None,
                        scope: str) -> str:
    """What makes two requests "the same run" (the seed as asked for: None when drawn at random)."""
    payload = {"year": int(year), "framework": int(framework_id), "method": method, "replicates": int(replicates),
               "seed": seed, "scope": str(scope)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def active_run(fingerprint: str) -> EvaluationRun | None:
    return EvaluationRun.objects.filter(request_sha256=fingerprint, status__in=ACTIVE_STATUSES).first()


def _check_sensitivity(section) -> None:
    """The run form's bounds on the sensitivity analysis (the engine checks the rest when the run starts)."""
    if section is None:
        return
    n = section.get("n") if isinstance(section, dict) else None
    nboot = section.get("Nboot", DEFAULT_BOOTSTRAP) if isinstance(section, dict) else None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, nboot)) \
            or not 1 <= n <= MAX_SAMPLES or not 1 <= nboot <= MAX_BOOTSTRAP:
        raise RunRefused(_("敏感性分析的样本数 N 须在 1–%(n)d 之间，自助重抽样次数须在 1–%(b)d 之间。")
                         % {"n": MAX_SAMPLES, "b": MAX_BOOTSTRAP})


def start_run(user, year: int, framework, method: dict | None = None, replicates: int = 1000,
              seed: int | None = None, *, scope: str = DataScope.ACCEPTED, label: str = "",
              supersedes: EvaluationRun | None = None, run_now: Callable[[int], object] | None = None) -> EvaluationRun:
    """Store a queued run and dispatch it; returns the run at once (``run.reused`` when an identical run was
    already queued or running: then that one). ``run_now`` executes it in-process instead (demo, benchmarks)."""
    _check(can_start_run(user))
    method = dict(method or {})
    if not 0 <= int(replicates) <= MAX_REPLICATES:
        raise RunRefused(_("不确定性分析重复次数须在 0–%(max)d 之间。") % {"max": MAX_REPLICATES})
    scenarios = method.get("scenarios") or []
    if not isinstance(scenarios, list) or len(scenarios) > MAX_SCENARIOS or not all(
            isinstance(s, dict) for s in scenarios):
        raise RunRefused(_("情景分析最多 %(max)d 个，每个须为包含 id、weights、method 的对象。") % {"max": MAX_SCENARIOS})
    _check_sensitivity(method.get("sensitivity"))
    try:
        resolve_method({k: v for k, v in method.items() if k not in ("uncertainty", "scenarios")})
    except EvaluationError as exc:
        raise RunRefused(engine_error_text(exc)) from None
    fingerprint = request_fingerprint(year, framework.pk, method, replicates, seed, scope)
    drawn = secrets.randbelow(2**31) if seed is None else int(seed)
    try:
        with transaction.atomic():
            run = EvaluationRun.objects.create(
                year=year, framework=framework, data_scope=scope, label=label[:200], method_input=method,
                method=method, replicates=int(replicates), seed=drawn, created_by=user, supersedes=supersedes,
                progress_message=gettext_noop("已进入队列"), request_sha256=fingerprint,
            )
            record(user, "evaluations.run.queued", run, after={
                "year": year, "framework": str(framework), "replicates": run.replicates, "seed": drawn, "scope": scope,
            }, summary=f"发起{run}")
    except IntegrityError:
        existing = active_run(fingerprint)
        if existing is None:
            raise
        existing.reused = True
        return existing
    run.reused = False
    (run_now or dispatch)(run.pk)
    run.refresh_from_db()
    run.reused = False
    return run


# --- status changes (the only places a run's status is written) -----------------------------------


def mark_running(run_id: int) -> int | None:
    """Claim a queued run for this worker; returns the attempt number, None when it is not queued."""
    run = EvaluationRun.objects.filter(pk=run_id).first()
    if run is None or run.status != RunStatus.QUEUED:
        return None
    now = clock.now()
    outcome = apply_transition(None, run, "claim", kind="evaluation_run", fields={
        "started_at": now, "heartbeat_at": now, "progress": 1, "progress_message": STATUS_MESSAGES["claim"]})
    return run.attempt if outcome.allowed else None


def mark_finished(run_id: int, attempt: int, audit: dict | None = None, **fields) -> bool:
    """Store the outcome of the run's ``attempt`` (inside the caller's transaction with its result rows);
    False when the run is no longer this attempt's (then the caller rolls back)."""
    run = EvaluationRun.objects.get(pk=run_id)
    run._audit_extra = audit or {}
    now = clock.now()
    outcome = apply_transition(None, run, "finish", kind="evaluation_run", context_kw={"expected_attempt": attempt},
                               fields={"progress": 100, "progress_message": STATUS_MESSAGES["finish"],
                                       "finished_at": now, "heartbeat_at": now, **fields})  # fmt: skip
    return outcome.allowed


def mark_failed(run_id: int, message, attempt: int | None = None, *, statuses=ACTIVE_STATUSES) -> bool:
    """Fail the run (its ``attempt`` when given) if it is still queued or running; audited and notified."""
    run = EvaluationRun.objects.filter(pk=run_id).first()
    if run is None or run.status not in statuses:
        return False
    run._audit_extra = {"attempt": run.attempt}
    outcome = apply_transition(
        None, run, "fail", {"reason": str(message)[:2000]}, kind="evaluation_run",
        context_kw={"expected_attempt": attempt, "expected_states": statuses},
        fields={"error": str(message), "finished_at": clock.now(), "progress_message": STATUS_MESSAGES["fail"]},
    )
    return outcome.allowed


def requeue(user, run: EvaluationRun) -> EvaluationRun:
    """Put a failed run back in the queue as its next attempt (ministry); audited."""
    _check(can_start_run(user))
    try:
        outcome = apply_transition(user, run, "retry", kind="evaluation_run", fields={
            "error": "", "progress": 0, "started_at": None, "finished_at": None, "heartbeat_at": None,
            "progress_message": STATUS_MESSAGES["retry"]})
    except NotAllowed as refused:
        raise RunRefused(refused.reason, forbidden=True) from None
    except IntegrityError:
        other = active_run(run.request_sha256)
        raise RunRefused(_("相同设置的%(run)s正在排队或运行，无需重试。") % {"run": other or ""}) from None
    if not outcome.allowed:
        raise RunRefused("；".join(render_lines(outcome.decision)))
    return EvaluationRun.objects.get(pk=run.pk)


def retry_run(user, run: EvaluationRun) -> EvaluationRun:
    """Requeue a failed run (committed), then hand it to the dispatcher like a new one."""
    run = requeue(user, run)
    dispatch(run.pk)
    run.refresh_from_db()
    return run


# --- executing ------------------------------------------------------------------------------------


def _progress(run_id: int, attempt: int):
    def report(percent: int, message: str) -> None:
        EvaluationRun.objects.filter(pk=run_id, attempt=attempt, status=RunStatus.RUNNING).update(
            progress=max(0, min(100, percent)), progress_message=message[:200], heartbeat_at=timezone.now())
    return report


def execute_run(run_id: int, *, heartbeat: float | None = None) -> EvaluationRun:
    """Build the input, run the engine, store the results: the body of the background job."""
    attempt = mark_running(run_id)
    if attempt is None:
        return EvaluationRun.objects.get(pk=run_id)
    run = EvaluationRun.objects.select_related("framework", "created_by").get(pk=run_id)
    report = _progress(run_id, attempt)
    try:
        with Heartbeat(run_id, attempt, interval=heartbeat):
            run_input = build_input(run.year, run.framework, run.data_scope)
            computed = compute(run_input.frame, run_input.framework, run.method_input, run.replicates, run.seed,
                               report)
            report(88, gettext_noop("写入结果"))
            counties = county_rows(computed, run_input)
            indicators = indicator_rows(computed, run_input, counties)
            nodes = node_rows(computed)
            sums = checksums(counties, indicators, nodes, computed.audit, computed.scenarios, computed.sensitivity)
            scope = measure((c["county_id"] for c in counties), run.year)
            if run_input.not_valid:
                computed.warnings.append(
                    f"regions: {len(run_input.not_valid)} unit(s) with values are not valid in {run.year} and were "
                    f"left out: {', '.join(run_input.not_valid[:20])}")
            with transaction.atomic():
                write_rows(run, counties, indicators, nodes, computed.audit, computed.scenarios, computed.sensitivity)
                if not mark_finished(
                    run_id, attempt, audit={"units": len(counties), "input_sha256": computed.input_sha256,
                                            "config_sha256": computed.config_sha256, "result_sha256": sums["combined"],
                                            "coverage": scope.summary()},
                    method=computed.method, config_sha256=computed.config_sha256,
                    input_sha256=computed.input_sha256, result_checksums=sums, result_sha256=sums["combined"],
                    engine_version=ENGINE_VERSION, applied_rules=computed.applied_rules, warnings=computed.warnings[:200],
                    unit_count=len(counties), failed_replicates=computed.failed_replicates,
                    synthetic_data=run_input.synthetic, data_round=run_input.data_round, coverage=scope.as_json(),
                ):
                    raise _Superseded
                run.refresh_from_db()
    except _Superseded:
        log.warning("evaluation run %s attempt %s finished after it was given up; results discarded", run_id, attempt)
    except (EvaluationError, RunInputError) as exc:
        mark_failed(run_id, exc if isinstance(exc, RunInputError) else engine_error_text(exc), attempt)
    except Exception as exc:  # anything else still ends the run, with the reason kept
        log.exception("evaluation run %s failed", run_id)
        mark_failed(run_id, f"内部错误：{type(exc).__name__}: {exc}", attempt)
    return EvaluationRun.objects.get(pk=run_id)


class _Superseded(Exception):
    """The run was failed as stale (or retried) while this attempt computed."""


def fail_stale_runs(now: dt.datetime | None = None, only: int | None = None) -> int:
    """Mark failed every running run whose heartbeat is older than the timeout, and every queued run nobody
    picked up in time (``only``: just that run); returns how many."""
    now = now or timezone.now()
    beat_limit = int(settings.EVALUATION_HEARTBEAT_TIMEOUT)
    queue_limit = int(settings.EVALUATION_QUEUE_TIMEOUT)
    beat_since = now - dt.timedelta(seconds=beat_limit)
    runs = EvaluationRun.objects.all() if only is None else EvaluationRun.objects.filter(pk=only)
    stale = runs.filter(Q(status=RunStatus.RUNNING) & (
        Q(heartbeat_at__lt=beat_since) | Q(heartbeat_at__isnull=True, started_at__lt=beat_since)))
    waiting = runs.filter(status=RunStatus.QUEUED, created_at__lt=now - dt.timedelta(seconds=queue_limit))
    failed = 0
    for run_id, attempt in stale.values_list("pk", "attempt"):
        failed += mark_failed(run_id, _(WORKER_STOPPED) % {"seconds": beat_limit}, attempt,
                              statuses=(RunStatus.RUNNING,))
    for run_id, attempt in waiting.values_list("pk", "attempt"):
        failed += mark_failed(run_id, _(NEVER_PICKED_UP) % {"seconds": queue_limit}, attempt,
                              statuses=(RunStatus.QUEUED,))
    return failed


def fail_if_stale(run: EvaluationRun) -> EvaluationRun:
    """Check one run on reading (the run page, its progress poll, the API); refreshed when it changed."""
    if run.status in ACTIVE_STATUSES and fail_stale_runs(only=run.pk):
        run.refresh_from_db()
    return run


# --- publishing -----------------------------------------------------------------------------------


def publish_run(user, run: EvaluationRun, *, public_visible: bool = False, confirm_partial: bool = False,
                confirm: bool = False) -> EvaluationRun:
    """Publish a succeeded run (the ``run_publication`` workflow's ``publish``: consequential, so ``confirm``):
    provinces and counties see it; ``public_visible`` opens it to the public. A run of partial coverage needs
    ``confirm_partial`` (the refusal names what is missing). The run's framework is locked."""
    _check(can_publish_run(user, run))
    try:
        outcome = apply_transition(user, run, "publish", {"confirm": confirm, "confirm_partial": confirm_partial,
                                                          "public_visible": public_visible}, kind="run_publication")
    except NotAllowed as refused:
        raise RunRefused(refused.reason, forbidden=True) from None
    if not outcome.allowed:
        raise RunRefused("；".join(render_lines(outcome.decision)))
    return EvaluationRun.objects.select_related("framework").get(pk=run.pk)


def set_public_visibility(user, run: EvaluationRun, public_visible: bool) -> EvaluationRun:
    _check(can_publish_run(user, run))
    with transaction.atomic():
        run = EvaluationRun.objects.select_for_update().get(pk=run.pk)
        if not run.published:
            raise RunRefused(_("请先发布该评价运行。"))
        before = run.public_visible
        run.public_visible = bool(public_visible)
        run.save(update_fields=["public_visible"])
        forget_on_commit()  # what the public sees changed: cached public pages carry the publication stamp
        record(user, "evaluations.run.visibility", run, before={"public_visible": before},
               after={"public_visible": run.public_visible}, summary=f"调整{run}的公开范围")
    return run
