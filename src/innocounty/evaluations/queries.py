"""The query API other apps use to read evaluation results (a stable contract: keep these names).

    latest_published_run(year=None) -> EvaluationRun | None
    county_position(run, county_code) -> CountyPosition | None
    positions(run, county_codes) -> dict[str, CountyPosition]

and the reads other apps page, filter and aggregate themselves (querysets, so the rankings can filter,
order, annotate and paginate them in SQL): :func:`succeeded_runs`, :func:`run_by_id`,
:func:`is_published_run`, :func:`run_succeeded`, :func:`county_results`, :func:`county_results_in_runs`,
:func:`indicator_results` and :func:`node_weights`. No app outside evaluations imports its models.

A :class:`CountyPosition` is a frozen snapshot of one county's row in a run: the index, dimension scores,
national and within-province ranks with their 5–95% intervals from the uncertainty analysis, the
eligibility tests of "位居本省前列" (methodology §5) with the reason as a Chinese sentence, and the
performance group (§4). These functions do not check permissions: callers decide who may see what
(published runs are visible to every signed-in role, see :mod:`innocounty.evaluations.permissions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from innocounty.evaluations.models import (
    CountyResult,
    EvaluationRun,
    IndicatorResult,
    RunNodeWeight,
    RunStatus,
)


@dataclass(frozen=True)
class CountyPosition:
    county_code: str
    county_name: str
    province_code: str
    year: int
    index_score: float | None
    dimension_scores: dict[str, float | None] = field(default_factory=dict)
    national_rank: int | None = None
    national_n: int | None = None
    province_rank: int | None = None
    province_n: int | None = None
    national_rank_q05: float | None = None
    national_rank_q95: float | None = None
    province_rank_q05: float | None = None
    province_rank_q95: float | None = None
    eligible: bool | None = None
    composite_pass: bool | None = None
    indicator_pass: bool | None = None
    top_quartile_indicators: list[str] = field(default_factory=list)
    eligibility_reason: str = ""
    performance_group: str = ""

    @classmethod
    def from_result(cls, row: CountyResult, year: int) -> CountyPosition:
        return cls(
            county_code=row.county_id, county_name=row.county_name, province_code=row.province_id, year=year,
            index_score=row.index_score, dimension_scores=dict(row.dimension_scores),
            national_rank=row.national_rank, national_n=row.national_n,
            province_rank=row.province_rank, province_n=row.province_n,
            national_rank_q05=row.national_rank_q05, national_rank_q95=row.national_rank_q95,
            province_rank_q05=row.province_rank_q05, province_rank_q95=row.province_rank_q95,
            eligible=row.eligible, composite_pass=row.composite_pass, indicator_pass=row.indicator_pass,
            top_quartile_indicators=list(row.top_quartile_indicators),
            eligibility_reason=row.eligibility_reason, performance_group=row.performance_group,
        )


def succeeded_runs():
    """Every succeeded run, published or not (a queryset; callers narrow it by who may see what)."""
    return EvaluationRun.objects.filter(status=RunStatus.SUCCEEDED)


def run_succeeded(run: EvaluationRun) -> bool:
    """Whether ``run`` finished successfully (only then are its results complete and immutable)."""
    return run.status == RunStatus.SUCCEEDED


def run_by_id(pk: int) -> EvaluationRun | None:
    """The run with primary key ``pk`` with its framework, whatever its status (callers check visibility)."""
    return EvaluationRun.objects.select_related("framework").filter(pk=pk).first()


def is_published_run(pk: int) -> bool:
    """Whether a published run with primary key ``pk`` exists (one query)."""
    return EvaluationRun.objects.filter(pk=pk, published=True).exists()


def published_runs():
    """Succeeded and published runs, newest year first, then the latest publication."""
    return EvaluationRun.objects.filter(published=True, status=RunStatus.SUCCEEDED).order_by(
        "-year", "-published_at", "-pk"
    )


def latest_published_run(year: int | None = None) -> EvaluationRun | None:
    """The most recently published run of ``year`` (of the latest published year when None)."""
    runs = published_runs().select_related("framework")
    if year is not None:
        runs = runs.filter(year=year)
    return runs.first()


def earliest_published_run() -> EvaluationRun | None:
    """The published run of the earliest year (what the demo's 2018 batch is judged with)."""
    return published_runs().select_related("framework").order_by("year", "-pk").first()


def county_position(run: EvaluationRun, county_code: str) -> CountyPosition | None:
    """The county's position in ``run``, or None when the county was not evaluated in it."""
    return positions(run, [county_code]).get(county_code)


def positions(run: EvaluationRun, county_codes: Iterable[str]) -> dict[str, CountyPosition]:
    """County code → position for the given counties that ``run`` evaluated (one query)."""
    codes = list(dict.fromkeys(str(c) for c in county_codes))
    if run is None or not codes:
        return {}
    rows = CountyResult.objects.filter(run=run, county_id__in=codes)
    return {row.county_id: CountyPosition.from_result(row, run.year) for row in rows}


def province_ranking(run: EvaluationRun, province_code: str):
    """The county rows of one province in ``run``, best first (for ranking and eligibility pages)."""
    return CountyResult.objects.filter(run=run, province_id=province_code).order_by("province_rank", "county_id")


def county_indicators(run: EvaluationRun, county_code: str):
    """One county's indicator rows in ``run``, in framework order (for the county profile)."""
    return IndicatorResult.objects.filter(run=run, county_id=county_code).order_by("position")


def county_history(county_code: str) -> list[CountyResult]:
    """The county's row in the latest published run of every year, oldest year first (trend charts)."""
    latest: dict[int, int] = {}
    for run_id, year in published_runs().values_list("pk", "year"):
        latest.setdefault(year, run_id)
    rows = CountyResult.objects.filter(run_id__in=latest.values(), county_id=county_code).select_related("run")
    return sorted(rows, key=lambda r: r.run.year)


def county_results(run: EvaluationRun, **filters):
    """The county rows of ``run`` matching ``filters`` (a queryset in the model's order: callers restrict the
    columns, filter, order, aggregate and paginate it)."""
    return CountyResult.objects.filter(run=run, **filters)


def county_results_in_runs(run_ids: Iterable[int], county_code: str):
    """One county's rows in the given runs (a queryset)."""
    return CountyResult.objects.filter(run_id__in=run_ids, county_id=county_code)


def indicator_results(run: EvaluationRun, **filters):
    """The indicator rows of ``run`` matching ``filters`` (a queryset in the model's order)."""
    return IndicatorResult.objects.filter(run=run, **filters)


def node_weights(run: EvaluationRun, **filters):
    """The framework nodes of ``run`` as it used them, matching ``filters`` (e.g. ``level=1`` for the
    indicators), in framework order (a queryset)."""
    return RunNodeWeight.objects.filter(run=run, **filters).order_by("position")
