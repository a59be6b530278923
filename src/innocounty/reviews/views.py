"""Screening pages: the province's recommendation desk, the ministry's formal review and data evaluation."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import ensure, forbidden_response
from innocounty.accounts.permissions import (
    can_act_for_province,
    can_manage_programme,
    can_view_nation,
    can_view_province,
)
from innocounty.applications.models import AT_MINISTRY_STATES, Application
from innocounty.applications.permissions import state_shown_to
from innocounty.applications.views import report_refusal, visible_application
from innocounty.applications.workflow import NotAllowed, actions_for_many, list_context, submit_province_list
from innocounty.batches.models import Batch, BatchProvince
from innocounty.common.bounds import PRIORITY_MAX, PRIORITY_MIN
from innocounty.common.labels import transition_label
from innocounty.common.params import parse_int
from innocounty.common.render import consequence_text, render_lines
from innocounty.programme.workflow import DATA_EVALUATION, PROVINCE_LIST
from innocounty.regions.models import Province
from innocounty.reviews import services
from innocounty.reviews.desks import desks_for
from innocounty.reviews.models import FormalReview
from innocounty.reviews.tables import (
    balance_tables,
    candidate_rows,
    dimension_columns,
    indicator_matrix,
    province_rows,
)


@login_required
def index(request):
    """``/reviews/``: every review page the user may open, per batch (not a Django debug 404)."""
    rows = desks_for(request.user)
    if not rows:
        return forbidden_response(request, _("您的角色不参与评审；省级科技管理部门、科技部和审计员可查看评审页面。"))
    return render(request, "reviews/index.html", {"rows": rows})


def _batch(pk: int) -> Batch:
    return get_object_or_404(Batch.objects.exclude(status="draft"), pk=pk)


@login_required
def province_desk(request, batch_pk: int, code: str):
    batch, province = _batch(batch_pk), get_object_or_404(Province, code=code)
    ensure(can_view_province(request.user, province))
    run, rows = province_rows(batch, province)
    acting = bool(can_act_for_province(request.user, province))
    actions = actions_for_many(request.user, [row["app"] for row in rows]) if acting else {}
    for row in rows:
        row["actions"] = actions.get(row["app"].pk, [])
        row["state"] = state_shown_to(request.user, row["app"])
    quota_row = BatchProvince.objects.filter(batch=batch, province=province).first()
    list_submit = list_consequence = None
    list_refusal = []
    if acting and quota_row is not None:
        ctx = list_context(request.user, quota_row)
        list_submit = next((t for t in PROVINCE_LIST.available(ctx) if t.name == "submit"), None)
        if list_submit is not None:
            list_consequence = consequence_text(list_submit, ctx)
        elif not quota_row.list_submitted:
            list_refusal = render_lines(PROVINCE_LIST.check("submit", replace(ctx, inputs={"confirm": True})))
    recommended = sum(1 for r in rows if r["app"].state == "recommended")
    quota = quota_row.quota if quota_row else 0
    listed = bool(quota_row and quota_row.list_submitted)
    return render(request, "reviews/province.html", {
        "batch": batch, "province": province, "rows": rows, "run": run, "acting": acting,
        "quota": quota, "quota_row": quota_row, "recommended": recommended,
        "forwarded": sum(1 for r in rows if r["app"].state in AT_MINISTRY_STATES),
        # Said in words: at a full quota the 推荐 button is not offered for the other applications.
        "quota_full": acting and not listed and quota > 0 and recommended >= quota
        and any(r["app"].state == "submitted" for r in rows),
        "next": request.path, "list_submit": list_submit, "list_consequence": list_consequence,
        "list_refusal": list_refusal,
    })  # fmt: skip


@login_required
@require_POST
def province_submit_list(request, batch_pk: int, code: str):
    batch, province = _batch(batch_pk), get_object_or_404(Province, code=code)
    try:
        outcome = submit_province_list(request.user, batch, province, {"confirm": request.POST.get("confirm") == "1"})
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    if outcome.allowed:
        messages.success(request, _("推荐名单已报送科技部，名单已锁定。"))
    else:
        report_refusal(request, outcome.decision)
    return redirect("reviews:province", batch_pk=batch.pk, code=province.code)


@login_required
@require_POST
def move_priority(request, pk: int):
    app = visible_application(request.user, pk)
    raw = request.POST.get("priority", "").strip()
    priority = parse_int(raw, PRIORITY_MIN, PRIORITY_MAX) or 0
    try:
        outcome = services.move_priority(request.user, app, priority)
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    if not outcome.allowed:
        report_refusal(request, outcome.decision)
    return redirect("reviews:province", batch_pk=app.batch_id, code=app.county.province_id)


@login_required
def overview(request, batch_pk: int):
    batch = _batch(batch_pk)
    ensure(can_view_nation(request.user))
    counts = {}
    for row in Application.objects.filter(batch=batch).exclude(state="draft").values("county__province_id", "state").annotate(n=Count("id")).order_by():
        counts.setdefault(row["county__province_id"], {})[row["state"]] = row["n"]
    for per_state in counts.values():
        per_state["at_ministry"] = sum(per_state.get(s, 0) for s in AT_MINISTRY_STATES)
    rows = [{"quota": q, "counts": counts.get(q.province_id, {})} for q in batch.provinces.select_related("province")]
    return render(request, "reviews/overview.html", {"batch": batch, "rows": rows})


@login_required
def formal_list(request, batch_pk: int):
    batch = _batch(batch_pk)
    ensure(can_view_nation(request.user))
    apps = Application.objects.filter(batch=batch, state__in=AT_MINISTRY_STATES).select_related("county__province")
    reviews = {r.application_id: r for r in FormalReview.objects.filter(application__batch=batch)}
    rows = [{"app": a, "review": reviews.get(a.pk)} for a in apps.order_by("county__province_id", "recommendation_priority")]
    return render(request, "reviews/formal_list.html", {"batch": batch, "rows": rows})


@login_required
def formal_review(request, pk: int):
    app = visible_application(request.user, pk)
    ensure(can_view_nation(request.user))
    if request.method == "POST":
        ensure(can_manage_programme(request.user))
        passed = request.POST.get("decision") == "pass"
        try:
            outcome = services.formal_review(request.user, app, passed, request.POST.get("reason", "").strip(),
                                             request.POST.getlist("failed_items"), request.POST.get("confirm") == "1")  # fmt: skip
        except NotAllowed as refused:
            return forbidden_response(request, refused.reason)
        if outcome.allowed:
            messages.success(request, _("已完成：%(action)s。") % {"action": transition_label(outcome)})
            return redirect("reviews:formal_list", batch_pk=app.batch_id)
        report_refusal(request, outcome.decision)
        return redirect("reviews:formal_review", pk=app.pk)
    return render(request, "reviews/formal_review.html", {
        "app": app, "items": services.checklist_for(request.user, app),
        "review": FormalReview.objects.filter(application=app).first(),
        "may_review": app.state == "forwarded" and bool(can_manage_programme(request.user)),
    })  # fmt: skip


@login_required
def data_evaluation(request, batch_pk: int):
    batch = _batch(batch_pk)
    ensure(can_view_nation(request.user))
    run, rows = candidate_rows(batch)
    ctx = services.evaluation_context(request.user, batch)
    close = next((t for t in DATA_EVALUATION.available(ctx) if t.name == "close"), None)
    return render(request, "reviews/data_evaluation.html", {
        "batch": batch, "run": run, "rows": rows, "balance": balance_tables(rows),
        "dimensions": dimension_columns(run) if run else [],
        "may_mark": bool(can_manage_programme(request.user)) and not batch.data_evaluation_closed,
        "close_consequence": consequence_text(close, ctx) if close else "", "may_close": close is not None,
    })  # fmt: skip


@login_required
def data_evaluation_indicators(request, batch_pk: int):
    """The candidates' every indicator from the batch's run, beside the data-evaluation table."""
    batch = _batch(batch_pk)
    ensure(can_view_nation(request.user))
    run, rows = candidate_rows(batch)
    columns, matrix = indicator_matrix(run, rows) if run else ([], [])
    return render(request, "reviews/data_evaluation_indicators.html", {
        "batch": batch, "run": run, "columns": columns, "matrix": matrix,
    })  # fmt: skip


@login_required
@require_POST
def mark(request, pk: int):
    app = visible_application(request.user, pk)
    try:
        outcome = services.mark_for_consultation(request.user, app, request.POST.get("selected") == "1",
                                                 request.POST.get("reason", "").strip())  # fmt: skip
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    if not outcome.allowed:
        report_refusal(request, outcome.decision)
    return redirect("reviews:data_evaluation", batch_pk=app.batch_id)


@login_required
@require_POST
def close_evaluation(request, batch_pk: int):
    batch = _batch(batch_pk)
    try:
        outcome = services.close_data_evaluation(request.user, batch, {"confirm": request.POST.get("confirm") == "1"})
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    if outcome.allowed:
        messages.success(request, _("数据评价已结束。"))
    else:
        report_refusal(request, outcome.decision)
    return redirect("reviews:data_evaluation", batch_pk=batch.pk)
