"""A county officer logs in through the browser and sees their county on the home page."""

import pytest
from django.core.management import call_command

from innocounty.dashboard.management.commands import demo
from innocounty.dashboard.management.commands.demo import DEMO_PASSWORD

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def demo_accounts(monkeypatch):
    """The demo accounts only: the stages' demo data are not needed to log in (and take a minute)."""
    monkeypatch.setattr(demo, "DEMO_STEPS", [])
    call_command("demo", verbosity=0)


def test_county_officer_logs_in_and_sees_their_county(page, live_server):
    login(page, live_server, "county_zhengding", DEMO_PASSWORD)
    card = page.locator("[data-testid=county-card]")
    assert card.locator(".county-name").inner_text() == "正定县"
    assert "130123" in card.inner_text()
    assert "县（市）管理员" in page.locator("[data-testid=current-user]").inner_text()
    page.screenshot(path=str(live_server_screenshot_dir() / "county-home.png"), full_page=True)


def test_wrong_password_is_refused_with_a_chinese_message(page, live_server):
    login(page, live_server, "county_zhengding", "wrong-password")
    assert "/accounts/login/" in page.url
    assert "用户名" in page.content() or "密码" in page.content()


def test_language_switch_to_english_and_back(page, live_server):
    login(page, live_server, "county_zhengding", DEMO_PASSWORD)
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Home" in page.locator("nav.mainnav").inner_text()
    with page.expect_navigation():
        page.select_option("#lang-select", "zh-hans")
    assert "工作台" in page.locator("nav.mainnav").inner_text()


def live_server_screenshot_dir():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
