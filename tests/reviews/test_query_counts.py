"""The pages that list subjects ask the database a number of questions that does not grow with their rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innocounty.applications.factories import make_application
from innocounty.regions.models import County

pytestmark = pytest.mark.django_db


def _hebei_counties(n):
    return list(County.objects.eligible().filter(province_id="13").order_by("code")[:n])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(batch, cast, counties, state):
    for county in counties:
        make_application(batch, county, cast.county, state=state)


@pytest.mark.parametrize("state", ["submitted", "recommended"])
def test_province_desk_queries_do_not_grow_with_rows(client, cast, batch, state):
    client.force_login(cast.province)
    url = reverse("reviews:province", args=[batch.pk, "13"])
    counties = _hebei_counties(8)
    _fill(batch, cast, counties[:2], "submitted")
    few = _queries(client, url)
    _fill(batch, cast, counties[2:], state)
    many = _queries(client, url)
    assert many == few, (few, many)


def test_data_evaluation_queries_do_not_grow_with_rows(client, cast, batch):
    client.force_login(cast.ministry)
    url = reverse("reviews:data_evaluation", args=[batch.pk])
    counties = _hebei_counties(8)
    _fill(batch, cast, counties[:2], "formal_review_passed")
    few = _queries(client, url)
    _fill(batch, cast, counties[2:], "formal_review_passed")
    many = _queries(client, url)
    assert many == few, (few, many)
