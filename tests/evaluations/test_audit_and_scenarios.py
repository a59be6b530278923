"""The statistical audit and the scenarios are computed on every run, stored with its results (checksummed),
shown on the run page and exported; scenarios are set on the run form (hand-computed ranks, conftest table)."""

from __future__ import annotations

import csv
import io

import numpy as np
import openpyxl
import pytest
from django.urls import reverse

from innocounty.evaluations.models import EvaluationRun, RunStatisticalAudit, RunStatus
from innocounty.evaluations.storage import stored_checksums

FORM = {"year": 2024, "scope": "all", "impute_method": "none", "winmax": 5, "normalise_method": "minmax",
        "range_lower": 0, "range_upper": 100, "degenerate": "error", "aggregate_method": "arithmetic",
        "replicates": 0, "seed": 5, "composite_rule": "top_share", "composite_p": 0.25, "composite_n": "",
        "indicator_share": 0.25, "indicator_min_count": "", "combine": "and"}


@pytest.fixture
def logged_in(client, ministry):
    client.force_login(ministry)
    return client


def test_every_run_stores_its_audit_with_the_results_and_checksums(run):
    stored = RunStatisticalAudit.objects.get(run=run)
    assert "statistical_audit" in run.result_checksums
    assert stored_checksums(run) == run.result_checksums
    report = stored.report
    assert report["n_units"] == 6
    # D1 = I01, I02 on the normalised table of conftest: (20,40,60,80,100,0) and (100,20,80,40,60,0)
    a = np.array([20, 40, 60, 80, 100, 0.0])
    b = np.array([100, 20, 80, 40, 60, 0.0])
    d1 = next(d for d in report["dimensions"] if d["code"] == "D1")
    cov = np.cov(np.vstack([a, b]))
    assert d1["cronbach_alpha"] == pytest.approx(2 * (1 - np.trace(cov) / cov.sum()))
    r = np.corrcoef(a, b)[0, 1]
    assert d1["pc1_share"] == pytest.approx((1 + abs(r)) / 2)   # two standardised columns: λ₁ = 1 + |r|
    codes = report["correlations"]["codes"]
    assert report["correlations"]["matrix"][codes.index("I01")][codes.index("I02")] == pytest.approx(r)
    assert {(f["a"], f["b"]) for f in report["flags"]} == ({("I01", "I02")} if r <= 0.3 or r >= 0.9 else set())


def test_a_stored_audit_that_was_changed_fails_verification(run):
    RunStatisticalAudit.objects.filter(run=run).update(report={"tampered": True})
    assert stored_checksums(run) != run.result_checksums


def test_run_page_shows_the_audit_and_the_heatmap_and_exports_it(logged_in, run):
    page = logged_in.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    assert 'data-testid="audit"' in page and 'id="audit-heatmap"' in page and "Cronbach" in page
    assert 'id="audit-data"' in page and "evaluations/audit.js" in page and "<script>" not in page.split("audit-data")[0][-200:]
    xlsx = logged_in.get(reverse("evaluations:audit_export", args=[run.pk, "xlsx"]))
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 4
    text = logged_in.get(reverse("evaluations:audit_export", args=[run.pk, "csv"]) + "?table=dimensions")
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["code", "name", "level"] and {r[0] for r in rows[1:]} == {"D1", "D2", "INDEX"}
    assert logged_in.get(reverse("evaluations:audit_export", args=[run.pk, "pdf"])).status_code == 404
    assert logged_in.get(reverse("evaluations:audit_export", args=[run.pk, "csv"]) + "?table=x").status_code == 404


def test_the_audit_of_an_unpublished_run_is_not_for_provinces(client, run, north_officer):
    client.force_login(north_officer)
    assert client.get(reverse("evaluations:audit_export", args=[run.pk, "xlsx"])).status_code == 403


def test_scenarios_from_the_run_form_side_by_side_with_rank_shifts(logged_in, framework, data_round):
    data = {**FORM, "framework": framework.pk, "label": "情景", "scenario_1_label": "投入加权",
            "scenario_1_weights": "D1=3; D2=1", "scenario_2_normalise": "rank"}
    response = logged_in.post(reverse("evaluations:run_create"), data)
    run = EvaluationRun.objects.get(label="情景")
    assert response.status_code == 302 and run.status == RunStatus.SUCCEEDED, run.error
    stored = RunStatisticalAudit.objects.get(run=run).scenarios
    assert [s["id"] for s in stored["scenarios"]] == ["S1", "S2"]
    ranks = dict(zip(stored["codes"], stored["ranks"]["S1"], strict=True))
    # INDEX = (3·D1 + D2)/4: 70, 42.5, 67.5, 55, 65, 0
    assert ranks == {"970121": 1, "970122": 5, "970123": 2, "970124": 4, "980121": 3, "980122": 6}
    s1 = stored["scenarios"][0]
    assert s1["label"] == "投入加权" and s1["mean_abs_rank_change"] == pytest.approx(3 / 6)   # |−2| + |+1|
    assert "scenarios" in run.result_checksums and stored_checksums(run) == run.result_checksums
    page = logged_in.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    assert 'data-testid="scenario-summary"' in page and "投入加权" in page and "↑1" in page and "↓2" in page


def test_scenario_weights_are_checked_on_the_form(logged_in, framework, data_round):
    data = {**FORM, "framework": framework.pk, "label": "坏情景", "scenario_1_weights": "D9=2"}
    response = logged_in.post(reverse("evaluations:run_create"), data)
    assert response.status_code == 200 and "D9" in response.content.decode()
    response = logged_in.post(reverse("evaluations:run_create"), {**data, "scenario_1_weights": "D1=abc"})
    assert response.status_code == 200 and "代码=权重" in response.content.decode()
    response = logged_in.post(reverse("evaluations:run_create"), {**data, "scenario_1_weights": "D1=5000"})
    assert response.status_code == 200 and not EvaluationRun.objects.filter(label="坏情景").exists()


def test_a_failing_scenario_is_reported_and_the_run_still_succeeds(run_factory, simple_method):
    method = {**simple_method, "scenarios": [
        {"id": "G", "label": "几何", "weights": {}, "method": {"aggregate": {"method": "geometric"}}}]}
    run = run_factory(method=method, replicates=0)
    assert run.status == RunStatus.SUCCEEDED, run.error
    [scenario] = RunStatisticalAudit.objects.get(run=run).scenarios["scenarios"]
    assert scenario["status"] == "failed" and scenario["error"]          # a geometric mean of a 0 score


def test_too_many_or_malformed_scenarios_are_refused(run_factory, simple_method):
    from innocounty.evaluations.runs import RunRefused

    with pytest.raises(RunRefused):
        run_factory(method={**simple_method, "scenarios": [{"id": f"S{i}"} for i in range(4)]})
    with pytest.raises(RunRefused):
        run_factory(method={**simple_method, "scenarios": "S1"})


def test_the_audit_through_the_api(client, run, ministry, north_officer):
    client.force_login(ministry)
    body = client.get(f"/api/evaluations/runs/{run.pk}/audit").json()
    assert body["report"]["n_units"] == 6 and body["scenarios"] == {}
    client.force_login(north_officer)
    assert client.get(f"/api/evaluations/runs/{run.pk}/audit").status_code == 403   # unpublished
    client.logout()
    assert client.get(f"/api/evaluations/runs/{run.pk}/audit").status_code == 401
