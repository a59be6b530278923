"""Ranking pages: national (``/rankings/``) and per province (``/rankings/province/<code>/``), with filters,
sortable columns, 50 rows a page, last year's rank move, and exports of the filtered list (xlsx, csv)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from innocounty.evaluations.coverage import comparable, coverage
from innocounty.rankings import exports
from innocounty.rankings.access import previous_year_run
from innocounty.rankings.context import run_context
from innocounty.rankings.filters import ELIGIBILITY_CHOICES, PAGE_SIZE, RankingFilter, theme_choices
from innocounty.rankings.page_cache import cached_page
from innocounty.rankings.queries import decorate, dimensions, provinces, ranking_rows
from innocounty.regions.models import Belt, Province, UnitType


def _listing(request, province: Province | None):
    ctx = run_context(request)
    if ctx.refusal:
        return ctx, None, None, None
    run = ctx.run
    dims = dimensions(run) if run else []
    themes = theme_choices(request.user)
    flt, problems = RankingFilter.parse(request.GET, [d.code for d in dims], themes)
    if province is not None:
        flt = flt.with_province(province.code)
        if not request.GET.get("sort"):
            flt = RankingFilter(**{**flt.__dict__, "sort": "province_rank"})
    return ctx, flt, dims, (themes, problems)


@cached_page
def ranking(request, province_code: str | None = None):
    province = get_object_or_404(Province, code=province_code) if province_code else None
    ctx, flt, dims, extra = _listing(request, province)
    if ctx.refusal:
        return ctx.refusal
    run = ctx.run
    context = {
        **ctx.as_dict(), "province": province, "flt": flt, "dimensions": dims,
        "belts": Belt.choices, "unit_types": UnitType.choices, "eligibility_choices": ELIGIBILITY_CHOICES,
        "province_choices": Province.objects.order_by("code"),
        "run_param": f"run={run.pk}" if run and request.GET.get("run") else "",
    }
    if run is not None:
        themes, problems = extra
        province_table = provinces()
        page = Paginator(ranking_rows(run, flt, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
        previous = previous_year_run(request.user, run)
        rows = decorate(page.object_list, run, previous, province_table)
        base = flt.querystring()
        run_param = context["run_param"]
        context.update(
            page=page, rows=rows, previous=previous, themes=themes, problems=problems,
            moves_comparable=comparable(previous, run), coverage=coverage(run),
            querystring="&".join(p for p in (run_param, base) if p),
            sort_links={key: "&".join(p for p in (run_param, flt.sort_link(key)) if p)
                        for key in ["national_rank", "province_rank", "index", "name",
                                    *(f"dim:{d.code}" for d in dims)]},
        )
    return render(request, "rankings/ranking.html", context)


@cached_page
def export(request, fmt: str):
    ctx, flt, dims, _extra = _listing(request, None)
    if ctx.refusal:
        return ctx.refusal
    if ctx.run is None:
        return render(request, "rankings/ranking.html", {**ctx.as_dict(), "flt": flt}, status=404)
    rows = decorate(ranking_rows(ctx.run, flt, request.user), ctx.run, previous_year_run(request.user, ctx.run))
    return exports.response(fmt, ctx.run, dims, rows, flt)
