"""The public list of 创新型县（市）: counties that passed acceptance on a published decision list, by batch,
with the province map (the same map as the approval publication page)."""

from __future__ import annotations

import json
from collections import defaultdict

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from innocounty.acceptance.models import AcceptanceList
from innocounty.acceptance.services import passed_published


def innovative_counties(request):
    rows = list(passed_published())
    lists = {lst.batch_id: lst for lst in AcceptanceList.objects.filter(state="published")}
    batches: dict = {}
    for a in rows:
        b = batches.setdefault(a.project.batch_id, {"batch": a.project.batch, "list": lists.get(a.project.batch_id),
                                                    "rows": []})  # fmt: skip
        b["rows"].append(a)
    per_province: dict[str, int] = defaultdict(int)
    for a in rows:
        per_province[a.project.county.province.name] += 1
    return render(request, "acceptance/public.html", {
        "batches": list(batches.values()), "total": len(rows),
        "map_data": json.dumps([{"name": k, "value": v} for k, v in sorted(per_province.items())], ensure_ascii=False),
    })  # fmt: skip


def map_data(request):
    from innocounty.rankings.maps import NO_DATA_COLOR, NOT_MONITORED, chart_labels
    from innocounty.regions.models import Province

    counts: dict[str, int] = defaultdict(int)
    for a in passed_published():
        counts[a.project.county.province_id] += 1
    areas = [
        {
            "name": p.short_name,
            "code": p.code,
            "full_name": p.name,
            "value": counts.get(p.code) or None,
            "counties": counts.get(p.code, 0),
            "mean_index": None,
            "eligible": 0,
            "eligible_share": None,
            "on_map": True,
            "no_data": not counts.get(p.code),
            "monitored": True,
        }
        for p in Province.objects.order_by("code")
    ]
    areas += [
        {
            "name": name,
            "code": "",
            "full_name": str(full),
            "value": None,
            "counties": 0,
            "mean_index": None,
            "eligible": 0,
            "eligible_share": None,
            "on_map": True,
            "no_data": True,
            "monitored": False,
        }
        for name, full in NOT_MONITORED.items()
    ]
    return JsonResponse({"map": "china", "metric": "count", "metric_label": _("创新型县（市）数"), "level": "province",
                         "no_data_color": NO_DATA_COLOR, "areas": areas, "labels": chart_labels()})  # fmt: skip
