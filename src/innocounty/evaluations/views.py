"""Pages of the evaluation runs: the list with live progress, starting a run, a run's detail with its
configuration and checksums, publishing, and comparing two runs. (Rankings, profiles and maps are
separate pages built on :mod:`innocounty.evaluations.queries`.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import ensure, forbidden_response
from innocounty.common.bounds import YEAR_MAX, YEAR_MIN
from innocounty.common.params import query_int
from innocounty.common.render import consequence_text
from innocounty.evaluations import audit_export
from innocounty.evaluations.coverage import coverage
from innocounty.evaluations.forms import DEFAULT_SETTINGS, RunForm
from innocounty.evaluations.models import EvaluationRun, RunStatisticalAudit, RunStatus
from innocounty.evaluations.permissions import (
    can_list_runs,
    can_publish_run,
    can_start_run,
    can_view_run,
    runs_visible_to,
)
from innocounty.evaluations.runs import (
    RunRefused,
    compare_runs,
    fail_if_stale,
    publish_run,
    retry_run,
    set_public_visibility,
    start_run,
)
from innocounty.evaluations.scenarios import top_movers
from innocounty.evaluations.sensitivity import widest
from innocounty.evaluations.storage import stored_checksums
from innocounty.monitoring.models import DataRound
from innocounty.programme.data_workflows import PUBLICATION

COMPARE_SORTS = {
    "change": lambda r: (-r.abs_change, r.county_code),
    "rank_a": lambda r: (r.rank_a is None, r.rank_a or 0, r.county_code),
    "rank_b": lambda r: (r.rank_b is None, r.rank_b or 0, r.county_code),
    "code": lambda r: r.county_code,
}


def _visible_run(request, pk: int):
    run = get_object_or_404(EvaluationRun.objects.select_related("framework", "created_by", "published_by"), pk=pk)
    decision = can_view_run(request.user, run)
    if not decision:
        return run, forbidden_response(request, decision.reason)
    return fail_if_stale(run), None


def scenario_context(run) -> dict:
    """The run's scenarios (stored with its results) and the counties moving most, for the run page."""
    if run.status != RunStatus.SUCCEEDED:
        return {}
    stored = RunStatisticalAudit.objects.filter(run=run).values_list("scenarios", flat=True).first()
    return stored or {}


@login_required
def run_list(request):
    ensure(can_list_runs(request.user))
    runs = runs_visible_to(request.user)
    year = query_int(request.GET, "year", YEAR_MIN, YEAR_MAX)
    if year.error:
        messages.warning(request, year.error)
    if year:
        runs = runs.filter(year=year.value)
    page = Paginator(runs, 30).get_page(request.GET.get("page"))
    return render(request, "evaluations/run_list.html", {
        "page": page, "runs": page.object_list, "can_start": bool(can_start_run(request.user)),
        "year": str(year.value) if year else "", "querystring": f"year={year.value}" if year else "",
        "years": sorted(set(EvaluationRun.objects.values_list("year", flat=True)), reverse=True),
    })


@login_required
def run_progress(request, pk: int):
    run, refused = _visible_run(request, pk)
    if refused:
        return refused
    return render(request, "evaluations/_progress.html", {"run": run})


@login_required
def run_create(request):
    ensure(can_start_run(request.user))
    latest_round = DataRound.objects.select_related("framework").first()
    initial = dict(DEFAULT_SETTINGS)
    if latest_round is not None:
        initial.update(year=latest_round.year, framework=latest_round.framework)
    form = RunForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = start_run(request.user, data["year"], data["framework"], form.method(), data["replicates"],
                            data["seed"], scope=data["scope"], label=data["label"])
        except RunRefused as exc:
            form.add_error(None, exc.reason)
        else:
            if run.status == RunStatus.FAILED:
                messages.error(request, run.error)
            elif run.reused:
                messages.info(request, _("相同设置的%(run)s已在排队或运行中，未重复发起。") % {"run": run})
            else:
                messages.success(request, _("已发起%(run)s。") % {"run": run})
            return redirect("evaluations:run", pk=run.pk)
    return render(request, "evaluations/run_form.html", {"form": form})


