"""In the browser: the effect page draws its event-study plot (one point and interval per year since
approval), the dashboard draws the national map of approved counties; no script error on either page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from tests.overview.conftest import PROVINCES, YEARS, approve, make_batch, store_run

from innocounty.evaluations import demo_cohorts
from innocounty.evaluations.demo_panel import county_seeds, engine_panel
from innocounty.overview import effect_service

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(django_user_model):
    seeds = county_seeds(PROVINCES)
    approvals = demo_cohorts.approval_years((s.code, s.province) for s in seeds)
    frame = engine_panel(seeds, YEARS, approvals)
    for year in YEARS:
        store_run(year, frame[frame["year"] == year])
    author = django_user_model.objects.create_user("most-e2e", password="pw-e2e-2026-x")
    approve(make_batch("2018年第一批（测试）", 2018), [c for c, y in approvals.items() if y == 2018], author)
    approve(make_batch("2023年第二批（测试）", 2023), [c for c, y in approvals.items() if y == 2023], author)
    effect_service.effects(AnonymousUser())  # computed once here (the first estimate imports the library)


def test_effect_plot_and_approved_map(page, live_server, published, tmp_path):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/overview/effect/?outcome=INDEX")
    page.wait_for_selector("#effect-chart[data-rendered=true]", timeout=60_000)
    page.wait_for_timeout(400)
    svg = page.locator("#effect-chart svg")
    texts = svg.evaluate("s => Array.from(s.querySelectorAll('text')).map(t => t.textContent)")
    for label in ("≤-4", "-3", "-2", "-1", "0", "1", "2"):
        assert label in texts
    assert svg.evaluate("s => s.querySelectorAll('path').length") > 10  # points, interval bars, axes
    assert "这是关联" in page.locator("[data-testid=effect-verdict]").inner_text()
    page.screenshot(path=str(tmp_path / "effect.png"), full_page=True)
    page.goto(f"{live_server.url}/overview/")
    page.wait_for_selector("#approved-map[data-rendered=true]")
    assert page.locator("[data-testid=approved-total]").inner_text() == "19"
    page.wait_for_timeout(400)
    map_texts = page.locator("#approved-map svg").evaluate(
        "s => Array.from(s.querySelectorAll('text')).map(t => t.textContent)"
    )
    assert "南海诸岛" in map_texts
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    assert errors == []
