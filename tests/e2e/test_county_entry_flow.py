"""County data entry in the browser: a county officer types values that break a validation rule, sees the
rule flagged as they type (the form's script and the JSON check endpoint), saves, corrects the value, submits
to the province (confirming the consequence), and the province accepts. Screenshots in var/screenshots/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.monitoring.models import CountyEntry, Framework, IndicatorValue
from innocounty.monitoring.rounds import open_round

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "county-entry-pw-2026"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def make_user(username, role, province=None, county=None):
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    RoleAssignment.objects.create(user=user, role=role, province_id=province, county_id=county)
    return user


def test_county_enters_corrects_submits_and_province_accepts(page, live_server):
    ministry = make_user("most_entry", Role.MINISTRY_OFFICER)
    county = make_user("zhengding_entry", Role.COUNTY_OFFICER, county="130123")
    make_user("hebei_entry", Role.PROVINCIAL_OFFICER, province="13")
    data_round = open_round(
        ministry, 2025, Framework.objects.get(code="provisional-23", version="1"), dt.date(2026, 3, 31)
    )
    url = f"{live_server.url}/monitoring/rounds/{data_round.pk}/entry/130123/"

    login(page, live_server, "zhengding_entry", PASSWORD)
    page.goto(url)
    assert page.text_content("[data-testid=entry-state]").strip() == "未开始"
    page.fill("[data-testid=field-population_10k]", "48")
    page.fill("[data-testid=field-gdp_100m]", "620")
    page.fill("[data-testid=field-I01]", "8000")
    page.fill("[data-testid=field-I07]", "120")
    page.fill("[data-testid=field-enterprises_1k]", "0.05")  # 50 firms: fewer than the 120 high-tech firms
    flagged = page.wait_for_selector(
        "[data-testid=item-rule-hightech-within-enterprises]"
    )  # checked as typed
    assert "高新技术企业数不能超过" in flagged.text_content()
    page.fill("[data-testid=field-I02]", "abc")
    # (locator assertions, not wait_for_function: the CSP allows no string evaluation)
    expect(page.locator("[data-testid=error-I02]")).to_contain_text("不是数值")
    page.fill("[data-testid=field-I02]", "")
    page.click("[data-testid=save-draft]")
    page.wait_for_load_state("networkidle")
    assert page.text_content("[data-testid=entry-state]").strip() == "草稿"
    assert page.locator("[data-testid=item-rule-hightech-within-enterprises]").count() == 1
    assert page.locator("[data-testid=entry-submit]").count() == 0  # an error blocks the submission
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "county-entry-violation.png"), full_page=True)

    page.fill("[data-testid=field-enterprises_1k]", "21")  # corrected
    expect(page.locator("[data-testid=item-rule-hightech-within-enterprises]")).to_have_count(0)
    page.click("[data-testid=save-draft]")
    page.wait_for_load_state("networkidle")
    page.check("[data-testid=confirm-submit]")
    page.click("[data-testid=entry-submit]")
    page.wait_for_load_state("networkidle")
    assert page.text_content("[data-testid=entry-state]").strip() == "已提交省级"
    value = IndicatorValue.objects.select_related("upload").get(
        data_round=data_round, county_id="130123", code="enterprises_1k"
    )
    assert value.value == 21.0 and value.upload.source == "county_entry" and value.updated_by == county

    page.context.clear_cookies()
    login(page, live_server, "hebei_entry", PASSWORD)
    page.goto(f"{live_server.url}/monitoring/rounds/{data_round.pk}/provinces/13/entries/")
    assert page.text_content("[data-testid=entry-state-130123]").strip() == "已提交省级"
    page.goto(url)
    page.check("[data-testid=confirm-accept]")
    page.click("[data-testid=entry-accept]")
    page.wait_for_load_state("networkidle")
    assert page.text_content("[data-testid=entry-state]").strip() == "省级已接收"
    page.screenshot(path=str(SHOTS / "county-entry-accepted.png"), full_page=True)
    assert CountyEntry.objects.get(data_round=data_round, county_id="130123").state == "accepted"
