"""Fixtures of the editor tests: published monitoring runs with a county's position and raw values."""

import pytest

from innocounty.common.states import seeding_states
from innocounty.evaluations.models import CountyResult, EvaluationRun, IndicatorResult, RunNodeWeight
from innocounty.monitoring.models import Framework


def publish_run(year: int, rows: dict, values: dict | None = None) -> EvaluationRun:
    """A published, succeeded run of ``year``: ``rows`` county → (eligible, reason); ``values`` county →
    {indicator code: raw value}. Indicators I01 and I02 carry their names."""
    with seeding_states():
        run = EvaluationRun.objects.create(
            year=year, framework=Framework.objects.get(code="provisional-23", version="1"), seed=1,
            status="succeeded", published=True,
        )  # fmt: skip
    RunNodeWeight.objects.bulk_create([
        RunNodeWeight(run=run, position=0, code="INDEX", name="指数", level=3, weight=1, effective_weight=1),
        RunNodeWeight(run=run, position=1, code="I01", name="全社会研发投入强度", level=1, parent_code="INDEX",
                      unit="%", weight=1, effective_weight=0.5),
        RunNodeWeight(run=run, position=2, code="I02", name="财政科技支出占比", level=1, parent_code="INDEX",
                      unit="%", weight=1, effective_weight=0.5),
    ])  # fmt: skip
    CountyResult.objects.bulk_create([
        CountyResult(run=run, county=county, county_name=county.name, province=county.province,
                     prefecture_code=county.code[:4] + "00", belt="east", unit_type=county.unit_type,
                     index_score=50.0, province_rank=3, province_n=100, eligible=eligible,
                     eligibility_reason=reason, top_quartile_indicators=["I01"])
        for county, (eligible, reason) in rows.items()
    ])  # fmt: skip
    IndicatorResult.objects.bulk_create([
        IndicatorResult(run=run, county=county, province=county.province, indicator_code=code, position=i + 1,
                        raw_value=value)
        for county, by_code in (values or {}).items() for i, (code, value) in enumerate(by_code.items())
    ])  # fmt: skip
    return run


@pytest.fixture
def ineligible_run(cast, batch):
    """The batch's run: 正定县 does not meet the condition, 固安县 does."""
    run = publish_run(batch.year - 1, {cast.zhengding: (False, "综合指数省内第45名，未进入前30%"),
                                       cast.guan: (True, "综合指数省内第3名")})  # fmt: skip
    batch.monitoring_run = run
    batch.save(update_fields=["monitoring_run"])
    return run
