"""The county profile page (``/rankings/county/<code>/``) and its one-click PDF report (``…/pdf/``)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.rankings import charts
from innocounty.rankings.access import can_view_profile, sees_full_profile
from innocounty.rankings.context import run_context
from innocounty.rankings.exports import disposition
from innocounty.rankings.page_cache import cached_page
from innocounty.rankings.profile import build
from innocounty.regions.models import County
from innocounty.regions.successions import continuing_successor


class _Moved(Exception):
    def __init__(self, successor):
        self.successor = successor


def _profile(request, code: str):
    county = get_object_or_404(County.objects.select_related("province", "prefecture"), code=code)
    ctx = run_context(request, predicate=can_view_profile)
    if ctx.refusal or ctx.run is None:
        return county, ctx, None
    profile = build(request.user, ctx.run, county, full=sees_full_profile(request.user, county))
    if profile is None and county.valid_to is not None:
        successor = continuing_successor(county)
        if successor is not None:   # the unit continues under another code: follow it
            raise _Moved(successor)
    if profile is None:
        raise Http404(_("%(county)s未参加 %(year)s 年度评价。") % {"county": county.name, "year": ctx.run.year})
    return county, ctx, profile


def chart_data(profile) -> dict:
    """The ECharts inputs of the page (radar against province and belt means, trend over years)."""
    return {
        "dimensions": [{"name": d["name"], "max": 100} for d in profile.dimensions],
        "county": [d["score"] for d in profile.dimensions],
        "province": [d["province_mean"] for d in profile.dimensions],
        "belt": [d["belt_mean"] for d in profile.dimensions],
        "names": {"county": profile.county.name, "province": charts.mean_name(profile.county.province.name),
                  "belt": charts.mean_name(profile.belt_label)},
        "labels": charts.trend_labels(),
        "years": [h["year"] for h in profile.history],
        "index": [h["index_score"] for h in profile.history],
        "national_rank": [h["national_rank"] for h in profile.history],
        "province_rank": [h["province_rank"] for h in profile.history],
    }


@cached_page
def county_profile(request, code: str):
    try:
        county, ctx, profile = _profile(request, code)
    except _Moved as moved:
        query = request.GET.urlencode()
        return redirect(reverse("rankings:county", args=[moved.successor.code]) + (f"?{query}" if query else ""))
    if ctx.refusal:
        return ctx.refusal
    context = {**ctx.as_dict(), "county": county, "profile": profile,
               "run_param": f"run={ctx.run.pk}" if ctx.run and request.GET.get("run") else ""}
    if profile is not None:
        context["chart_json"] = chart_data(profile)
    return render(request, "rankings/profile.html", context)


@cached_page
def county_pdf(request, code: str):
    try:
        county, ctx, profile = _profile(request, code)
    except _Moved as moved:
        query = request.GET.urlencode()
        return redirect(reverse("rankings:county_pdf", args=[moved.successor.code]) + (f"?{query}" if query else ""))
    if ctx.refusal:
        return ctx.refusal
    if profile is None:
        raise Http404(_("没有可查看的评价结果。"))
    from innocounty.rankings.pdf import render_profile_pdf

    data = render_profile_pdf(request, profile, {
        "radar_svg": charts.radar_svg(profile), "bars_svg": charts.dimension_bars_svg(profile),
        "trend_svg": charts.trend_svg(profile),
    })
    response = HttpResponse(data, content_type="application/pdf")
    name = _("%(county)s_创新能力画像_%(year)s") % {"county": county.name, "year": profile.run.year}
    response["Content-Disposition"] = disposition(f"{name}.pdf")
    return response
