"""The ministry's panel pages: per batch the settings, the proposal and its quality, the panels with their
slots (adjust, remove, replace from the ranked list), confirmation; per application every review and the
aggregation, with reopening."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.applications.models import Application
from innocounty.batches.models import Batch
from innocounty.common.bounds import ID_MAX, ID_MIN
from innocounty.common.params import parse_int
from innocounty.common.refusals import ensure
from innocounty.common.render import consequence_text, render_lines, render_problem
from innocounty.experts import services
from innocounty.experts.bindings import consultation_open, rubric_for
from innocounty.experts.forms import PanelSettingsForm, ProposeForm, ThresholdForm
from innocounty.experts.models import Assignment, BatchRubric, Expert, Review
from innocounty.experts.permissions import can_manage_pool, can_view_panels
from innocounty.experts.pool import candidate_applications
from innocounty.experts.summaries import disagreement_rule, panel_summaries
from innocounty.programme import Problem
from innocounty.programme.consultation import ASSIGNMENT, REVIEW
from innocounty.workflow.adapter import apply_transition


def _report(request, outcome) -> None:
    for line in render_lines(outcome.decision):
        messages.error(request, line)


@login_required
def batches(request):
    ensure(can_view_panels(request.user))
    rows = [b for b in Batch.objects.exclude(status="draft") if consultation_open(b)]
    return render(request, "experts/batches.html", {"batches": rows})


@login_required
def batch_panels(request, batch_pk: int):
    ensure(can_view_panels(request.user))
    batch = get_object_or_404(Batch, pk=batch_pk)
    plan = services.plan_for(batch)
    apps = list(candidate_applications(batch))
    assignments = (Assignment.objects.filter(batch=batch).select_related("expert__province")
                   .order_by("application_id", "pk"))  # fmt: skip
    by_app: dict[int, list] = {}
    for a in assignments:
        by_app.setdefault(a.application_id, []).append(a)
    quality = plan.quality or {}
    per = quality.get("per_candidate", {})
    summaries = panel_summaries(batch)
    rows = [{"app": app, "slots": by_app.get(app.pk, []), "quality": per.get(str(app.pk)),
             "summary": summaries.get(app.pk),
             "live": sum(1 for a in by_app.get(app.pk, []) if a.state in ("proposed", "invited", "accepted", "declared"))}
            for app in apps]  # fmt: skip
    load_of = {int(k): v for k, v in quality.get("loads", {}).items() if str(k).isdigit()}
    named = Expert.objects.in_bulk(list(load_of))
    loads = sorted(((named[k], v) for k, v in load_of.items() if k in named), key=lambda x: -x[1])[:200]
    may_manage = bool(can_manage_pool(request.user))
    return render(request, "experts/batch.html", {
        "batch": batch, "plan": plan, "rows": rows, "quality": quality, "loads": loads, "may_manage": may_manage,
        "settings_form": PanelSettingsForm(initial={"panel_size": plan.panel_size, "max_load": plan.max_load}),
        "propose_form": ProposeForm(initial={"time_limit": services.time_limit_default()}),
        "time_limit_max": services.time_limit_max(),
        "experts": Expert.objects.filter(active=True).select_related("province").order_by("name"),
        "remove_consequence": consequence_text(ASSIGNMENT.transition("remove")),
        "invite_count": sum(1 for a in assignments if a.state == "proposed"),
        "open": consultation_open(batch),
        "problems": [render_problem(Problem(p["code"], p["message"], params=p.get("params") or {}))
                     for p in quality.get("problems", [])],
    })  # fmt: skip


@login_required
@require_POST
def panel_settings(request, batch_pk: int):
    ensure(can_manage_pool(request.user))
    batch = get_object_or_404(Batch, pk=batch_pk)
    form = PanelSettingsForm(request.POST)
    if form.is_valid():
        plan = services.plan_for(batch)
        plan.panel_size, plan.max_load = form.cleaned_data["panel_size"], form.cleaned_data["max_load"]
        plan.save(update_fields=["panel_size", "max_load"])
        messages.success(request, _("已保存评审组设置。"))
    else:
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return redirect("experts:batch", batch_pk=batch.pk)


@login_required
@require_POST
def propose_view(request, batch_pk: int):
    ensure(can_manage_pool(request.user))
    batch = get_object_or_404(Batch, pk=batch_pk)
    form = ProposeForm(request.POST)
    limit = form.cleaned_data["time_limit"] if form.is_valid() else services.time_limit_default()
    proposal = services.run_proposal(request.user, batch, limit)
    if proposal.feasible:
        messages.success(
            request,
            _("已生成分配方案（%(solver)s，%(s).1f 秒）。")
            % {"solver": proposal.solver, "s": proposal.seconds},
        )
    else:
        messages.error(request, _("没有满足全部硬性规则的分配方案，原因见下。"))
    return redirect("experts:batch", batch_pk=batch.pk)


@login_required
@require_POST
def slot_view(request, batch_pk: int):
    """Put an expert on an application's panel (optionally in place of one slot)."""
    ensure(can_manage_pool(request.user))
    batch = get_object_or_404(Batch, pk=batch_pk)
    app_id, expert_id = (
        parse_int(request.POST.get(k, ""), ID_MIN, ID_MAX) for k in ("application", "expert")
    )
    app = get_object_or_404(Application, pk=app_id or 0, batch=batch)
    expert = Expert.objects.filter(pk=expert_id).first() if expert_id else None
    if expert is None:
        messages.error(request, _("专家库中没有这位专家"))
        return redirect("experts:batch", batch_pk=batch.pk)
    replacing_id = parse_int(request.POST.get("replacing", ""), ID_MIN, ID_MAX)
    replacing = get_object_or_404(Assignment, pk=replacing_id, application=app) if replacing_id else None
    outcome, _new = services.assign_slot(request.user, batch, app, expert, replacing)
    if outcome.allowed:
        messages.success(
            request,
            _("已将%(expert)s分配到%(county)s。") % {"expert": expert.name, "county": app.county.name},
        )
    else:
        _report(request, outcome)
    return redirect("experts:batch", batch_pk=batch.pk)


