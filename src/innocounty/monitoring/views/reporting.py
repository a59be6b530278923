"""A round's reporting rates (报送率): the table by province (and its counties' entries), a map, CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innocounty.monitoring.models import DataRound, SubmissionState
from innocounty.monitoring.permissions import can_view_quality, can_view_reporting, reporting_province
from innocounty.monitoring.reporting import county_rows, round_rates
from innocounty.monitoring.views.common import csv_response, refuse_unless
from innocounty.regions.models import Province

STATUS_LABELS = {
    "on_time": gettext_noop("按时报送"),
    "late": gettext_noop("逾期报送"),
    "pending": gettext_noop("尚未报送"),
    "overdue": gettext_noop("逾期未报送"),
}


def _labels() -> dict:
    return {k: _(v) for k, v in STATUS_LABELS.items()}


@login_required
def reporting(request, pk: int):
    data_round = get_object_or_404(DataRound, pk=pk)
    if refused := refuse_unless(request, can_view_reporting(request.user)):
        return refused
    code = (request.GET.get("province") or "")[:2]
    province = Province.objects.filter(code=code).first() if code else None
    nation = bool(can_view_quality(request.user))
    if province is not None and (refused := refuse_unless(request, can_view_quality(request.user, province))):
        return refused
    rates = round_rates(data_round, None if nation else reporting_province(request.user))
    labels = _labels()
    states = dict(SubmissionState.choices)
    for row in rates.rows:
        row.status_label, row.state_label = labels[row.status], states.get(row.state, row.state)
    counties = []
    if province is not None:
        counties = county_rows(data_round, province.code)
        for row in counties:
            row["status_label"] = labels[row["status"]]
    return render(
        request,
        "monitoring/reporting.html",
        {
            "round": data_round,
            "rates": rates,
            "province": province,
            "counties": counties,
            "nation": nation,
        },
    )


@login_required
def reporting_map(request, pk: int):
    """JSON for the map: one area per province (ECharts names are the short names) with its status."""
    data_round = get_object_or_404(DataRound, pk=pk)
    if not can_view_quality(request.user):
        return JsonResponse({"detail": _("仅限科技部和审计员查看全国报送地图。")}, status=403)
    labels = _labels()
    rates = round_rates(data_round)
    return JsonResponse(
        {
            "statuses": labels,
            "areas": [
                {
                    "name": r.short_name,
                    "full_name": r.name,
                    "status": r.status,
                    "status_label": labels[r.status],
                    "counties_expected": r.counties.expected,
                    "counties_received": r.counties.received,
                }
                for r in rates.rows
            ],
        }
    )


@login_required
def reporting_export(request, pk: int):
    data_round = get_object_or_404(DataRound, pk=pk)
    if refused := refuse_unless(request, can_view_reporting(request.user)):
        return refused
    nation = bool(can_view_quality(request.user))
    rates = round_rates(data_round, None if nation else reporting_province(request.user))
    labels = _labels()
    header = [
        "province_code",
        "province",
        "state",
        "first_submitted",
        "status",
        "counties_expected",
        "counties_received",
        "counties_on_time",
        "counties_late",
    ]
    rows = [
        [
            r.code,
            r.name,
            r.state,
            r.submitted.isoformat() if r.submitted else "",
            labels[r.status],
            r.counties.expected,
            r.counties.received,
            r.counties.on_time,
            r.counties.late,
        ]
        for r in rates.rows
    ]
    return csv_response(f"reporting-{data_round.year}.csv", header, rows)
