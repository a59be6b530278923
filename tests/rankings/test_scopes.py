"""Who sees what on every rankings page and API endpoint: anonymous, no role, county officers (own/other),
provincial officers (own/other), ministry and auditors; unpublished runs; the run's public flag."""

from __future__ import annotations

import pytest

PAGES = [
    "/rankings/", "/rankings/province/13/", "/rankings/export.csv", "/rankings/export.xlsx",
    "/rankings/county/130123/", "/rankings/map/", "/rankings/map/data.json", "/rankings/map/13/",
    "/rankings/map/13/data.json", "/rankings/eligibility/", "/rankings/eligibility/13/",
]
API = [
    "/api/rankings", "/api/rankings/counties/130123", "/api/rankings/eligibility", "/api/rankings/eligibility/13",
    "/api/rankings/map", "/api/rankings/map/13",
]
EVERYONE = ["anonymous", "norole", "zhengding", "anji", "hebei", "zhejiang", "ministry", "auditor"]


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("url", PAGES + API)
def test_published_public_run_is_open_to_everyone(client_for, runs, who, url):
    response = client_for(who).get(url)
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("url", PAGES + API)
@pytest.mark.parametrize("who", ["ministry", "auditor"])
def test_unpublished_run_is_visible_to_ministry_and_auditors(client_for, runs, who, url):
    sep = "&" if "?" in url else "?"
    response = client_for(who).get(f"{url}{sep}run={runs['draft'].pk}")
    assert response.status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["zhengding", "anji", "hebei", "zhejiang", "norole"])
def test_unpublished_run_is_refused_to_other_roles_on_pages(client_for, runs, who, url):
    response = client_for(who).get(f"{url}?run={runs['draft'].pk}")
    assert response.status_code == 403
    if who != "norole":
        assert "仅限科技部工作人员和审计员" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_unpublished_run_sends_anonymous_visitors_to_login(client_for, runs, url):
    response = client_for("anonymous").get(f"{url}?run={runs['draft'].pk}")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", API)
@pytest.mark.parametrize("who", ["anonymous", "zhengding", "hebei"])
def test_unpublished_run_is_refused_in_the_api(client_for, runs, who, url):
    response = client_for(who).get(f"{url}?run={runs['draft'].pk}")
    assert response.status_code == 403


def test_default_run_is_the_latest_published_not_the_draft(client_for, runs):
    for who in ("anonymous", "ministry"):
        body = client_for(who).get("/api/rankings").json()
        assert body["run"]["id"] == runs["2025"].pk


def test_run_without_public_flag_is_hidden_from_the_public_only(client_for, runs):
    runs["2025"].public_visible = False
    runs["2025"].save(update_fields=["public_visible"])
    # the public falls back to the latest public run (2024); roles still get 2025
    assert client_for("anonymous").get("/api/rankings").json()["run"]["id"] == runs["2024"].pk
    assert client_for("norole").get("/api/rankings").json()["run"]["id"] == runs["2024"].pk
    assert client_for("hebei").get("/api/rankings").json()["run"]["id"] == runs["2025"].pk
    assert client_for("anonymous").get(f"/rankings/?run={runs['2025'].pk}").status_code == 302
    assert client_for("norole").get(f"/rankings/?run={runs['2025'].pk}").status_code == 403
    assert client_for("anonymous").get(f"/api/rankings?run={runs['2025'].pk}").status_code == 403


def test_no_public_run_shows_an_empty_state(client_for, runs):
    for run in runs.values():
        if run.published:
            run.public_visible = False
            run.save(update_fields=["public_visible"])
    response = client_for("anonymous").get("/rankings/")
    assert response.status_code == 200
    assert "暂无向公众公开的评价结果" in response.content.decode()
    assert client_for("anonymous").get("/api/rankings").status_code == 404


@pytest.mark.parametrize(("who", "county", "full"), [
    ("zhengding", "130123", True), ("zhengding", "330523", False),
    ("hebei", "130125", True), ("hebei", "330523", False),
    ("zhejiang", "330523", True), ("zhejiang", "130123", False),
    ("ministry", "130123", True), ("auditor", "330523", True),
    ("anonymous", "130123", False), ("norole", "130123", False),
])
def test_raw_values_only_for_the_county_its_province_and_the_ministry(client_for, runs, who, county, full):
    client = client_for(who)
    page = client.get(f"/rankings/county/{county}/").content.decode()
    assert ("原始值" in page) is full
    assert ("原始数据仅对本县（市）、本省和科技部可见" in page) is not full
    body = client.get(f"/api/rankings/counties/{county}").json()
    assert body["full"] is full
    assert all((i["raw_value"] is not None) is full for i in body["indicators"])


def test_profiles_can_be_closed_to_the_public(client_for, runs, settings):
    settings.RANKINGS_PUBLIC_PROFILES = False
    assert client_for("anonymous").get("/rankings/county/130123/").status_code == 302
    assert client_for("anonymous").get("/rankings/county/130123/pdf/").status_code == 302
    assert client_for("anonymous").get("/api/rankings/counties/130123").status_code == 403
    assert client_for("anonymous").get("/rankings/").status_code == 200
    assert client_for("zhengding").get("/rankings/county/330523/").status_code == 200


def test_invalid_token_is_refused_not_treated_as_public(client, runs):
    response = client.get("/api/rankings", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_navigation_shows_rankings_to_signed_in_users(client_for, runs):
    page = client_for("zhengding").get("/rankings/").content.decode()
    assert 'href="/rankings/"' in page and 'href="/rankings/map/"' in page  # main nav and sub-nav


def test_an_expert_sees_only_what_the_public_sees(runs, make_user, client):
    """An expert's view of the programme is their assignments: a published run that is not public stays closed."""
    from innocounty.accounts.models import Role

    expert = make_user("expert_x", Role.EXPERT)
    runs["2025"].__class__.objects.filter(pk=runs["2025"].pk).update(public_visible=False)
    client.force_login(expert)
    assert client.get(f"/rankings/?run={runs['2025'].pk}").status_code == 403
    assert client.get(f"/rankings/?run={runs['2024'].pk}").status_code == 200
