"""Batch pages: the list, one batch with its call and quotas, the ministry's form and status changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import ensure
from innocounty.accounts.models import Role
from innocounty.accounts.permissions import can_manage_programme, user_roles
from innocounty.batches.forms import BatchForm, parse_quotas, quota_fields
from innocounty.batches.models import Batch
from innocounty.batches.services import change_status, save_batch
from innocounty.common.labels import describe_window, theme_label
from innocounty.common.render import render_lines
from innocounty.programme import APPLICATION, ApplicationState, BatchStatus
from innocounty.programme.batch_lifecycle import BATCH_TRANSITIONS, batch_setup_problems
from innocounty.programme.deadlines import today_in_china
from innocounty.workflow.actors import core_roles


def batches_visible_to(user):
    if can_manage_programme(user):
        return Batch.objects.all()
    return Batch.objects.exclude(status=BatchStatus.DRAFT.value)


@login_required
def batch_list(request):
    return render(request, "batches/list.html", {"batches": batches_visible_to(request.user),
                                                  "may_manage": bool(can_manage_programme(request.user))})  # fmt: skip


@login_required
def batch_detail(request, pk: int):
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    roles = user_roles(request.user)
    counties = [a.county for a in roles if a.role == Role.COUNTY_OFFICER]
    provinces = [a.province for a in roles if a.role == Role.PROVINCIAL_OFFICER]
    own = {
        a.county_id: a
        for a in batch.applications.filter(county__in=counties).exclude(state=ApplicationState.WITHDRAWN.value)
    }
    seen_by = core_roles(request.user)
    manage = bool(can_manage_programme(request.user))
    context = {
        "batch": batch,
        "today": today_in_china(),
        "window_text": describe_window(batch.application_window, today_in_china()),
        "quota_rows": batch.provinces.select_related("province").order_by("province_id"),
        "county_rows": [{"county": c, "application": own.get(c.code),
                         "state": APPLICATION.state_shown_to(ApplicationState(own[c.code].state), seen_by)
                         if c.code in own else None}
                        for c in counties],
        "provinces": provinces,
        "may_manage": manage,
        "setup_problems": batch_setup_problems(batch.draft()) if manage and batch.status == "draft" else [],
        "status_actions": [t for t in BATCH_TRANSITIONS if BatchStatus(batch.status) in t.from_states] if manage else [],
        "stage_labels": batch.stage_labels(),
        "theme_labels": [theme_label(t) for t in batch.theme_objects],
    }
    return render(request, "batches/detail.html", context)


def _edit(request, batch: Batch | None):
    ensure(can_manage_programme(request.user))
    if batch is not None and batch.status not in ("draft", "open"):
        messages.error(request, _("已截止或已归档的批次不能修改。"))
        return redirect("batches:detail", pk=batch.pk)
    form = BatchForm(request.POST or None, instance=batch)
    quotas, quota_errors = ({}, [])
    if request.method == "POST":
        quotas, quota_errors = parse_quotas(request.POST)
        if form.is_valid() and not quota_errors:
            obj = form.save(commit=False)
            decision = save_batch(request.user, obj, quotas)
            if decision.allowed:
                messages.success(request, _("批次已保存。"))
                return redirect("batches:detail", pk=obj.pk)
            quota_errors = render_lines(decision)
    rows = quota_fields(request.POST if request.method == "POST" else None, batch.quotas() if batch else {})
    return render(request, "batches/form.html", {"form": form, "batch": batch, "quota_rows": rows,
                                                 "quota_errors": quota_errors})  # fmt: skip


@login_required
def batch_create(request):
    return _edit(request, None)


@login_required
def batch_edit(request, pk: int):
    return _edit(request, get_object_or_404(Batch, pk=pk))


@login_required
@require_POST
def batch_transition(request, pk: int, name: str):
    batch = get_object_or_404(Batch, pk=pk)
    ensure(can_manage_programme(request.user))
    if name not in {t.name for t in BATCH_TRANSITIONS}:
        raise Http404
    outcome = change_status(request.user, batch, name, {"confirm": request.POST.get("confirm") == "1"})
    if outcome.allowed:
        messages.success(request, _("批次状态已更新。"))
    else:
        for message in render_lines(outcome.decision):
            messages.error(request, message)
    return redirect("batches:detail", pk=batch.pk)
