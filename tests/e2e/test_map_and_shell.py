"""In the browser (issue 8 items 27, 29 and the CSP preparation): the national map fills every unit (台湾
included) and shows a framed, labelled 南海诸岛 inset; the behaviours moved out of inline handlers still
work (language switch on change, confirmation before a consequential form, the print button)."""

import pytest
from playwright.sync_api import expect
from tests.rankings.conftest import RESULTS_2025, make_run

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NO_DATA = "#c3c9d1"


def test_national_map_fills_every_unit_and_frames_the_south_china_sea(page, live_server):
    make_run(2025, RESULTS_2025)
    page.goto(f"{live_server.url}/rankings/map/")
    page.wait_for_selector("#map[data-rendered=true]")
    page.wait_for_timeout(500)
    svg = page.locator("#map svg")
    fills = svg.evaluate(
        "s => Array.from(s.querySelectorAll('path')).map(p => (p.getAttribute('fill') || '').toLowerCase())"
    )
    # 34 units minus 河北 and 浙江 (with data): every other one in the 无数据 fill, none left white/blank
    assert fills.count(NO_DATA) >= 32
    assert "#f1f3f5" not in fills  # the old near-white default fill
    texts = svg.evaluate("s => Array.from(s.querySelectorAll('text')).map(t => t.textContent)")
    assert "南海诸岛" in texts
    assert svg.evaluate("s => s.querySelectorAll('rect').length") >= 1  # the inset's frame
    assert "无数据" in page.locator("[data-testid=map-legend]").inner_text()


def test_language_switch_without_inline_handler(page, live_server):
    page.goto(f"{live_server.url}/rankings/")
    with page.expect_navigation():  # the change submits the form (static/js/app.js), the page reloads in English
        page.select_option("#lang-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_print_button_calls_window_print(page, live_server):
    make_run(2025, RESULTS_2025)
    page.goto(f"{live_server.url}/rankings/map/")
    # evaluate, not add_script_tag: the Content-Security-Policy blocks inline script tags (as it should)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.evaluate("""() => { const b = document.createElement('button'); b.setAttribute('data-print', '');
                      b.id = 'p'; document.body.appendChild(b); }""")
    page.click("#p")
    assert page.evaluate("() => window.__printed") == 1


def test_confirmation_comes_from_the_data_attribute(page, live_server):
    page.goto(f"{live_server.url}/rankings/")
    page.evaluate("""() => { const f = document.createElement('form'); f.method = 'get'; f.action = '/rankings/map/';
                      f.setAttribute('data-confirm', '确定？'); f.innerHTML = '<button id=go>go</button>';
                      document.body.appendChild(f); }""")
    seen = []
    page.once("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    page.click("#go")
    page.wait_for_timeout(300)
    assert seen == ["确定？"] and page.url.endswith("/rankings/")
