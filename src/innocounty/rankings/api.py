"""Rankings API (``/api/rankings``): rankings with filters and pagination, county profiles, eligibility
lists and map data, under the same scopes as the pages (:mod:`innocounty.rankings.access`).

Anonymous requests are answered with what is public (published runs with the public flag); a request
that sends an ``Authorization`` header must carry a valid token (401 otherwise). Choose the run with
``run`` (id) or ``year`` (latest published run of that year); by default the latest published run.
Errors: 400 (a page past the last), 403 (run or county not visible: the reason in Chinese), 404 (no such province,
county, run or result), 422 (invalid filter values, listed; page, page_size, run and year out of range, the field named).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.paginator import EmptyPage, Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from innocounty.accounts.api_auth import TokenAuth
from innocounty.common.bounds import PAGE_MAX, Code, DbId, Year
from innocounty.evaluations.coverage import comparable, coverage
from innocounty.evaluations.queries import county_results
from innocounty.rankings import maps
from innocounty.rankings.access import (
    can_view_profile,
    can_view_results,
    previous_year_run,
    resolve_run,
    sees_full_profile,
)
from innocounty.rankings.filters import RankingFilter, theme_choices
from innocounty.rankings.profile import build
from innocounty.rankings.queries import decorate, dimensions, province_summary, ranking_rows
from innocounty.rankings.views_maps import eligibility_rows
from innocounty.regions.models import County, Province

MAX_PAGE_SIZE = 200
CountyCode = Annotated[str, Path(pattern=r"^\d{6}$", description="6-digit division code")]
ProvinceCode = Annotated[str, Path(pattern=r"^\d{2}$", description="2-digit province code")]


def public_access(request):
    """Let anonymous requests through (they see public results only), unless they sent credentials."""
    if request.headers.get("Authorization"):
        return None
    return "public"


router = Router(tags=["rankings"], auth=[TokenAuth(), django_auth, public_access])
# In the schema: a token or the session, or nothing at all (the empty requirement: public results).
PUBLIC = {"security": [{"TokenAuth": []}, {"SessionAuth": []}, {}]}


class ErrorOut(Schema):
    detail: Any


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RunRef(Schema):
    id: int
    year: int
    published: bool
    public_visible: bool
    synthetic_data: bool
    framework: str
    partial_coverage: bool = Field(description="部分覆盖: some of the nation's eligible counties are not in the run")
    coverage: dict = Field(description="provinces, counties, share of the nation's eligible counties")


class DimensionOut(Schema):
    code: str
    name: str


class RankingRowOut(Schema):
    county_code: str
    county_name: str
    province_code: str
    province_name: str
    belt: str
    unit_type: str
    status: str
    index_score: float | None
    dimension_scores: dict[str, float | None]
    national_rank: int | None
    national_n: int | None
    national_rank_q05: float | None
    national_rank_q95: float | None
    province_rank: int | None
    province_n: int | None
    province_rank_q05: float | None
    province_rank_q95: float | None
    previous_national_rank: int | None
    national_move: int | None
    province_move: int | None
    eligible: bool | None
    eligibility_reason: str
    performance_group: str


class RankingPageOut(Schema):
    run: RunRef
    previous_run_id: int | None
    moves_comparable: bool = Field(description="the previous year's run covers the same provinces; otherwise "
                                               "national_move and province_move are null")
    dimensions: list[DimensionOut]
    count: int
    page: int
    pages: int
    page_size: int
    results: list[RankingRowOut]


class RankingQuery(Schema):
    run: DbId | None = None
    year: Year | None = None
    belt: Code | None = None
    province: Code | None = None
    unit_type: Code | None = None
    theme: Code | None = None
    eligible: Code | None = None
    q: Code | None = None
    sort: Annotated[str, Field(max_length=80)] | None = None
    dir: Code | None = None
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class EligibleOut(Schema):
    county_code: str
    county_name: str
    unit_type: str
    index_score: float | None
    province_rank: int | None
    province_n: int | None
    province_rank_q05: float | None
    province_rank_q95: float | None
    eligible_share: float | None
    top_indicator_count: int | None
    eligibility_reason: str


class EligibilityOut(Schema):
    run: RunRef
    province_code: str
    province_name: str
    evaluated: int
    results: list[EligibleOut]


class ProvinceCountOut(Schema):
    province_code: str
    province_name: str
    counties: int
    eligible: int
    eligible_share: float | None
    mean_index: float | None


class EligibilityOverviewOut(Schema):
    run: RunRef
    total: int
    provinces: list[ProvinceCountOut]


def _user(request):
    return request.user


def _run(request, run_id=None, year=None, predicate=can_view_results):
    user = _user(request)
    run = resolve_run(user, run_id, year)
    if run is None:
        raise HttpError(404, _("没有找到可查看的评价结果。"))
    decision = predicate(user, run)
    if not decision:
        raise HttpError(403, str(decision.reason))
    return run


def _ref(run) -> dict:
    return {"id": run.pk, "year": run.year, "published": run.published, "public_visible": run.public_visible,
            "synthetic_data": run.synthetic_data, "framework": f"{run.framework.name} v{run.framework.version}",
            "partial_coverage": coverage(run).partial, "coverage": coverage(run).as_json()}


@router.get("", response={200: RankingPageOut, **ERRORS}, openapi_extra=PUBLIC, summary="Rankings with filters and pagination")
def rankings(request, params: Query[RankingQuery]):
    run = _run(request, params.run, params.year)
    dims = dimensions(run)
    flt, problems = RankingFilter.parse(params.dict(), [d.code for d in dims], theme_choices(_user(request)))
    if problems:
        raise HttpError(422, "；".join(problems))
    paginator = Paginator(ranking_rows(run, flt, _user(request)), params.page_size)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        if params.page > 1:
            raise HttpError(400, _("共 %(pages)d 页，没有第 %(page)d 页。") % {"pages": paginator.num_pages, "page": params.page}) from None
        page = None
    previous = previous_year_run(_user(request), run)
    rows = decorate(page.object_list, run, previous) if page else []
    return {"run": _ref(run), "previous_run_id": previous.pk if previous else None,
            "moves_comparable": comparable(previous, run),
            "dimensions": [{"code": d.code, "name": d.name} for d in dims], "count": paginator.count,
            "page": params.page, "pages": paginator.num_pages, "page_size": params.page_size, "results": rows}


@router.get("/counties/{code}", response={200: dict[str, Any], **ERRORS}, openapi_extra=PUBLIC, summary="County profile")
def county_profile(request, code: CountyCode, run: DbId | None = None, year: Year | None = None):
    county = get_object_or_404(County.objects.select_related("province", "prefecture"), code=code)
    the_run = _run(request, run, year, predicate=can_view_profile)
    profile = build(_user(request), the_run, county, full=sees_full_profile(_user(request), county))
    if profile is None:
        raise HttpError(404, _("%(county)s未参加 %(year)s 年度评价。") % {"county": county.name, "year": the_run.year})
    return {"run": _ref(the_run), **profile.as_json()}


@router.get("/eligibility", response={200: EligibilityOverviewOut, **ERRORS}, openapi_extra=PUBLIC, summary="Eligibility by province")
def eligibility_overview(request, run: DbId | None = None, year: Year | None = None):
    the_run = _run(request, run, year)
    summary = province_summary(the_run)
    return {"run": _ref(the_run), "total": sum(p["eligible"] for p in summary), "provinces": summary}


@router.get("/eligibility/{province_code}", response={200: EligibilityOut, **ERRORS},
            openapi_extra=PUBLIC, summary="Counties meeting 位居本省前列 in a province, with reasons")
def eligibility(request, province_code: ProvinceCode, run: DbId | None = None, year: Year | None = None):
    province = get_object_or_404(Province, code=province_code)
    the_run = _run(request, run, year)
    rows = [{"county_code": r.county_id, **{f: getattr(r, f) for f in EligibleOut.model_fields if f != "county_code"}}
            for r in eligibility_rows(the_run, province.code)]
    evaluated = county_results(the_run, province_id=province.code).count()
    return {"run": _ref(the_run), "province_code": province.code, "province_name": province.name,
            "evaluated": evaluated, "results": rows}


@router.get("/map", response={200: dict[str, Any], **ERRORS}, openapi_extra=PUBLIC, summary="National map data (by province)")
def national_map(request, run: DbId | None = None, year: Year | None = None, metric: Code = "mean"):
    if metric not in maps.METRICS:
        raise HttpError(422, _("metric 取 %(values)s。") % {"values": ", ".join(maps.METRICS)})
    return maps.national_data(_run(request, run, year), metric)


@router.get("/map/{province_code}", response={200: dict[str, Any], **ERRORS},
            openapi_extra=PUBLIC, summary="Province map data (by prefecture)")
def province_map(request, province_code: ProvinceCode, run: DbId | None = None, year: Year | None = None,
                 metric: Code = "mean"):
    province = get_object_or_404(Province, code=province_code)
    if metric not in maps.METRICS:
        raise HttpError(422, _("metric 取 %(values)s。") % {"values": ", ".join(maps.METRICS)})
    return maps.province_data(_run(request, run, year), province, metric)
