"""Benchmark: server time of the rankings pages (docs/performance.md, "Pages").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/innocounty_rank_dev .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/innocounty_rank_dev .venv/bin/python manage.py demo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/innocounty_rank_dev .venv/bin/python benchmarks/bench_pages.py

Reads the database named by ``DATABASE_URL`` as it is (the full demo data: ~1,870 counties × 23 indicators,
seven published runs 2019–2025) and never writes to it. Each page is requested through Django's test
``Client`` (the whole stack: middleware, session, permission checks, queries, template rendering), first
``--warmup`` times, then ``--repeat`` times; it prints the median, p95 and maximum server time and the
number of SQL queries of one request. Pages:

* the national ranking, first page of 50 rows, with filters applied (belt + unit type + eligibility) and
  sorted by a dimension score; and without filters;
* a county profile (正定县) as its county officer (full: raw values) and anonymously (published parts);
* the national map page and its JSON, a province map, the API ranking page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocounty.web.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    ("national ranking, filtered, page 1", "/rankings/?belt=east&unit_type=县&eligible=no&sort=dim:D2", None),
    ("national ranking, no filter, page 1", "/rankings/", None),
    ("national ranking, page 20", "/rankings/?page=20", None),
    ("province ranking (河北)", "/rankings/province/13/", None),
    ("county profile, county officer (full)", "/rankings/county/130123/", "county_zhengding"),
    ("county profile, anonymous", "/rankings/county/130123/", None),
    ("national map page", "/rankings/map/", None),
    ("national map data (JSON)", "/rankings/map/data.json", None),
    ("province map (河北) with county table", "/rankings/map/13/", None),
    ("API ranking, filtered, 50 rows", "/api/rankings?belt=east&unit_type=县&eligible=no", None),
]
SLOW = [("county profile PDF", "/rankings/county/130123/pdf/", None)]


def measure(client: Client, url: str, warmup: int, repeat: int) -> tuple[list[float], int, int]:
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return times, len(queries), len(response.content)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--pdf-repeat", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from innocounty.accounts.models import User
    from innocounty.evaluations.models import CountyResult
    from innocounty.rankings.access import visible_published_runs

    anonymous = Client()
    run = visible_published_runs(anonymous.get("/").wsgi_request.user).first()
    if run is None:
        sys.exit("no public published run: run 'manage.py demo' on this database first")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; run #{run.pk} ({run.year}), "
          f"{CountyResult.objects.filter(run=run).count()} counties; warm-up {args.warmup}, {args.repeat} requests")
    officer = Client()
    officer.force_login(User.objects.get(username="county_zhengding"))
    print(f"{'page':<42} {'median':>8} {'p95':>8} {'max':>8} {'queries':>8} {'KB':>6}")
    for label, url, who in PAGES + SLOW:
        client = officer if who else anonymous
        repeat = args.pdf_repeat if (label, url, who) in SLOW else args.repeat
        times, queries, size = measure(client, url, min(args.warmup, 2) if repeat < 10 else args.warmup, repeat)
        print(f"{label:<42} {statistics.median(times):>6.1f}ms {p95(times):>6.1f}ms {max(times):>6.1f}ms "
              f"{queries:>8} {size / 1024:>6.0f}")


if __name__ == "__main__":
    main()
