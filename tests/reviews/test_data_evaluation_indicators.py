"""The data-evaluation page's companion: every indicator of the batch's run for each candidate."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application
from innocounty.evaluations.models import IndicatorResult, RunNodeWeight

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_with_indicators(cast, batch, make_published_run):
    """A published run with two indicators for 正定县 (I02 top quartile, I22 imputed); 安吉县 has no rows."""
    run = make_published_run(2025)
    RunNodeWeight.objects.bulk_create([
        RunNodeWeight(run=run, position=0, code="INDEX", name="指数", level=3, weight=1, effective_weight=1),
        RunNodeWeight(run=run, position=1, code="I02", name="财政科技支出占比", level=1, parent_code="INDEX",
                      unit="%", weight=1, effective_weight=0.5),
        RunNodeWeight(run=run, position=2, code="I22", name="万元GDP综合能耗", level=1, parent_code="INDEX",
                      direction=-1, weight=1, effective_weight=0.5),
    ])  # fmt: skip
    zhengding = cast.zhengding
    IndicatorResult.objects.bulk_create([
        IndicatorResult(run=run, county=zhengding, province=zhengding.province, indicator_code="I02", position=1,
                        raw_value=3.2, normalised_score=87.24, province_rank=2, top_quartile=True),
        IndicatorResult(run=run, county=zhengding, province=zhengding.province, indicator_code="I22", position=2,
                        raw_value=0.6, normalised_score=41.0, province_rank=30, imputed=True),
    ])  # fmt: skip
    batch.monitoring_run = run
    batch.save(update_fields=["monitoring_run"])
    return run


def test_matrix_lists_every_indicator_of_each_candidate(client, cast, batch, run_with_indicators):
    make_application(batch, cast.zhengding, cast.county, state="formal_review_passed", priority=1)
    make_application(batch, cast.anji, cast.county_anji, state="formal_review_passed", priority=1)
    client.force_login(cast.ministry)
    page = client.get(reverse("reviews:data_evaluation", args=[batch.pk])).content.decode()
    assert reverse("reviews:data_evaluation_indicators", args=[batch.pk]) in page
    page = client.get(reverse("reviews:data_evaluation_indicators", args=[batch.pk])).content.decode()
    matrix = page[page.index('data-testid="indicator-matrix"') : page.index("</table>")]
    assert ">I02<" in matrix and ">I22<" in matrix
    assert "<strong>87.2</strong>" in matrix and "(2)" in matrix  # top quartile in bold, province rank
    assert "41.0*" in matrix and "(30)" in matrix  # imputed value marked
    assert "安吉县" in matrix and matrix.count("—") >= 2  # a candidate without indicator rows
    assert "逆向指标" in page


def test_matrix_stays_inside_the_ministry(client, cast, batch, run_with_indicators):
    client.force_login(cast.province)
    assert client.get(reverse("reviews:data_evaluation_indicators", args=[batch.pk])).status_code == 403
    client.logout()
    response = client.get(reverse("reviews:data_evaluation_indicators", args=[batch.pk]))
    assert response.status_code == 302


def test_matrix_without_a_run_says_so(client, cast, batch):
    client.force_login(cast.ministry)
    page = client.get(reverse("reviews:data_evaluation_indicators", args=[batch.pk])).content.decode()
    assert "尚无已发布的监测评价结果" in page
