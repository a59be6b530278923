"""Target tracking and target realism for a project, from the published monitoring data and the reports.

- Actual value of a target in a year: what the province-passed (or later) report of that year states
  (the county's value with its reason, else the monitoring value), else the published monitoring value
  of that year (:func:`actuals_for`). Tracking rule: :mod:`innocounty.programme.target_tracking`.
- Realism: :func:`innocounty.evaluation.target_realism.compare` with the monitoring panel of the
  indicator (latest published run of each year) and every county's belt, type and index by year.
- The tracking rule comes from settings ``CONSTRUCTION_FAR_BEHIND_FRACTION`` (default 0.5) and
  ``CONSTRUCTION_FAR_BEHIND_MIN_TARGETS`` (default 1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from innocounty.construction.models import ConstructionProject
from innocounty.construction.services import monitoring_values, plan_of
from innocounty.evaluation.target_realism import Comparison, CountyFacts, compare
from innocounty.evaluations.queries import county_results, indicator_results, published_runs
from innocounty.programme.annual_reports import SUBMITTED_STATES, ReportState
from innocounty.programme.plans import Direction
from innocounty.programme.report_form import actual_value
from innocounty.programme.target_tracking import (
    TargetStatus,
    TrackingRule,
    far_behind,
    latest_with_data,
    track_plan,
)
from innocounty.regions.models import County

PASSED = {ReportState.PASSED.value, ReportState.RECEIVED.value}


def tracking_rule() -> TrackingRule:
    return TrackingRule(float(getattr(settings, "CONSTRUCTION_FAR_BEHIND_FRACTION", 0.5)),
                        int(getattr(settings, "CONSTRUCTION_FAR_BEHIND_MIN_TARGETS", 1)))  # fmt: skip


def monitoring_by_year(county_codes, years) -> dict[int, dict[str, dict[str, float]]]:
    """Year → county → indicator → raw value in the latest published run of the year (one query a year)."""
    from innocounty.evaluations.queries import latest_published_run

    out: dict[int, dict[str, dict[str, float]]] = {}
    for year in sorted(set(years)):
        run, found = latest_published_run(year), defaultdict(dict)
        if run is not None:
            rows = indicator_results(run, county_id__in=list(county_codes), raw_value__isnull=False)
            for county, code, value in rows.values_list("county_id", "indicator_code", "raw_value"):
                found[county][code] = value
        out[year] = dict(found)
    return out


def actuals_for(project: ConstructionProject, monitoring=None) -> dict[int, dict[str, float | None]]:
    """Year → indicator → the actual value; ``monitoring``: :func:`monitoring_by_year` computed by the caller
    for many projects at once (else looked up here)."""
    targets = plan_of(project).targets
    reports = {r.year: r for r in project.reports.filter(state__in=[s.value for s in SUBMITTED_STATES])}
    out = {}
    for year in project.years:
        if monitoring is not None:
            monitored = monitoring.get(year, {}).get(project.county_id, {})
        else:
            monitored = monitoring_values(project.county_id, year)
        report = reports.get(year)
        given = (report.content or {}).get("targets", {}) if report and report.state in PASSED else {}
        out[year] = {t.indicator_code: actual_value(given.get(t.indicator_code), monitored.get(t.indicator_code))[0]
                     for t in targets}  # fmt: skip
    return out


@dataclass(frozen=True)
class ProjectTracking:
    project: ConstructionProject
    by_year: dict[int, list[TargetStatus]]
    latest_year: int | None
    latest: list[TargetStatus]
    flagged: bool


def project_tracking(project: ConstructionProject, monitoring=None) -> ProjectTracking:
    rule = tracking_rule()
    by_year = track_plan(plan_of(project).targets, actuals_for(project, monitoring), rule)
    year, latest = latest_with_data(by_year)
    return ProjectTracking(project, by_year, year, latest, far_behind(latest, rule))


def flagged_projects(projects) -> list[ProjectTracking]:
    """The projects far behind (one monitoring query per year for all of them)."""
    projects = list(projects)
    if not projects:
        return []
    years = {y for p in projects for y in p.years}
    monitoring = monitoring_by_year({p.county_id for p in projects}, years)
    return [t for t in (project_tracking(p, monitoring) for p in projects) if t.flagged]


# --- realism ---------------------------------------------------------------------------------------------
def _latest_runs() -> dict[int, int]:
    latest: dict[int, int] = {}
    for run_id, year in published_runs().values_list("pk", "year"):
        latest.setdefault(year, run_id)
    return latest


def indicator_panel(code: str) -> dict[str, dict[int, float]]:
    """County code → year → the indicator's raw value in the latest published run of each year."""
    from innocounty.evaluations.queries import run_by_id

    panel: dict[str, dict[int, float]] = defaultdict(dict)
    for year, run_id in _latest_runs().items():
        run = run_by_id(run_id)
        rows = indicator_results(run, indicator_code=code, raw_value__isnull=False)
        for county, value in rows.values_list("county_id", "raw_value"):
            panel[county][year] = value
    return dict(panel)


def county_facts() -> dict[str, CountyFacts]:
    from innocounty.evaluations.queries import run_by_id

    index: dict[str, dict[int, float]] = defaultdict(dict)
    for year, run_id in _latest_runs().items():
        rows = county_results(run_by_id(run_id), index_score__isnull=False)
        for county, score in rows.values_list("county_id", "index_score"):
            index[county][year] = score
    counties = County.objects.filter(code__in=index).values_list("code", "province__belt", "unit_type")
    return {code: CountyFacts(code, belt, unit_type, index[code]) for code, belt, unit_type in counties}


def realism_for_plan(county: County, plan) -> list[tuple[object, Comparison]]:
    """Each quantitative target of ``plan`` with its comparison (unknown when the data are too thin)."""
    facts = county_facts()
    me = facts.get(county.code) or CountyFacts(county.code, county.province.belt, county.unit_type, {})
    out = []
    for target in plan.targets:
        if not target.values:
            continue
        last = max(target.values)
        start = target.baseline_year if target.baseline_year is not None else min(target.values) - 1
        comparison = compare(me, facts.values(), indicator_panel(target.indicator_code),
                             indicator=target.indicator_code, baseline=target.baseline,
                             final_target=target.values[last], years=max(last - start, 1),
                             direction=1 if target.direction is Direction.HIGHER_IS_BETTER else -1)  # fmt: skip
        out.append((target, comparison))
    return out
