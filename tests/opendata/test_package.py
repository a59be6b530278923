"""Every published run as a Frictionless Data Package: validated against its own schema with ``frictionless``,
at permanent URLs, visible to whoever may see the run (404 otherwise), with a citation line."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse
from frictionless import Package, validate

from innocounty.evaluations.runs import publish_run


@pytest.fixture
def public_run(run, ministry):
    return publish_run(ministry, run, public_visible=True, confirm=True)


def test_the_zip_is_a_valid_data_package(client, public_run, tmp_path):
    response = client.get(reverse("opendata:datapackage_zip", args=[public_run.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    assert {"datapackage.json", "county_results.csv", "indicator_scores.csv", "framework.csv",
            "statistical_audit_indicators.csv", "statistical_audit_dimensions.csv"} <= names
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["innocounty"]["checksums"]["result_sha256"] == public_run.result_sha256
    county = next(r for r in descriptor["resources"] if r["name"] == "county_results")
    fields = {f["name"]: f for f in county["schema"]["fields"]}
    assert fields["national_rank_q05"]["type"] == "number" and fields["index_score"]["unit"] == "score (0–100)"
    assert "score_D1" in fields and fields["eligible"]["type"] == "boolean"
    # the values are the run's: hand-computed index of conftest (970121 → 80, first nationally)
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO((tmp_path / "county_results.csv").read_text()))}
    assert float(rows["970121"]["index_score"]) == pytest.approx(80.0) and rows["970121"]["national_rank"] == "1"
    # never the raw values
    header = (tmp_path / "indicator_scores.csv").read_text().splitlines()[0]
    assert "raw" not in header and "normalised_score" in header
    # the package reads back with frictionless and its foreign keys hold
    package = Package(str(tmp_path / "datapackage.json"))
    assert len(package.get_resource("indicator_scores").read_rows()) == 6 * 3


def test_a_broken_file_fails_validation(client, public_run, tmp_path):
    """The schema is strict enough to catch a bad file (so the check above can fail)."""
    response = client.get(reverse("opendata:datapackage_zip", args=[public_run.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    path = tmp_path / "county_results.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[0], "97012X", 1)
    path.write_text("\n".join(lines) + "\n")
    assert not validate(str(tmp_path / "datapackage.json")).valid


def test_permanent_urls_the_same_bytes_and_the_json_next_to_its_csv(client, public_run):
    zip_url = reverse("opendata:datapackage_zip", args=[public_run.pk])
    assert zip_url == f"/open-data/runs/{public_run.pk}/datapackage.zip"
    assert client.get(zip_url).content == client.get(zip_url).content
    descriptor = client.get(reverse("opendata:datapackage_json", args=[public_run.pk])).json()
    assert descriptor["id"].endswith(f"/open-data/runs/{public_run.pk}/")
    for resource in descriptor["resources"]:
        csv_response = client.get(f"/open-data/runs/{public_run.pk}/{resource['path']}")
        assert csv_response.status_code == 200
    assert client.get(f"/open-data/runs/{public_run.pk}/nothing.csv").status_code == 404


def test_index_page_and_run_page_with_citation(client, public_run):
    index = client.get(reverse("opendata:index")).content.decode()
    assert f"/open-data/runs/{public_run.pk}/datapackage.zip" in index
    page = client.get(reverse("opendata:run", args=[public_run.pk])).content.decode()
    assert 'data-testid="citation"' in page and f"评价运行 #{public_run.pk}" in page and "national_rank_q95" in page


def test_the_rankings_pages_carry_the_citation(client, public_run):
    page = client.get(reverse("rankings:list") + f"?run={public_run.pk}").content.decode()
    assert 'data-testid="citation"' in page and f"/open-data/runs/{public_run.pk}/" in page


def test_hidden_runs_have_no_package(client, run, ministry, north_officer):
    assert client.get(reverse("opendata:datapackage_json", args=[run.pk])).status_code == 404   # unpublished
    published = publish_run(ministry, run, confirm=True)   # published inside the platform, not to the public
    assert client.get(reverse("opendata:datapackage_zip", args=[published.pk])).status_code == 404
    assert f"/open-data/runs/{published.pk}/" not in client.get(reverse("opendata:index")).content.decode()
    client.force_login(north_officer)
    assert client.get(reverse("opendata:datapackage_json", args=[published.pk])).status_code == 200
    assert client.get(reverse("opendata:datapackage_json", args=[999999])).status_code == 404
