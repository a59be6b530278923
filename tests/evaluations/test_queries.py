"""The query API other apps rely on (innocounty.evaluations.queries)."""

from __future__ import annotations

import dataclasses

import pytest

from innocounty.evaluations.queries import (
    CountyPosition,
    county_history,
    county_indicators,
    county_position,
    latest_published_run,
    positions,
    province_ranking,
)
from innocounty.evaluations.runs import publish_run


def test_no_published_run_means_none(run):
    assert latest_published_run() is None
    assert latest_published_run(2024) is None


def test_latest_published_run_of_a_year_and_overall(run_factory, ministry):
    older = publish_run(ministry, run_factory(replicates=0), confirm=True)
    newer = publish_run(ministry, run_factory(replicates=0), confirm=True)
    run_factory(replicates=0)  # unpublished: never returned
    assert latest_published_run() == newer
    assert latest_published_run(2024) == newer
    assert latest_published_run(2023) is None
    assert older != newer


def test_county_position_values(published_run):
    pos = county_position(published_run, "970121")
    assert isinstance(pos, CountyPosition)
    assert dataclasses.is_dataclass(pos) and pos.__dataclass_params__.frozen
    assert (pos.county_code, pos.county_name, pos.province_code, pos.year) == ("970121", "甲县", "97", 2024)
    assert pos.index_score == pytest.approx(80)
    assert pos.dimension_scores == pytest.approx({"D1": 60, "D2": 100})
    assert (pos.national_rank, pos.national_n, pos.province_rank, pos.province_n) == (1, 6, 1, 4)
    assert pos.national_rank_q05 <= pos.national_rank_q95 and pos.province_rank_q05 <= pos.province_rank_q95
    assert (pos.eligible, pos.composite_pass, pos.indicator_pass) == (True, True, True)
    assert pos.top_quartile_indicators == ["I02", "I03"]
    assert pos.eligibility_reason == "综合指数省内排名第1/4（前25%线为第1名）；2项指标位居省内前25%（要求≥2项）"
    assert pos.performance_group == "创新领先"
    with pytest.raises(dataclasses.FrozenInstanceError):
        pos.eligible = False


def test_a_county_outside_the_run_has_no_position(published_run):
    assert county_position(published_run, "130123") is None


def test_positions_of_several_counties(published_run):
    found = positions(published_run, ["970123", "980122", "130123", "970123"])
    assert set(found) == {"970123", "980122"}
    assert found["970123"].eligibility_reason.startswith("综合指数省内排名第2/4")
    assert found["980122"].eligible is False and found["980122"].national_rank == 6
    assert positions(published_run, []) == {}


def test_province_ranking_profile_rows_and_history(published_run):
    assert [r.county_id for r in province_ranking(published_run, "97")] == ["970121", "970123", "970122", "970124"]
    assert [i.indicator_code for i in county_indicators(published_run, "970121")] == ["I01", "I02", "I03"]
    assert [r.run_id for r in county_history("970121")] == [published_run.pk]
