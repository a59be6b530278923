"""The effect page (/overview/effect/): the estimate over the published runs, who sees which runs, the cache,
closed parameters and the exports."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from innocounty.common.states import seeding_states
from innocounty.evaluation.effect import estimate
from innocounty.evaluations.models import EvaluationRun, RunNodeWeight
from innocounty.overview import effect_service
from innocounty.overview.models import EffectEstimate
from innocounty.overview.programme_data import NOT_APPROVED

from .conftest import approve, make_batch

pytestmark = pytest.mark.django_db
URL = reverse("overview:effect")


def test_the_page_shows_the_estimate_of_the_published_panel_to_the_public(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    frame = world["frame"]
    direct = estimate(frame, "INDEX")
    view = response.context["view"]
    assert view.results["INDEX"].att.estimate == pytest.approx(direct.att.estimate)
    assert view.results["INDEX"].cohorts == {2023: 12} and view.results["INDEX"].excluded == {2018: 7}
    for text in (
        "这是关联，不是已证明的因果关系",
        "平行趋势",
        "前期趋势检验",
        "模拟数据",
        'data-testid="effect-chart"',
    ):
        assert text in html
    assert "<script>" not in html and "onclick" not in html
    assert [code for code, _ in view.outcomes] == ["INDEX", "D1", "D2", "D3", "D4", "D5"]


def test_every_dimension_has_its_estimate_and_the_planted_effect_shows(client, world):
    view = client.get(URL, {"outcome": "D3"}).context["view"]
    assert set(view.results) == {"INDEX", "D1", "D2", "D3", "D4", "D5"} and not view.errors
    assert view.results["INDEX"].att.low > 0  # the demo plants a rise after approval


def test_the_public_sees_only_runs_published_to_the_public(client, world, users, client_for):
    EvaluationRun.objects.filter(year=2019).update(public_visible=False)
    public = effect_service.effects(users["norole"])
    ministry = effect_service.effects(users["ministry"])
    assert public.years == list(range(2020, 2026)) and ministry.years == list(range(2019, 2026))
    assert public.results["INDEX"].n_obs < ministry.results["INDEX"].n_obs
    EvaluationRun.objects.update(public_visible=False)
    assert "尚无已发布的监测评价结果" in client.get(URL).content.decode()
    assert client_for(users["hebei"]).get(URL).context["result"] is not None


def test_unpublished_runs_are_never_used_not_even_for_the_ministry(world, users):
    with seeding_states():
        EvaluationRun.objects.filter(year=2025).update(published=False)
    assert effect_service.effects(users["ministry"]).years == list(range(2019, 2025))


def test_estimates_are_cached_per_run_set_and_approvals(world, users):
    first = effect_service.effects(users["ministry"])
    assert first.computed_now and EffectEstimate.objects.count() == 6
    again = effect_service.effects(users["norole"])  # the same runs are public: the same key
    assert not again.computed_now and again.results["D2"] == first.results["D2"]
    approve(make_batch("2024（测试）", 2024), ["130125"], users["ministry"])
    third = effect_service.effects(users["ministry"])
    assert third.computed_now and EffectEstimate.objects.count() == 12
    assert third.results["INDEX"].cohorts == {2023: 12, 2024: 1}
    assert effect_service.prune(keep_latest=1) == 6


def test_not_approved_states_are_not_treated(world, users):
    approve(make_batch("2024（测试）", 2024), ["130125"], users["ministry"], state=NOT_APPROVED)
    assert effect_service.effects(users["ministry"]).results["INDEX"].cohorts == {2023: 12}


def test_without_approvals_the_page_says_why(client, db, demo_panel):
    from .conftest import YEARS, store_run

    frame, _ = demo_panel
    for year in YEARS:
        store_run(year, frame[frame["year"] == year])
    response = client.get(URL)
    assert response.status_code == 200
    assert "有批准前年份的不足 2 个" in response.content.decode()
    assert client.get(reverse("overview:effect_data")).status_code == 404


def test_parameters_are_closed(client, world):
    assert client.get(URL, {"outcome": "I01"}).status_code == 404
    assert client.get(URL, {"outcome": "x" * 5000}).status_code == 404
    assert client.get(reverse("overview:effect_export", args=["pdf"])).status_code == 404
    assert client.post(URL).status_code == 405


def test_an_unknown_outcome_is_refused_also_without_runs(client, db):
    assert client.get(URL, {"outcome": "x" * 5000}).status_code == 404
    assert client.get(URL).status_code == 200


def test_chart_data(client, world):
    data = client.get(reverse("overview:effect_data"), {"outcome": "D1"}).json()
    assert data["outcome"] == "D1" and data["outcome_name"] == "创新投入"
    assert [p["label"] for p in data["points"]] == ["≤-4", "-3", "-2", "-1", "0", "1", "2"]
    assert next(p for p in data["points"] if p["reference"])["estimate"] == 0.0
    assert all(p["low"] <= p["estimate"] <= p["high"] for p in data["points"])


def test_exports_carry_every_outcome_and_neutralise_formulas(client, world):
    newest = world["runs"][-1]
    RunNodeWeight.objects.filter(run=newest, code="D5").update(name='=HYPERLINK("http://x")')
    response = client.get(reverse("overview:effect_export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "结果变量代码"
    assert {r[0] for r in rows[1:]} == {"INDEX", "D1", "D2", "D3", "D4", "D5"}
    assert any(r[1] == '\'=HYPERLINK("http://x")' for r in rows[1:])
    att = next(r for r in rows if r[0] == "INDEX" and r[2] == "批准后平均")
    assert float(att[3]) == pytest.approx(estimate(world["frame"], "INDEX").att.estimate, abs=1e-4)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("overview:effect_export", args=["xlsx"])).content)
    )
    assert book.active.max_row == 3 + (len(rows) - 1)