@login_required
def run_detail(request, pk: int):
    run, refused = _visible_run(request, pk)
    if refused:
        return refused
    top = run.county_results.order_by("national_rank", "county_id")[:20] if run.status == RunStatus.SUCCEEDED else []
    verified = None
    if request.GET.get("verify") and run.status == RunStatus.SUCCEEDED:
        verified = stored_checksums(run) == run.result_checksums
    others = runs_visible_to(request.user).filter(year=run.year, status=RunStatus.SUCCEEDED).exclude(pk=run.pk)
    audit = audit_export.report_for(run) if run.status == RunStatus.SUCCEEDED else None
    scenarios = scenario_context(run)
    sensitivity = audit_export.sensitivity_for(run) if run.status == RunStatus.SUCCEEDED else None
    names = dict(run.county_results.values_list("county_id", "county_name")) if scenarios or sensitivity else {}
    return render(request, "evaluations/run_detail.html", {
        "audit": audit, "audit_tables": audit_export.TABLES,
        "audit_chart": audit_export.heatmap_data(audit) if audit else None,
        "audit_flags": [{**f, "label": _(audit_export.KIND_LABELS[f["kind"]])} for f in (audit or {}).get("flags", [])],
        "scenarios": scenarios, "scenario_ok": [s for s in scenarios.get("scenarios", []) if s["status"] == "ok"],
        "scenario_movers": top_movers(scenarios, names) if scenarios else [],
        "sensitivity": sensitivity, "sensitivity_widest": widest(sensitivity, names) if sensitivity else [],
        "sensitivity_tables": audit_export.SENSITIVITY_TABLES,
        "run": run, "top": top, "weights": run.node_weights.all(), "verified": verified,
        "coverage": coverage(run) if run.status == RunStatus.SUCCEEDED else None,
        "can_publish": bool(can_publish_run(request.user, run)) and run.status == RunStatus.SUCCEEDED,
        "can_retry": bool(can_start_run(request.user)) and run.status == RunStatus.FAILED,
        "publish_consequence": consequence_text(PUBLICATION.transition("publish")),
        "compare_with": others[:10],
        "uncertainty": (run.method or {}).get("uncertainty"),
    })


@login_required
def run_audit_export(request, pk: int, fmt: str):
    run, refused = _visible_run(request, pk)
    if refused:
        return refused
    report = audit_export.report_for(run)
    if report is None:
        raise Http404(_("该评价运行没有统计审计（早于统计审计功能，或尚未完成）。"))
    return audit_export.response(run, report, fmt, request.GET.get("table", "indicators"))


@login_required
def run_sensitivity_export(request, pk: int):
    run, refused = _visible_run(request, pk)
    if refused:
        return refused
    stored = audit_export.sensitivity_for(run) if run.status == RunStatus.SUCCEEDED else None
    if not stored:
        raise Http404(_("该评价运行没有敏感性分析（运行时未要求，或尚未完成）。"))
    names = dict(run.county_results.values_list("county_id", "county_name"))
    return audit_export.sensitivity_response(run, stored, request.GET.get("table", "factors"), names)


@login_required
@require_POST
def run_publish(request, pk: int):
    run = get_object_or_404(EvaluationRun, pk=pk)
    try:
        if run.published:
            set_public_visibility(request.user, run, request.POST.get("public_visible") == "on")
            messages.success(request, _("已更新公开范围。"))
        else:
            publish_run(request.user, run, public_visible=request.POST.get("public_visible") == "on",
                        confirm_partial=request.POST.get("confirm_partial") == "on",
                        confirm=request.POST.get("confirm") == "1")
            messages.success(request, _("已发布%(run)s，各省和县（市）可以查看。") % {"run": run})
    except RunRefused as exc:
        if exc.forbidden:
            return forbidden_response(request, exc.reason)
        messages.error(request, exc.reason)
    return redirect("evaluations:run", pk=run.pk)


@login_required
@require_POST
def run_retry(request, pk: int):
    run = get_object_or_404(EvaluationRun, pk=pk)
    try:
        run = retry_run(request.user, run)
    except RunRefused as exc:
        if exc.forbidden:
            return forbidden_response(request, exc.reason)
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("已重新排队%(run)s（第 %(attempt)d 次执行）。") % {"run": run, "attempt": run.attempt})
    return redirect("evaluations:run", pk=run.pk)


@login_required
def run_compare(request):
    runs = runs_visible_to(request.user).filter(status=RunStatus.SUCCEEDED)
    a, b = query_int(request.GET, "a"), query_int(request.GET, "b")
    for param in (a, b):
        if param.error:
            messages.warning(request, param.error)
    run_a = runs.filter(pk=a.value).first() if a else None
    run_b = runs.filter(pk=b.value).first() if b else None
    rows = []
    sort = request.GET.get("sort", "change")
    if run_a and run_b:
        try:
            rows = compare_runs(run_a, run_b, request.user)
        except RunRefused as exc:
            return forbidden_response(request, exc.reason)
        rows.sort(key=COMPARE_SORTS.get(sort, COMPARE_SORTS["change"]))
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    moved = [r for r in rows if r.change]
    return render(request, "evaluations/run_compare.html", {
        "choices": runs[:200], "run_a": run_a, "run_b": run_b, "page": page, "rows": page.object_list,
        "sort": sort, "moved": len(moved), "total": len(rows),
        "mean_abs": (sum(abs(r.change) for r in moved) / len(rows)) if rows else None,
    })
