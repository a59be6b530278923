"""Ranking lists (filters, sorting, pagination, rank moves), exports, the profile and its PDF, eligibility."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import openpyxl
import pytest

from innocounty.regions.models import County

from .conftest import make_run


def codes(client, query=""):
    return [r["county_code"] for r in client.get(f"/api/rankings{query}").json()["results"]]


def test_default_order_is_national_rank_with_intervals_and_moves(client_for, runs):
    body = client_for("anonymous").get("/api/rankings").json()
    assert [r["national_rank"] for r in body["results"]] == [1, 2, 3, 4, 5, 6, 7]
    zhengding = next(r for r in body["results"] if r["county_code"] == "130123")
    assert (zhengding["national_rank_q05"], zhengding["national_rank_q95"]) == (1, 3)
    # Like with like: 4th in 2024 and 2nd in 2025, but 2nd among the three counties evaluated in both years
    # both times (the 2025 field is larger), so no move.
    assert zhengding["previous_national_rank"] == 4 and zhengding["national_move"] == 0
    assert next(r for r in body["results"] if r["county_code"] == "130126")["national_move"] is None
    assert body["previous_run_id"] == runs["2024"].pk
    assert [d["code"] for d in body["dimensions"]] == ["D1", "D2"]


@pytest.mark.parametrize(("query", "expected"), [
    ("?province=33", ["330523", "330522"]),
    ("?belt=east&province=13&eligible=yes", ["130123", "130126"]),
    ("?unit_type=县级市", ["130181"]),
    ("?eligible=no&province=33", ["330522"]),
    ("?q=正定", ["130123"]),
])
def test_filters(client_for, runs, query, expected):
    assert codes(client_for("anonymous"), query) == expected


@pytest.mark.parametrize(("query", "first"), [
    ("?sort=index", "330523"), ("?sort=index&dir=asc", "130127"), ("?sort=dim:D1&dir=asc", "130127"),
    ("?sort=province_rank&province=13", "130123"), ("?sort=name", "130123"),
])
def test_sorting(client_for, runs, query, first):
    assert codes(client_for("anonymous"), query)[0] == first


def test_invalid_filters_are_422_in_the_api_and_reported_on_the_page(client_for, runs):
    client = client_for("anonymous")
    response = client.get("/api/rankings?belt=north&sort=dim:D9")
    assert response.status_code == 422
    assert "belt=north" in response.json()["detail"] and "sort=dim:D9" in response.json()["detail"]
    page = client.get("/rankings/?belt=north").content.decode()
    assert "已忽略无效的筛选条件" in page
    for query, field in (("page=0", "page"), ("page_size=1000", "page_size"), ("page=" + "9" * 25, "page")):
        response = client.get(f"/api/rankings?{query}")
        assert response.status_code == 422 and response.json()["errors"][0]["loc"][-1] == field


def test_theme_filter_only_for_users_who_see_applications(client_for, runs):
    assert 'name="theme"' not in client_for("anonymous").get("/rankings/").content.decode()
    assert client_for("anonymous").get("/api/rankings?theme=industry").status_code == 422


def test_pagination_50_per_page(client_for, db):
    hebei = list(County.objects.eligible().filter(province_id="13").order_by("code").values_list("code", flat=True))
    results = {code: (100.0 - i * 0.5, i + 1, i + 1, i < 30) for i, code in enumerate(hebei)}
    make_run(2023, results)
    client = client_for("anonymous")
    page1 = client.get("/rankings/").content.decode()
    assert page1.count("<tr data-county=") == 50
    assert f"共 {len(hebei)} 个县（市）" in page1
    page3 = client.get("/rankings/?page=3").content.decode()
    assert page3.count("<tr data-county=") == len(hebei) - 100
    body = client.get("/api/rankings?page=2&page_size=50").json()
    assert body["pages"] == 3 and [r["national_rank"] for r in body["results"]][0] == 51
    assert client.get("/api/rankings?page=4").status_code == 400


def test_page_links_keep_filters_and_sort_headers_toggle(client_for, runs):
    page = client_for("anonymous").get("/rankings/?province=13&sort=index").content.decode()
    assert "sort=index&amp;dir=asc" in page  # clicking the sorted column reverses it
    assert 'class="sorted desc"' in page
    assert "export.csv?province=13&amp;sort=index" in page
    assert "名次不变" in page  # 正定: 2nd of the counties evaluated in both years, then and now


def test_csv_export_is_filtered_and_safe_against_formula_injection(client_for, runs):
    response = client_for("anonymous").get("/rankings/export.csv?province=13")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    # The first line is the header (machine readers break on a disclaimer above it); the nature of the
    # data is a column of every row.
    header, data = rows[0], rows[1:]
    assert header[:3] == ["全国排名", "行政区划代码", "县（市）"] and header[-1] == "数据性质"
    assert all(r[-1].startswith("模拟数据") for r in data)
    assert all(len(r) == len(header) for r in data)
    assert {r[1] for r in data} == {"130123", "130125", "130126", "130127", "130181"}
    injected = next(r for r in data if r[1] == "130127")
    assert injected[2] == "'=HYPERLINK(\"http://x\")"


def test_xlsx_export_opens_with_openpyxl(client_for, runs):
    response = client_for("hebei").get("/rankings/export.xlsx?eligible=yes")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert "模拟数据" in sheet["A1"].value
    header = [c.value for c in sheet[3]]
    assert header[1] == "行政区划代码" and "D1 创新投入" in header
    data = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [r[1] for r in data] == ["330523", "130123", "130126"]
    assert data[0][6] == 70  # numbers stay numbers


def test_profile_page_has_charts_indicators_strengths_and_eligibility(client_for, runs):
    page = client_for("zhengding").get("/rankings/county/130123/").content.decode()
    for text in ("正定县创新能力画像", 'id="radar"', 'id="trend"', "echarts.min.js", "综合指数省内排名第1/5（测试）",
                 "创新领先", "县（市）本级财政科学技术支出", "万元", "优势", "模拟数据", "本省平均"):
        assert text in page, text
    body = client_for("zhengding").get("/api/rankings/counties/130127").json()
    assert body["weaknesses"] and not body["strengths"]  # 5th of 5 in Hebei on every indicator
    assert [h["year"] for h in body["history"]] == [2025]
    first = client_for("zhengding").get("/api/rankings/counties/130123").json()
    assert [h["year"] for h in first["history"]] == [2024, 2025]
    assert first["strengths"] == ["I01", "I02", "I07", "I22"]
    assert first["previous"]["national_move"] == 0 and first["previous"]["comparable"]


def test_profile_of_a_county_not_evaluated_is_404(client_for, runs):
    assert client_for("ministry").get("/rankings/county/130102/").status_code == 404
    assert client_for("ministry").get("/api/rankings/counties/130102").status_code == 404
    assert client_for("ministry").get("/rankings/county/999999/").status_code == 404


def test_pdf_report(client_for, runs, tmp_path):
    response = client_for("zhengding").get("/rankings/county/130123/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "profile.pdf"
    path.write_bytes(response.content)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "正定县创新能力画像" in text and "第1页" in text.replace(" ", "") and "模拟数据" in text
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Noto-Sans-CJK-SC" in fonts
    assert client_for("anonymous").get(f"/rankings/county/130123/pdf/?run={runs['draft'].pk}").status_code == 302


def test_eligibility_list_shows_eligible_counties_with_reasons(client_for, runs):
    page = client_for("anonymous").get("/rankings/eligibility/13/").content.decode()
    assert "正定县" in page and "灵寿县" in page and "行唐县" not in page
    assert "综合指数省内排名第1/5（测试）" in page
    body = client_for("anonymous").get("/api/rankings/eligibility/13").json()
    assert [r["county_code"] for r in body["results"]] == ["130123", "130126"]
    assert body["evaluated"] == 5
    overview = client_for("anonymous").get("/api/rankings/eligibility").json()
    assert overview["total"] == 3
    assert {p["province_code"]: p["eligible"] for p in overview["provinces"]} == {"13": 2, "33": 1}


def test_year_selector_picks_the_published_run_of_a_year(client_for, runs):
    body = client_for("anonymous").get("/api/rankings?year=2024").json()
    assert body["run"]["id"] == runs["2024"].pk and body["previous_run_id"] is None
    assert client_for("anonymous").get("/api/rankings?year=2019").status_code == 404
    page = client_for("ministry").get("/rankings/").content.decode()
    assert "（未发布 #" in page  # ministry may pick the draft run
