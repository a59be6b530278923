"""Pages of published runs come from the page cache, and a hit is what the view would have rendered for
this visitor: the right run after publishing or unpublishing, the visitor's own masthead and CSRF token,
their own language, and never a refusal or a page meant for another audience."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from innocounty.evaluations.models import EvaluationRun
from innocounty.evaluations.runs import set_public_visibility

from .conftest import RESULTS_2025, make_run

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def test_anonymous_second_request_is_a_hit_with_its_own_working_csrf_token(runs):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    miss = first.get("/rankings/")
    hit = second.get("/rankings/")
    assert miss["X-Page-Cache"] == "miss" and hit["X-Page-Cache"] == "hit"
    strip = lambda r: TOKEN.sub("", r.content.decode())  # noqa: E731
    assert strip(miss) == strip(hit)
    assert "正定县" in hit.content.decode()
    token = TOKEN.search(hit.content.decode()).group(1)
    assert "\x00" not in hit.content.decode()
    # The token in the cached page works for this visitor's own cookie (the language switch posts it).
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/rankings/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_each_language_has_its_own_copy(runs):
    client = Client()
    zh = client.get("/rankings/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = client.get("/rankings/", HTTP_ACCEPT_LANGUAGE="en")
    assert en["X-Page-Cache"] == "miss"
    assert 'lang="en"' in en.content.decode() and 'lang="zh-CN"' in zh.content.decode()


def test_withdrawing_runs_from_the_public_changes_the_next_response(runs, users):
    client = Client()
    assert client.get("/rankings/").status_code == 200
    assert "年度" in client.get("/rankings/").content.decode()
    for run in EvaluationRun.objects.filter(published=True):
        set_public_visibility(users["ministry"], run, False)
    after = client.get("/rankings/")
    assert after.get("X-Page-Cache") != "hit"
    assert "正定县" not in after.content.decode()


def test_a_newly_published_run_shows_at_once(runs):
    client = Client()
    client.get("/rankings/")
    newer = make_run(2026, RESULTS_2025)
    page = client.get("/rankings/")
    assert page["X-Page-Cache"] == "miss"
    assert f"run={newer.pk}" in page.content.decode() or "2026" in page.content.decode()


def test_signed_in_visitors_get_their_own_masthead_from_a_shared_copy(runs, make_user, users):
    other = make_user("zhengding2", "county_officer", county="130123")
    a, b = Client(), Client()
    a.force_login(users["zhengding"])
    b.force_login(other)
    first = a.get("/rankings/county/130123/")
    second = b.get("/rankings/county/130123/")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert 'data-testid="current-user">zhengding2' in second.content.decode()
    assert 'data-testid="current-user">zhengding\n' not in second.content.decode()


def test_another_audience_never_gets_the_copy(runs, users):
    own, neighbour = Client(), Client()
    own.force_login(users["zhengding"])
    neighbour.force_login(users["anji"])
    own.get("/rankings/county/130123/")
    page = neighbour.get("/rankings/county/130123/")
    assert page["X-Page-Cache"] == "miss"  # raw values of 正定 are for 正定's officers, not 安吉's


@pytest.mark.parametrize("name", ["ministry", "auditor"])
def test_nation_wide_roles_bypass_the_cache(runs, users, name):
    client = Client()
    client.force_login(users[name])
    client.get("/rankings/")
    assert "X-Page-Cache" not in client.get("/rankings/")


def test_refusals_are_never_stored(runs):
    client = Client()
    draft = runs["draft"]
    for _ in range(2):
        response = client.get(f"/rankings/?run={draft.pk}")
        assert response.status_code in (302, 403, 404)
        assert "X-Page-Cache" not in response
    assert len(caches["pages"]._cache) == 0


def test_pending_messages_bypass_the_cache(runs):
    client = Client()
    client.get("/rankings/")
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in client.get("/rankings/")



def test_a_changed_free_text_field_changes_the_stamp(runs, users):
    """The profile shows the round's free-text fields (e.g. 特色指标), editable while the round is open."""
    import datetime as dt

    from innocounty.common.states import seeding_states
    from innocounty.evaluations.publication_stamp import publication_stamp
    from innocounty.monitoring.models import DataRound
    from innocounty.monitoring.text_fields import TextValue

    with seeding_states():
        data_round = DataRound.objects.create(year=2025, framework=runs["2025"].framework,
                                              deadline=dt.date(2026, 6, 30), opened_by=users["ministry"])
    before = publication_stamp()
    TextValue.objects.create(data_round=data_round, county_id="130123", code="feature_statement", text="特色")
    assert publication_stamp() != before
