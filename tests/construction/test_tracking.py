"""Tracking and realism from published monitoring data; the early warning on the home pages."""

import datetime as dt

import pytest

from innocounty.common import clock
from innocounty.construction.bindings import run_transition
from innocounty.construction.services import save_report
from innocounty.construction.tracking import project_tracking, realism_for_plan
from innocounty.dashboard.todos import todos_for
from innocounty.evaluation.target_realism import Realism
from innocounty.evaluations.models import CountyResult, IndicatorResult
from innocounty.programme.target_tracking import Track
from innocounty.regions.models import County

from .conftest import filled_content

pytestmark = pytest.mark.django_db


def publish(run, county, values: dict, index: float = 50.0):
    """Result rows of a finished run are written in bulk (as the engine does; ``save`` refuses)."""
    CountyResult.objects.bulk_create([CountyResult(
        run=run, county=county, county_name=county.name, province=county.province, prefecture_code=county.prefecture_id,
        belt=county.province.belt, unit_type=county.unit_type, index_score=index)])  # fmt: skip
    IndicatorResult.objects.bulk_create([
        IndicatorResult(run=run, county=county, province=county.province, indicator_code=code, position=position,
                        raw_value=value) for position, (code, value) in enumerate(values.items())])  # fmt: skip


def test_far_behind_is_flagged_to_province_and_ministry(project, cast, make_published_run):
    # The plan (factories.complete_plan_json): I01 baseline 1.0 in 2022, final 2.5 in 2026 → expected 1.75 in 2024
    publish(make_published_run(2024), cast.zhengding, {"I01": 1.1, "I02": 2.9, "I03": 3.5})
    tracking = project_tracking(project)
    assert tracking.latest_year == 2024
    by_code = {s.code: s for s in tracking.latest}
    assert by_code["I01"].expected == pytest.approx(1.75)
    assert (by_code["I01"].track, by_code["I01"].far_behind) == (Track.BEHIND, True)  # 0.1 of 0.75: 13%
    assert by_code["I02"].track is Track.ON_TRACK  # 2.9 ≥ 2.75
    assert by_code["I03"].track is Track.BEHIND and not by_code["I03"].far_behind  # 0.5 of 0.75: 67%
    assert tracking.flagged
    for user in (cast.province, cast.ministry):
        titles = [str(t.title) for t in todos_for(user, user.role_assignments.get())]
        assert any("严重滞后" in t for t in titles), titles
    assert not any(
        "严重滞后" in str(t.title)
        for t in todos_for(cast.province_zj, cast.province_zj.role_assignments.get())
    )


def test_a_passed_report_states_the_actual_value(project, cast, make_published_run, settings):
    publish(make_published_run(2024), cast.zhengding, {"I01": 1.1, "I02": 2.9, "I03": 3.8})
    report = project.reports.get(year=2024)
    content = filled_content()
    content["targets"] = {
        "I01": {"actual": 1.8, "reason": "统计口径调整"},
        "I02": {"actual": None},
        "I03": {"actual": None},
    }
    with clock.at(dt.date(2025, 3, 1)):
        save_report(cast.county, report, content)
        run_transition(cast.county, report, "submit", {"confirm": True}).require()
    assert project_tracking(project).flagged  # submitted, not yet passed: the monitoring value counts
    with clock.at(dt.date(2025, 3, 5)):
        run_transition(cast.province, report, "pass", {"confirm": True}).require()
    statuses = {s.code: s for s in project_tracking(project).latest}
    assert statuses["I01"].actual == 1.8 and statuses["I01"].track is Track.ON_TRACK
    assert statuses["I02"].actual == 2.9  # left empty in the report: the monitoring value
    assert not project_tracking(project).flagged
    settings.CONSTRUCTION_FAR_BEHIND_FRACTION = (
        1.0  # any shortfall is "far behind": I01 1.8 ≥ 1.75 is not one
    )
    assert not project_tracking(project).flagged
    settings.CONSTRUCTION_FAR_BEHIND_MIN_TARGETS = 0  # at least one target is always required
    assert not project_tracking(project).flagged


def test_realism_from_the_monitoring_panel(cast, make_published_run):
    counties = list(
        County.objects.filter(province_id="13", unit_type="县").exclude(code=cast.zhengding.code)[:6]
    )
    early, late = make_published_run(2021), make_published_run(2024)
    for county, growth in zip(counties, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], strict=True):
        publish(early, county, {"I01": 1.0})
        publish(late, county, {"I01": 1.0 + growth})
    publish(early, cast.zhengding, {"I01": 1.0})
    publish(late, cast.zhengding, {"I01": 1.2})
    from innocounty.programme import Direction, QuantitativeTarget
    from innocounty.programme.plans import ConstructionPlan

    plan = ConstructionPlan(
        targets=(
            QuantitativeTarget(
                "I01", 1.0, {2025: 1.5, 2026: 2.0, 2027: 3.0}, Direction.HIGHER_IS_BETTER, 2024
            ),
        )
    )
    [(target, comparison)] = realism_for_plan(cast.zhengding, plan)
    # target: +200% in 3 years; peers 10–60%: P95 = 0.55 + 0.75·0.1 = 0.575 (h = 5·0.95 = 4.75)
    assert comparison.p95 == pytest.approx(0.575) and comparison.p50 == pytest.approx(0.35)
    assert comparison.realism is Realism.BEYOND_P95 and comparison.own_improvement == pytest.approx(0.2)
