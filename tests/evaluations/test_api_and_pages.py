"""API endpoints and pages of the evaluation runs, with their permission scopes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innocounty.evaluations.models import EvaluationRun, RunStatus

API = "/api/evaluations"


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_anonymous_gets_401(client, run):
    for url in (f"{API}/runs", f"{API}/runs/{run.pk}", f"{API}/runs/{run.pk}/progress",
                f"{API}/runs/{run.pk}/results"):
        assert client.get(url).status_code == 401


def test_anonymous_pages_redirect_to_login(client, run):
    response = client.get(reverse("evaluations:runs"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_unpublished_runs_are_for_ministry_and_auditors(as_user, run, ministry, auditor, north_officer,
                                                        county_officer):
    for user in (ministry, auditor):
        c = as_user(user)
        assert c.get(f"{API}/runs/{run.pk}").status_code == 200
        assert [r["id"] for r in c.get(f"{API}/runs").json()] == [run.pk]
    for user in (north_officer, county_officer):
        c = as_user(user)
        response = c.get(f"{API}/runs/{run.pk}")
        assert response.status_code == 403 and "未发布" in response.json()["detail"]
        assert c.get(f"{API}/runs").json() == []
        assert c.get(f"{API}/runs/{run.pk}/results").status_code == 403
        assert c.get(reverse("evaluations:run", args=[run.pk])).status_code == 403


def test_published_runs_are_visible_to_every_role(as_user, published_run, north_officer, county_officer,
                                                  no_role_user):
    for user in (north_officer, county_officer):
        c = as_user(user)
        assert c.get(f"{API}/runs/{published_run.pk}").status_code == 200
        page = c.get(f"{API}/runs/{published_run.pk}/results?province=98").json()
        assert page["total"] == 2 and [r["county_code"] for r in page["items"]] == ["980121", "980122"]
    assert as_user(no_role_user).get(f"{API}/runs/{published_run.pk}").status_code == 403


def test_missing_run_is_404(as_user, ministry, run):
    assert as_user(ministry).get(f"{API}/runs/999999").status_code == 404
    assert as_user(ministry).get(f"{API}/runs/{run.pk}/results/130123").status_code == 404


def test_start_run_through_the_api(as_user, ministry, north_officer, framework, data_round, simple_method):
    payload = {"year": 2024, "framework_id": framework.pk, "method": simple_method, "replicates": 10, "seed": 3,
               "scope": "accepted"}
    denied = as_user(north_officer).post(f"{API}/runs", payload, content_type="application/json")
    assert denied.status_code == 403
    response = as_user(ministry).post(f"{API}/runs", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "succeeded" and body["progress"] == 100 and body["unit_count"] == 6
    bad = as_user(ministry).post(f"{API}/runs", {**payload, "method": {"normalise": {"method": "nope"}}},
                                 content_type="application/json")
    assert bad.status_code == 400 and "normalise" in bad.json()["detail"]
    invalid = as_user(ministry).post(f"{API}/runs", {**payload, "replicates": -1}, content_type="application/json")
    assert invalid.status_code == 422


def test_progress_detail_results_and_county(as_user, ministry, run):
    c = as_user(ministry)
    progress = c.get(f"{API}/runs/{run.pk}/progress").json()
    assert progress == {"id": run.pk, "status": "succeeded", "progress": 100, "progress_message": "完成",
                        "error": "", "finished": True}
    detail = c.get(f"{API}/runs/{run.pk}").json()
    assert detail["result_sha256"] == run.result_sha256 and len(detail["node_weights"]) == 6
    eligible = c.get(f"{API}/runs/{run.pk}/results?eligible=true").json()
    assert [r["county_code"] for r in eligible["items"]] == ["970121", "980121"]
    county = c.get(f"{API}/runs/{run.pk}/results/970121").json()
    assert county["national_rank"] == 1 and [i["indicator_code"] for i in county["indicators"]] == ["I01", "I02",
                                                                                                    "I03"]


def test_publish_through_the_api(as_user, ministry, north_officer, run):
    assert as_user(north_officer).post(f"{API}/runs/{run.pk}/publish", {}, content_type="application/json"
                                       ).status_code == 403
    unconfirmed = as_user(ministry).post(f"{API}/runs/{run.pk}/publish", {"public_visible": True},
                                         content_type="application/json")
    assert unconfirmed.status_code == 400 and "须确认" in unconfirmed.json()["detail"]
    run.refresh_from_db()
    assert not run.published
    response = as_user(ministry).post(f"{API}/runs/{run.pk}/publish", {"public_visible": True, "confirm": True},
                                      content_type="application/json")
    assert response.status_code == 200 and response.json()["published"] and response.json()["public_visible"]
    again = as_user(ministry).post(f"{API}/runs/{run.pk}/publish", {"confirm": True}, content_type="application/json")
    assert again.status_code == 400


def test_compare_through_the_api(as_user, ministry, run_factory, simple_method):
    a = run_factory(replicates=0)
    b = run_factory(replicates=0, method={**simple_method, "weights": {"source": "t", "sets": {"t": {"D1": 3}}}})
    body = as_user(ministry).get(f"{API}/compare?a={a.pk}&b={b.pk}").json()
    assert body["counties"] == 6 and body["moved"] > 0
    assert {r["county_code"]: r["change"] for r in body["rows"]}["980121"] == 1


def test_run_pages_for_the_ministry(as_user, ministry, run, run_factory, framework, data_round):
    c = as_user(ministry)
    listing = c.get(reverse("evaluations:runs")).content.decode()
    assert f"#{run.pk}" in listing and "hx-get" not in listing  # finished runs do not poll
    assert "发起评价运行" in listing
    detail = c.get(reverse("evaluations:run", args=[run.pk]) + "?verify=1").content.decode()
    assert run.result_sha256 in detail and 'data-testid="verified"' in detail and "发布评价结果" in detail
    partial = c.get(reverse("evaluations:run_progress", args=[run.pk])).content.decode()
    assert "100%" in partial and "<html" not in partial
    form = c.get(reverse("evaluations:run_create"))
    assert form.status_code == 200 and "不确定性分析重复次数" in form.content.decode()


def test_a_queued_run_polls_its_progress(as_user, ministry, framework):
    queued = EvaluationRun.objects.create(year=2024, framework=framework, seed=1, created_by=ministry)
    partial = as_user(ministry).get(reverse("evaluations:run_progress", args=[queued.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "排队中" in partial


def test_start_form_creates_and_runs(as_user, ministry, framework, data_round):
    data = {"year": 2024, "framework": framework.pk, "scope": "all", "label": "试算", "impute_method": "none",
            "treat": "on", "winmax": 5, "normalise_method": "minmax", "range_lower": 0, "range_upper": 100,
            "degenerate": "error", "aggregate_method": "arithmetic", "replicates": 10, "seed": 5,
            "composite_rule": "top_share", "composite_p": 0.25, "composite_n": "", "indicator_share": 0.25,
            "indicator_min_count": "", "combine": "and"}
    response = as_user(ministry).post(reverse("evaluations:run_create"), data)
    run = EvaluationRun.objects.get(label="试算")
    assert response.status_code == 302 and run.status == RunStatus.SUCCEEDED, run.error
    assert run.method["eligibility"]["composite"] == {"rule": "top_share", "p": 0.25}
    geometric = as_user(ministry).post(reverse("evaluations:run_create"), {**data, "aggregate_method": "geometric"})
    assert geometric.status_code == 200 and "区间下限" in geometric.content.decode()


def test_publish_page_and_compare_page(as_user, ministry, north_officer, run_factory, simple_method):
    a = run_factory(replicates=0)
    b = run_factory(replicates=0, method={**simple_method, "weights": {"source": "t", "sets": {"t": {"D1": 3}}}})
    denied = as_user(north_officer).post(reverse("evaluations:publish", args=[a.pk]))
    assert denied.status_code == 403
    as_user(ministry).post(reverse("evaluations:publish", args=[a.pk]), {"public_visible": "on", "confirm": "1"})
    assert EvaluationRun.objects.get(pk=a.pk).published
    page = as_user(ministry).get(reverse("evaluations:compare") + f"?a={a.pk}&b={b.pk}&sort=change").content.decode()
    assert 'data-testid="compare-table"' in page and "↑1" in page
    officer_view = as_user(north_officer).get(reverse("evaluations:runs")).content.decode()
    assert f"#{a.pk}" in officer_view and f"#{b.pk}<" not in officer_view