@login_required
@require_POST
def remove_view(request, pk: int):
    ensure(can_manage_pool(request.user))
    a = get_object_or_404(Assignment.objects.select_related("expert", "application"), pk=pk)
    outcome = apply_transition(request.user, a, "remove", {"reason": request.POST.get("reason", "").strip()[:2000],
                                                          "confirm": request.POST.get("confirm") == "1"})  # fmt: skip
    if outcome.allowed:
        messages.success(request, _("已撤销分配。"))
    else:
        _report(request, outcome)
    return redirect("experts:batch", batch_pk=a.batch_id)


@login_required
@require_POST
def confirm_view(request, batch_pk: int):
    ensure(can_manage_pool(request.user))
    batch = get_object_or_404(Batch, pk=batch_pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("「确认分配并发出邀请」须确认后办理"))
        return redirect("experts:batch", batch_pk=batch.pk)
    n = services.confirm_proposal(request.user, batch)
    messages.success(request, _("已向%(n)d个评审位置的专家发出邀请。") % {"n": n})
    return redirect("experts:batch", batch_pk=batch.pk)


@login_required
def replacements_view(request, batch_pk: int, app_pk: int):
    ensure(can_manage_pool(request.user))
    batch = get_object_or_404(Batch, pk=batch_pk)
    app = get_object_or_404(Application.objects.select_related("county__province"), pk=app_pk, batch=batch)
    ranked = services.ranked_replacements(batch, app, limit=15)
    experts = {
        e.pk: e for e in Expert.objects.filter(pk__in=[e for e, _ in ranked]).select_related("province")
    }
    return render(request, "experts/replacements.html", {
        "batch": batch, "app": app, "rows": [(experts[e], m) for e, m in ranked if e in experts],
    })  # fmt: skip


@login_required
def application_panel(request, app_pk: int):
    """Every review of one application with the aggregation (ministry and auditors)."""
    ensure(can_view_panels(request.user))
    app = get_object_or_404(Application.objects.select_related("batch", "county__province"), pk=app_pk)
    rubric = rubric_for(app.batch)
    reviews = list(
        Review.objects.filter(application=app).select_related("expert", "assignment").order_by("pk")
    )
    return render(request, "experts/application_panel.html", {
        "app": app, "rubric": rubric, "reviews": reviews, "summary": panel_summaries(app.batch).get(app.pk),
        "rule": disagreement_rule(app.batch), "may_manage": bool(can_manage_pool(request.user)),
        "reopen_consequence": consequence_text(REVIEW.transition("reopen")),
    })  # fmt: skip


@login_required
@require_POST
def reopen_view(request, pk: int):
    ensure(can_manage_pool(request.user))
    review = get_object_or_404(Review.objects.select_related("assignment", "expert", "application"), pk=pk)
    outcome = apply_transition(request.user, review, "reopen", {"reason": request.POST.get("reason", "").strip()[:2000],
                                                               "confirm": request.POST.get("confirm") == "1"})  # fmt: skip
    if outcome.allowed:
        messages.success(request, _("已退回评议意见。"))
    else:
        _report(request, outcome)
    return redirect("experts:panel", app_pk=review.application_id)


@login_required
def rubric_view(request, batch_pk: int):
    """The batch's rubric (read) and the disagreement thresholds (edit); criteria edited as rows."""
    ensure(can_view_panels(request.user))
    batch = get_object_or_404(Batch, pk=batch_pk)
    row = BatchRubric.objects.filter(batch=batch).first()
    rule = disagreement_rule(batch)
    form = ThresholdForm(request.POST or None, initial={"max_range": rule.max_range, "max_sd": rule.max_sd})
    problems = []
    if request.method == "POST":
        ensure(can_manage_pool(request.user))
        if Review.objects.filter(assignment__batch=batch).exists():
            messages.error(request, _("已有专家开始评议，评分标准不能再修改。"))
            return redirect("experts:rubric", batch_pk=batch.pk)
        from innocounty.experts.rubric_edit import criteria_from_post, save_rubric

        rubric, problems = criteria_from_post(request.POST)
        if form.is_valid() and not problems:
            with transaction.atomic():
                save_rubric(request.user, batch, rubric, form.cleaned_data)
            messages.success(request, _("已保存评分标准。"))
            return redirect("experts:rubric", batch_pk=batch.pk)
    return render(request, "experts/rubric.html", {
        "batch": batch, "rubric": row.rubric() if row else rubric_for(batch), "form": form, "problems": problems,
        "may_manage": bool(can_manage_pool(request.user)),
        "locked": Review.objects.filter(assignment__batch=batch).exists(),
    }, status=422 if problems else 200)  # fmt: skip
