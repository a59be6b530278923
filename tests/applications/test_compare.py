"""Issue 8 item 23 through the pages and API: numbers compared whole, targets cell by cell."""

import copy

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application
from innocounty.applications.models import PlanVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    first = app.plan_json()
    first["sections"]["basis"] = "<p>研发投入强度2.5%。</p>"
    second = copy.deepcopy(first)
    second["sections"]["basis"] = "<p>研发投入强度45000%。</p>"
    second["targets"][0]["baseline"] = 45000
    for number, content in ((1, first), (2, second)):
        PlanVersion.objects.create(application=app, number=number, content=content, submitted_by=cast.county)
    return app


def test_compare_page_shows_whole_numbers_and_a_target_table(client, cast, two_versions):
    client.force_login(cast.county)
    body = client.get(reverse("applications:compare", args=[two_versions.pk]) + "?a=1&b=2").content.decode()
    assert "<del>2.5%</del><ins>45000%</ins>" in body
    assert 'data-testid="diff-targets"' in body and 'data-testid="changed-cell"' in body
    assert "<del>1</del> → <ins>45000</ins>" in body  # the baseline cell, old → new
    assert "2.45000" not in body


def test_compare_api_has_the_tables(client, cast, two_versions):
    client.force_login(cast.county)
    data = client.get(f"/api/applications/{two_versions.pk}/compare?a=1&b=2").json()
    row = data["targets"]["rows"][0]
    assert row["status"] == "changed"
    assert [c["column"] for c in row["cells"] if c["changed"]] == ["基期值"]
    assert data["milestones"]["rows"] and all(r["status"] == "unchanged" for r in data["milestones"]["rows"])
