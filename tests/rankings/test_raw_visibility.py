"""Raw county values (raw, denominated, imputed, treated) only for the county, its province, the ministry and
auditors — in the evaluations API, the rankings API, the profile page, its PDF and the exports; published
scores and ranks for everyone who sees the run (issue 8 item 2)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from innocounty.accounts.models import Role
from innocounty.accounts.tokens import create_token

# 正定 (130123, Hebei) in the 2025 run: index 62 → raw values 1000 + position + 62 = 1063.0 … 1066.0
COUNTY = "130123"
RAW_VALUES = (1063.0, 1064.0, 1065.0, 1066.0)
IN_SCOPE = ("zhengding", "hebei", "ministry", "auditor")
OUT_OF_SCOPE = ("anji", "zhejiang", "expert")


@pytest.fixture
def everyone(users, make_user):
    users["expert"] = make_user("expert_li", Role.EXPERT)
    return users


def _bearer(user) -> dict:
    clear, _token = create_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


@pytest.mark.parametrize("name", IN_SCOPE + OUT_OF_SCOPE)
def test_evaluations_api_county_result_withholds_raw_values_outside_the_scope(client, runs, everyone, name):
    run = runs["2025"]
    response = client.get(f"/api/evaluations/runs/{run.pk}/results/{COUNTY}", **_bearer(everyone[name]))
    assert response.status_code == 200  # published scores and ranks: every role
    body = response.json()
    assert body["index_score"] == 62.0 and body["national_rank"] == 2
    indicators = body["indicators"]
    assert [i["normalised_score"] for i in indicators] == [62.0] * 4
    if name in IN_SCOPE:
        assert body["raw_values_visible"] is True
        assert [i["raw_value"] for i in indicators] == list(RAW_VALUES)
        assert [i["denominated_value"] for i in indicators] == [62.0] * 4
        assert [i["imputed"] for i in indicators] == [False] * 4
    else:
        assert body["raw_values_visible"] is False
        for item in indicators:
            assert (item["raw_value"], item["denominated_value"], item["imputed"], item["treated"]) == (
                None, None, None, None)


@pytest.mark.parametrize("name", IN_SCOPE + OUT_OF_SCOPE + ("anonymous",))
def test_rankings_api_and_profile_page_follow_the_same_rule(client_for, runs, everyone, name):
    client = client_for(name) if name != "expert" else _login(client_for, everyone["expert"])
    body = client.get(f"/api/rankings/counties/{COUNTY}").json()
    page = client.get(f"/rankings/county/{COUNTY}/").content.decode()
    raw = [i["raw_value"] for i in body["indicators"]]
    assert body["index_score"] == 62.0
    if name in IN_SCOPE:
        assert body["full"] and raw == list(RAW_VALUES)
        assert "1,063" in page or "1063" in page
    else:
        assert not body["full"] and raw == [None] * 4
        assert all(i["imputed"] is None and i["treated"] is None for i in body["indicators"])
        assert "1063" not in page and "1,063" not in page


def _login(client_for, user):
    client = client_for("anonymous")
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ("zhengding", "ministry", "anji", "expert"))
def test_profile_pdf_carries_raw_values_only_in_scope(client_for, runs, everyone, name, monkeypatch):
    rendered = {}

    class CapturingHTML:  # the PDF's HTML as WeasyPrint would receive it (the PDF engine itself is not under test)
        def __init__(self, string, base_url=None):
            rendered["html"] = string

        def write_pdf(self):
            return b"%PDF-1.7"

    monkeypatch.setattr("weasyprint.HTML", CapturingHTML)
    client = client_for(name) if name != "expert" else _login(client_for, everyone["expert"])
    response = client.get(f"/rankings/county/{COUNTY}/pdf/")
    assert response.status_code == 200
    html = rendered["html"]
    assert "62.00" in html  # published index
    if name in ("zhengding", "ministry"):
        assert "1063" in html
    else:
        assert "1063" not in html and "各指标原始数据仅对本县（市）、本省和科技部可见" in html


@pytest.mark.parametrize("name", IN_SCOPE + OUT_OF_SCOPE)
def test_exports_list_published_columns_only(client_for, runs, everyone, name):
    client = client_for(name) if name != "expert" else _login(client_for, everyone["expert"])
    text = client.get("/rankings/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = {cell for row in rows for cell in row}
    assert COUNTY in cells
    assert not cells & {"1063.0", "1063", "1064.0", "1065.0", "1066.0"}
    book = openpyxl.load_workbook(io.BytesIO(client.get("/rankings/export.xlsx").content))
    values = {cell for row in book.active.iter_rows(values_only=True) for cell in row}
    assert COUNTY in values and not values & set(RAW_VALUES)
