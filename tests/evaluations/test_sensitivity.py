"""The sensitivity analysis (methodology §9) asked for on the run form: computed in the run job by the engine,
stored with the results (checksummed), shown on the run page and exported as csv; its bounds are refused."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from django.urls import reverse

from innocounty.evaluation.pipeline import prepare
from innocounty.evaluation.sensitivity import run_sensitivity
from innocounty.evaluation.weights import resolve_weights
from innocounty.evaluations.inputs import build_input
from innocounty.evaluations.models import EvaluationRun, RunStatisticalAudit, RunStatus
from innocounty.evaluations.runs import RunRefused
from innocounty.evaluations.sensitivity import MAX_BOOTSTRAP, MAX_SAMPLES
from innocounty.evaluations.storage import stored_checksums

from .test_audit_and_scenarios import FORM


@pytest.fixture
def logged_in(client, ministry):
    client.force_login(ministry)
    return client


@pytest.fixture
def sensitivity_run(run_factory, simple_method):
    run = run_factory(method={**simple_method, "sensitivity": {"n": 16, "Nboot": 40}}, replicates=0, seed=11)
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def test_the_stored_analysis_equals_the_engines_on_the_same_inputs(sensitivity_run, simple_method):
    run = sensitivity_run
    stored = RunStatisticalAudit.objects.get(run=run).sensitivity
    run_input = build_input(run.year, run.framework, run.data_scope)
    engine, m = prepare(
        run_input.frame, run_input.framework, {"groups": {}, "eligibility": {}, **simple_method}
    )
    weights = resolve_weights(engine.fw, m["weights"])
    nominal = engine.run(m, weights)
    expected = run_sensitivity(
        engine, {**m, "sensitivity": {"n": 16, "Nboot": 40}}, weights, nominal, seed=11
    )
    assert stored["config"]["n"] == 16 and stored["config"]["Nboot"] == 40 and stored["config"]["seed"] == 11
    assert stored["inputs"] == [i.name for i in expected.inputs] and stored["runs"] == 16 * (
        len(expected.inputs) + 2
    )
    table = expected.table.set_index("factor")
    for factor in stored["factors"]:
        for key in ("Si", "STi", "Si_q05", "Si_q95", "STi_q05", "STi_q95"):
            value = table.loc[factor["factor"], key]
            assert (factor[key] is None and np.isnan(value)) or factor[key] == pytest.approx(value)
    ranks = expected.run.ranks
    column = list(engine.codes[stored["config"]["year"]]).index(stored["codes"][0])
    assert stored["rank_min"][0] == int(np.nanmin(ranks[:, column]))
    assert stored["rank_max"][0] == int(np.nanmax(ranks[:, column]))
    assert run.method["sensitivity"]["n"] == 16  # the resolved method records it
    assert "sensitivity" in run.result_checksums and stored_checksums(run) == run.result_checksums


def test_a_changed_analysis_fails_verification(sensitivity_run):
    RunStatisticalAudit.objects.filter(run=sensitivity_run).update(sensitivity={"factors": []})
    assert stored_checksums(sensitivity_run) != sensitivity_run.result_checksums


def test_runs_without_it_store_nothing_and_keep_their_checksums(run):
    assert RunStatisticalAudit.objects.get(run=run).sensitivity == {}
    assert "sensitivity" not in run.result_checksums


def test_from_the_run_form_to_the_page_and_the_csv(logged_in, framework, data_round):
    data = {**FORM, "framework": framework.pk, "label": "敏感", "sensitivity_n": 12, "sensitivity_nboot": 30}
    response = logged_in.post(reverse("evaluations:run_create"), data)
    run = EvaluationRun.objects.get(label="敏感")
    assert response.status_code == 302 and run.status == RunStatus.SUCCEEDED, run.error
    stored = RunStatisticalAudit.objects.get(run=run).sensitivity
    assert stored["config"]["n"] == 12 and len(stored["factors"]) >= 2
    page = logged_in.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    assert 'data-testid="sensitivity-factors"' in page and 'data-testid="sensitivity-counties"' in page
    url = reverse("evaluations:sensitivity_export", args=[run.pk])
    rows = list(csv.reader(io.StringIO(logged_in.get(url + "?table=factors").content.decode("utf-8-sig"))))
    assert rows[0] == ["factor", "Si", "STi", "Si_q05", "Si_q95", "STi_q05", "STi_q95"]
    assert [r[0] for r in rows[1:]] == [f["factor"] for f in stored["factors"]]
    rows = list(csv.reader(io.StringIO(logged_in.get(url + "?table=counties").content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["code", "name", "nominal_rank"] and len(rows) == 1 + len(stored["codes"])
    assert logged_in.get(url + "?table=x").status_code == 404


def test_a_run_without_it_has_no_export_and_the_page_says_nothing(logged_in, run):
    assert logged_in.get(reverse("evaluations:sensitivity_export", args=[run.pk])).status_code == 404
    page = logged_in.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    assert 'data-testid="sensitivity"' not in page


def test_the_export_of_an_unpublished_run_is_not_for_provinces(client, sensitivity_run, north_officer):
    client.force_login(north_officer)
    assert client.get(reverse("evaluations:sensitivity_export", args=[sensitivity_run.pk])).status_code == 403


def test_bounds_are_refused_on_the_form_with_a_message(logged_in, framework, data_round):
    data = {**FORM, "framework": framework.pk, "label": "过大", "sensitivity_n": MAX_SAMPLES + 1}
    response = logged_in.post(reverse("evaluations:run_create"), data)
    assert response.status_code == 200 and str(MAX_SAMPLES) in response.content.decode()
    response = logged_in.post(
        reverse("evaluations:run_create"),
        {**data, "sensitivity_n": 10, "sensitivity_nboot": MAX_BOOTSTRAP + 1},
    )
    assert response.status_code == 200 and str(MAX_BOOTSTRAP) in response.content.decode()
    assert not EvaluationRun.objects.filter(label="过大").exists()


@pytest.mark.parametrize(
    "section",
    [
        {"n": MAX_SAMPLES + 1},
        {"n": 0},
        {"n": 10, "Nboot": MAX_BOOTSTRAP + 1},
        {"n": "10"},
        {"n": True},
        "n=10",
    ],
)
def test_bounds_are_refused_by_the_service(run_factory, simple_method, section):
    with pytest.raises(RunRefused) as exc:
        run_factory(method={**simple_method, "sensitivity": section}, replicates=0)
    assert str(MAX_SAMPLES) in str(exc.value.reason)


def test_the_analysis_through_the_api(client, sensitivity_run, ministry):
    client.force_login(ministry)
    body = client.get(f"/api/evaluations/runs/{sensitivity_run.pk}/audit").json()
    assert body["sensitivity"] == RunStatisticalAudit.objects.get(run=sensitivity_run).sensitivity
    assert body["sensitivity"]["config"]["n"] == 16
