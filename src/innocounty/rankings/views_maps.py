"""Map pages and their JSON data, and the eligibility lists ("位居本省前列").

* ``/rankings/map/`` — national choropleth by province (mean index or share of eligible counties, toggle),
  click a province to open ``/rankings/map/<province>/``: the province by prefecture with its county table;
  clicking a prefecture narrows the table to its counties (``?prefecture=``).
* ``…/data.json`` — the chart data (names match the vendored map features; see :mod:`.maps`).
* ``/rankings/eligibility/`` — per province, how many counties meet "位居本省前列"; ``…/<province>/`` lists
  them with the reason of each.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from innocounty.evaluations.queries import county_results
from innocounty.rankings import maps
from innocounty.rankings.context import run_context
from innocounty.rankings.page_cache import cached_page
from innocounty.rankings.queries import province_summary
from innocounty.regions.models import Prefecture, Province


def _metric(request) -> str:
    metric = request.GET.get("metric", "mean")
    if metric not in maps.METRICS:
        raise Http404(_("不支持的地图指标。"))
    return metric


def _run_param(request, ctx) -> str:
    return f"run={ctx.run.pk}" if ctx.run and request.GET.get("run") else ""


@cached_page
def national_map(request):
    ctx = run_context(request)
    if ctx.refusal:
        return ctx.refusal
    metric = _metric(request)
    context = {**ctx.as_dict(), "metric": metric, "metrics": maps.METRICS, "run_param": _run_param(request, ctx)}
    if ctx.run is not None:
        context["summary"] = sorted(province_summary(ctx.run), key=lambda r: -(r["mean_index"] or 0))
    return render(request, "rankings/map.html", context)


@cached_page
def national_map_data(request):
    ctx = run_context(request)
    if ctx.refusal:
        return ctx.refusal
    if ctx.run is None:
        raise Http404(_("没有可查看的评价结果。"))
    return JsonResponse({**maps.national_data(ctx.run, _metric(request)), "labels": maps.chart_labels()},
                        json_dumps_params={"ensure_ascii": False})


@cached_page
def province_map(request, province_code: str):
    province = get_object_or_404(Province, code=province_code)
    ctx = run_context(request)
    if ctx.refusal:
        return ctx.refusal
    metric = _metric(request)
    context = {**ctx.as_dict(), "province": province, "metric": metric, "metrics": maps.METRICS,
               "run_param": _run_param(request, ctx), "map_file": maps.MAP_FILES.get(province.code)}
    if ctx.run is not None:
        rows = county_results(ctx.run, province_id=province.code).only(
            "county_id", "county_name", "prefecture_code", "unit_type", "index_score", "province_rank", "province_n",
            "national_rank", "eligible", "eligibility_reason", "run_id").order_by("province_rank", "county_id")
        prefecture_code = request.GET.get("prefecture", "")
        prefecture = None
        if prefecture_code:
            prefecture = get_object_or_404(Prefecture, code=prefecture_code, province=province)
            rows = rows.filter(prefecture_code=prefecture.code)
        data = maps.province_data(ctx.run, province, metric)
        context.update(rows=list(rows), prefecture=prefecture, areas=data["areas"],
                       unmapped=[a for a in data["areas"] if not a["on_map"]],
                       prefecture_names=dict(Prefecture.objects.filter(province=province).values_list("code", "name")))
    return render(request, "rankings/map_province.html", context)


@cached_page
def province_map_data(request, province_code: str):
    province = get_object_or_404(Province, code=province_code)
    ctx = run_context(request)
    if ctx.refusal:
        return ctx.refusal
    if ctx.run is None:
        raise Http404(_("没有可查看的评价结果。"))
    return JsonResponse({**maps.province_data(ctx.run, province, _metric(request)), "labels": maps.chart_labels()},
                        json_dumps_params={"ensure_ascii": False})


def eligibility_rows(run, province_code: str):
    """Counties of the province meeting "位居本省前列" under ``run``, best first."""
    return county_results(run, province_id=province_code, eligible=True).only(
        "county_id", "county_name", "unit_type", "index_score", "province_rank", "province_n",
        "province_rank_q05", "province_rank_q95", "eligible_share", "top_indicator_count", "indicator_min_count",
        "eligibility_reason", "run_id").order_by("province_rank", "county_id")


@cached_page
def eligibility_overview(request):
    ctx = run_context(request)
    if ctx.refusal:
        return ctx.refusal
    context = {**ctx.as_dict(), "run_param": _run_param(request, ctx)}
    if ctx.run is not None:
        context["summary"] = province_summary(ctx.run)
        context["total"] = sum(r["eligible"] for r in context["summary"])
    return render(request, "rankings/eligibility_overview.html", context)


@cached_page
def eligibility(request, province_code: str):
    province = get_object_or_404(Province, code=province_code)
    ctx = run_context(request)
    if ctx.refusal:
        return ctx.refusal
    context = {**ctx.as_dict(), "province": province, "run_param": _run_param(request, ctx)}
    if ctx.run is not None:
        context["rows"] = list(eligibility_rows(ctx.run, province.code))
        context["evaluated"] = county_results(ctx.run, province_id=province.code).count()
        context["rule"] = (ctx.run.applied_rules or {}).get("eligibility")
    return render(request, "rankings/eligibility.html", context)
