"""A year's evaluation uses the units valid that year (regions valid_from/valid_to); values stay attached to the
unit they were reported for."""

from __future__ import annotations

import datetime as dt

from innocounty.evaluations.models import CountyResult, RunStatus
from innocounty.monitoring.models import IndicatorValue
from innocounty.regions.models import County


def test_a_unit_abolished_before_the_year_is_left_out_with_a_warning(run_factory):
    County.objects.filter(code="980122").update(valid_to=dt.date(2023, 12, 31))
    run = run_factory(replicates=0)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.unit_count == 5
    assert not CountyResult.objects.filter(run=run, county_id="980122").exists()
    assert any("980122" in w and "not valid in 2024" in w for w in run.warnings)
    assert IndicatorValue.objects.filter(county_id="980122").count() == 3      # its values stay where they were
    assert run.coverage["eligible_counties"] == 5 and not run.coverage["partial"]


def test_a_unit_created_after_the_year_is_not_expected_in_it(run_factory):
    County.objects.filter(code="980121").update(valid_from=dt.date(2025, 3, 1))
    run = run_factory(replicates=0)
    assert run.unit_count == 5 and run.coverage["eligible_counties"] == 5
