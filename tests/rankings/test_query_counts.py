"""The ranking and map pages ask the database a number of questions that does not grow with their rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innocounty.regions.models import County

from .conftest import make_run

pytestmark = pytest.mark.django_db


def _results(n):
    codes = list(County.objects.eligible().filter(province_id__in=["13", "33"]).order_by("code")
                 .values_list("code", flat=True)[:n])  # fmt: skip
    return {code: (90.0 - i, i + 1, i + 1, i % 2 == 0) for i, code in enumerate(codes)}


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/rankings/", "/rankings/?province=13", "/rankings/eligibility/"])
def test_public_ranking_pages_do_not_grow_with_rows(client, url):
    make_run(2024, _results(4))
    make_run(2025, _results(4))
    few = _queries(client, url)
    make_run(2025, _results(40))  # the newer publication, ten times the rows
    make_run(2024, _results(40))
    many = _queries(client, url)
    assert many == few, (url, few, many)
