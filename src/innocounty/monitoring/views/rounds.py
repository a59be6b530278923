"""Data rounds: the list (every role, each seeing its scope), opening and closing (ministry), the
per-province status table (ministry, auditors) and the national CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.permissions import can_view_nation
from innocounty.common.render import consequence_text
from innocounty.monitoring import rounds as round_service
from innocounty.monitoring.bindings import round_context
from innocounty.monitoring.export import round_table
from innocounty.monitoring.forms import RoundForm
from innocounty.monitoring.models import DataRound, SubmissionState
from innocounty.monitoring.permissions import can_export_round_data, can_open_round, can_view_rounds
from innocounty.monitoring.queries import (
    round_status_counts,
    submission_table,
    submissions_visible_to,
    user_county_codes,
)
from innocounty.monitoring.views.common import csv_response, posted_confirm, refuse_unless
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.programme.data_workflows import ROUND
from innocounty.regions.models import County


@login_required
def round_list(request):
    if refused := refuse_unless(request, can_view_rounds(request.user)):
        return refused
    rounds = list(DataRound.objects.select_related("framework", "opened_by"))
    nation = bool(can_view_nation(request.user))
    own = {}
    for submission in submissions_visible_to(request.user).filter(data_round__in=rounds):
        own.setdefault(submission.data_round_id, []).append(submission)
    counties = list(County.objects.filter(code__in=user_county_codes(request.user)).order_by("code"))
    for data_round in rounds:
        data_round.my_submissions = [] if nation else own.get(data_round.pk, [])
        data_round.status_counts = round_status_counts(data_round) if nation else {}
    return render(request, "monitoring/round_list.html", {
        "rounds": rounds, "nation": nation, "my_counties": counties,
        "can_open": bool(can_open_round(request.user)), "states": SubmissionState,
    })


@login_required
def round_create(request):
    if refused := refuse_unless(request, can_open_round(request.user)):
        return refused
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            data_round = round_service.open_round(
                request.user, data["year"], data["framework"], data["deadline"], data["notes"]
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.reason)
        else:
            messages.success(request, _("已发起%(round)s填报，各省已收到通知。") % {"round": data_round})
            return redirect("monitoring:round", pk=data_round.pk)
    return render(request, "monitoring/round_form.html", {"form": form})


@login_required
def round_detail(request, pk: int):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=pk)
    if not can_view_nation(request.user):
        own = submissions_visible_to(request.user).filter(data_round=data_round).first()
        if own is not None:
            return redirect("monitoring:submission", pk=own.pk)
    if refused := refuse_unless(request, can_view_nation(request.user)):
        return refused
    return render(request, "monitoring/round_detail.html", {
        "round": data_round, "submissions": submission_table(data_round),
        "status_counts": round_status_counts(data_round), "can_manage": bool(can_open_round(request.user)),
        "states": SubmissionState,
        "close_consequence": consequence_text(ROUND.transition("close"), round_context(request.user, data_round)),
    })


@login_required
@require_POST
def round_close(request, pk: int):
    data_round = get_object_or_404(DataRound, pk=pk)
    if refused := refuse_unless(request, can_open_round(request.user)):
        return refused
    try:
        round_service.close_round(request.user, data_round, confirm=posted_confirm(request))
        messages.success(request, _("已关闭%(round)s填报。") % {"round": data_round})
    except TransitionRefused as exc:
        messages.error(request, exc.reason)
    return redirect("monitoring:round", pk=pk)


@login_required
def round_export(request, pk: int):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=pk)
    if refused := refuse_unless(request, can_export_round_data(request.user, None)):
        return refused
    header, rows = round_table(data_round)
    return csv_response(f"monitoring-{data_round.year}-national.csv", header, rows)
