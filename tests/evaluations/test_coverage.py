"""Coverage of a run (issue 8 item 18): stored and shown; publishing a partial run needs a confirmation that
names what is missing; 部分覆盖 wherever the run is shown; year-on-year moves like with like only."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from innocounty.audit.models import AuditEvent
from innocounty.evaluations.coverage import comparable, coverage
from innocounty.evaluations.runs import RunRefused, execute_run, publish_run, start_run

YEAR = 2024
API = "/api/evaluations"


@pytest.fixture
def north_only(make_round, ministry, framework, simple_method):
    """A run of year 2024 over the accepted province 97 only (98's data was submitted, not accepted)."""
    make_round(accepted=("97",))
    return start_run(ministry, YEAR, framework, simple_method, 0, 1, run_now=execute_run)


def test_a_full_run_stores_its_coverage(run):
    scope = coverage(run)
    assert run.coverage["provinces"] == ["97", "98"] and run.coverage["counties"] == 6
    assert (scope.eligible_counties, scope.covered_eligible, scope.missing_counties) == (6, 6, 0)
    assert scope.share == 1 and not scope.partial


def test_a_one_province_run_is_partial_and_says_what_is_missing(north_only):
    scope = coverage(north_only)
    assert scope.provinces == ("97",) and scope.missing_provinces == ("98",)
    assert (scope.counties, scope.eligible_counties, scope.missing_counties) == (4, 6, 2)
    assert scope.partial and scope.share == pytest.approx(4 / 6)
    assert "部分覆盖：北测省，4/6" in scope.summary() and "南测省" in scope.missing_text()
    assert str(north_only).endswith("（部分覆盖）")  # the run's name carries it into every list, message, log


def test_a_full_run_is_named_without_the_label(run):
    assert "部分覆盖" not in str(run)


def test_publishing_a_partial_run_needs_an_explicit_confirmation(north_only, ministry):
    with pytest.raises(RunRefused) as refused:
        publish_run(ministry, north_only, confirm=True)
    assert "南测省" in refused.value.reason and "2 个" in refused.value.reason
    north_only.refresh_from_db()
    assert not north_only.published
    published = publish_run(ministry, north_only, confirm_partial=True, confirm=True)
    assert published.published and published.partial_confirmed
    event = AuditEvent.objects.get(action="run_publication.publish", object_id=str(north_only.pk))
    assert event.after["partial_confirmed"] is True and "部分覆盖" in event.after["coverage"]


def test_the_publish_api_and_form_ask_for_the_confirmation(client, north_only, ministry):
    client.force_login(ministry)
    refused = client.post(f"{API}/runs/{north_only.pk}/publish", {"confirm": True}, content_type="application/json")
    assert refused.status_code == 400 and "南测省" in refused.json()["detail"]
    detail = client.get(reverse("evaluations:run", args=[north_only.pk])).content.decode()
    assert 'data-testid="confirm-partial"' in detail and 'name="confirm_partial"' in detail
    assert "部分覆盖" in detail and "前 20 名（部分覆盖）" in detail and "全国前 20 名" not in detail
    client.post(reverse("evaluations:publish", args=[north_only.pk]), {"confirm": "1"})  # partial not ticked
    north_only.refresh_from_db()
    assert not north_only.published
    client.post(reverse("evaluations:publish", args=[north_only.pk]), {"confirm_partial": "on"})  # not confirmed
    north_only.refresh_from_db()
    assert not north_only.published
    client.post(reverse("evaluations:publish", args=[north_only.pk]), {"confirm_partial": "on", "confirm": "1"})
    north_only.refresh_from_db()
    assert north_only.published and north_only.partial_confirmed
    body = client.get(f"{API}/runs/{north_only.pk}").json()
    assert body["coverage"]["partial"] is True and body["coverage"]["missing_provinces"] == ["98"]
    listing = client.get(reverse("evaluations:runs")).content.decode()
    assert 'data-testid="partial-coverage"' in listing


def test_a_full_run_publishes_without_confirmation_and_is_not_labelled(client, run, ministry):
    publish_run(ministry, run, confirm=True)
    client.force_login(ministry)
    detail = client.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    assert "全国前 20 名" in detail and 'data-testid="partial-coverage"' not in detail


def test_partial_is_labelled_on_rankings_pages_exports_and_the_pdf(client, north_only, ministry, monkeypatch):
    publish_run(ministry, north_only, public_visible=True, confirm_partial=True, confirm=True)
    client.force_login(ministry)
    for url in ("/rankings/", "/rankings/county/970121/", "/rankings/eligibility/"):
        page = client.get(url).content.decode()
        assert 'data-testid="partial-coverage"' in page, url
    rows = list(csv.reader(io.StringIO(client.get("/rankings/export.csv").content.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["覆盖范围", "数据性质"] and all(row[-2].startswith("部分覆盖") for row in rows[1:])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/rankings/export.xlsx").content)).active
    assert "部分覆盖" in sheet["A1"].value
    api = client.get("/api/rankings").json()
    assert api["run"]["partial_coverage"] is True
    rendered = {}

    class CapturingHTML:
        def __init__(self, string, base_url=None):
            rendered["html"] = string

        def write_pdf(self):
            return b"%PDF-1.7"

    monkeypatch.setattr("weasyprint.HTML", CapturingHTML)
    assert client.get("/rankings/county/970121/pdf/").status_code == 200
    assert "@bottom-left" in rendered["html"] and "部分覆盖：北测省" in rendered["html"]


def test_year_on_year_moves_only_between_runs_of_the_same_coverage(
        client, make_round, ministry, framework, simple_method, values_table):
    """A national 2023 run, then a 2024 run of one province: no move (note shown). A national 2024 run:
    moves, ranked among the counties of both runs."""
    make_round(year=2023, values={**values_table, "970122": (50, 5, 1)})  # 乙县 1st in 2023, 3rd in 2024
    last_year = start_run(ministry, 2023, framework, simple_method, 0, 1, run_now=execute_run)
    publish_run(ministry, last_year, confirm=True)
    make_round(accepted=("97",))
    partial = start_run(ministry, YEAR, framework, simple_method, 0, 1, run_now=execute_run)
    publish_run(ministry, partial, confirm_partial=True, confirm=True)
    assert not comparable(last_year, partial)
    client.force_login(ministry)
    body = client.get(f"/api/rankings?run={partial.pk}").json()
    assert body["moves_comparable"] is False and all(r["national_move"] is None for r in body["results"])
    page = client.get(f"/rankings/?run={partial.pk}").content.decode()
    assert 'data-testid="moves-note"' in page
    profile = client.get(f"/api/rankings/counties/970121?run={partial.pk}").json()
    assert profile["previous"]["comparable"] is False and profile["previous"]["national_move"] is None


def test_year_on_year_moves_between_national_runs(client, make_round, ministry, framework, simple_method,
                                                  values_table):
    make_round(year=2023, values={**values_table, "970122": (50, 5, 1)})
    last_year = start_run(ministry, 2023, framework, simple_method, 0, 1, run_now=execute_run)
    publish_run(ministry, last_year, confirm=True)
    make_round()
    this_year = start_run(ministry, YEAR, framework, simple_method, 0, 1, run_now=execute_run)
    publish_run(ministry, this_year, confirm=True)
    assert comparable(last_year, this_year)
    client.force_login(ministry)
    body = client.get(f"/api/rankings?run={this_year.pk}").json()
    assert body["moves_comparable"] is True
    moves = {r["county_code"]: r["national_move"] for r in body["results"]}
    ranks = {r["county_code"]: (r["previous_national_rank"], r["national_rank"]) for r in body["results"]}
    assert moves == {code: before - now for code, (before, now) in ranks.items()}
    assert any(moves.values())
