"""No page answers 500 to a hostile query string (issue 8 item 9): every page that takes no path
argument, and the pages of one batch and one application, with non-ASCII digits, 25-digit numbers and
words where numbers are expected, as each role."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from innocounty.applications.factories import make_application

pytestmark = pytest.mark.django_db
HUGE = "9" * 25
HOSTILE = [
    "year=%C2%B2&batch=%C2%B2&page=%C2%B2&run=%C2%B2&a=%C2%B2&b=%C2%B2&offset=%C2%B2&province=%C2%B2%C2%B2",
    f"year={HUGE}&batch={HUGE}&page={HUGE}&run={HUGE}&a={HUGE}&b={HUGE}&offset={HUGE}&prefecture={HUGE}",
    "year=-1&batch=x&page=-5&run=x&a=x&b=working&sort=%00&dir=sideways&q=" + "长" * 300,
]


def _pages_without_arguments(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "api") or str(entry.pattern).startswith(
                ("admin", "api", "static")
            ):
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _pages_without_arguments(entry, namespace)
        elif (
            isinstance(entry, URLPattern)
            and entry.name
            and "<" not in str(entry.pattern)
            and "logout" not in entry.name
        ):
            yield prefix + entry.name


@pytest.fixture
def paths(cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    app.versions.create(number=1, submitted_by=cast.county, content=app.plan_json())
    fixed = [reverse(name) for name in sorted(set(_pages_without_arguments()))]
    return fixed + [
        reverse("applications:detail", args=[app.pk]),
        reverse("applications:compare", args=[app.pk]),
        reverse("reviews:province", args=[batch.pk, "13"]),
        reverse("reviews:data_evaluation", args=[batch.pk]),
        reverse("batches:detail", args=[batch.pk]),
    ]


@pytest.mark.parametrize("role", ["ministry", "province", "county", None])
def test_no_page_answers_500_to_a_hostile_query_string(client, cast, paths, role):
    if role:
        client.force_login(getattr(cast, role))
    assert len(paths) > 10
    failures = []
    for path in paths:
        for query in HOSTILE:
            response = client.get(f"{path}?{query}")
            if response.status_code >= 500:
                failures.append(f"{path}?{query[:40]} → {response.status_code}")
    assert failures == []
