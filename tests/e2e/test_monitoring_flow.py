"""Monitoring to rankings in the browser: a provincial officer uploads a workbook with errors and sees them
listed, uploads a correct one and submits; the ministry accepts it, runs an evaluation (few replicates) and
sees it finish; the county profile and the maps render their ECharts charts. Screenshots go to
var/screenshots/ (monitoring-*.png, rankings-*.png)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.monitoring.columns import columns_for_framework
from innocounty.monitoring.models import Framework, ProvinceSubmission
from innocounty.monitoring.rounds import open_round
from innocounty.monitoring.workbook import DATA_SHEET, FIRST_DATA_ROW, KEY_ROW
from innocounty.regions.models import County

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "monitoring-flow-pw-2026"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def workbook(columns, codes, broken=False) -> bytes:
    """A filled data sheet in the template's layout; ``broken`` adds three errors."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    keys = ["county_code", "county_name", "prefecture"] + [c.code for c in columns]
    for index, key in enumerate(keys, start=1):
        sheet.cell(KEY_ROW, index, key)
        sheet.cell(KEY_ROW + 1, index, key)
        sheet.cell(KEY_ROW + 2, index, "")
    for offset, code in enumerate(codes):
        row = FIRST_DATA_ROW + offset
        sheet.cell(row, 1, code)
        for index, column in enumerate(columns, start=4):
            if column.is_percent:
                value = 1 + (offset * 7 + index) % 60
            elif column.kind == "unit_data":
                value = 40 + offset * 3 + index
            else:
                value = 5 + ((offset * 13 + index * 5) % 97) * 1.5
            sheet.cell(row, index, min(value, column.maximum))  # within the indicator's plausible range
    if broken:
        sheet.cell(FIRST_DATA_ROW, 5, "很多")  # non-numeric
        sheet.cell(FIRST_DATA_ROW + 1, 6, -5)  # negative
        sheet.cell(FIRST_DATA_ROW + len(codes), 1, "139999")  # unknown county
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_user(username, role, province=None):
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    RoleAssignment.objects.create(user=user, role=role, province_id=province)
    return user


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_upload_submit_accept_evaluate_then_profile_and_map(page, live_server):
    ministry = make_user("most_e2e", Role.MINISTRY_OFFICER)
    make_user("hebei_e2e", Role.PROVINCIAL_OFFICER, province="13")
    framework = Framework.objects.get(code="provisional-23", version="1")
    data_round = open_round(ministry, 2025, framework, dt.date(2026, 3, 31))
    submission = ProvinceSubmission.objects.get(data_round=data_round, province_id="13")
    codes = list(County.objects.eligible().filter(province_id="13").order_by("code").values_list("code", flat=True)[:40])
    assert "130123" in codes
    columns = columns_for_framework(framework)

    # 1. The provincial officer uploads a workbook with errors and sees each listed.
    login(page, live_server, "hebei_e2e", PASSWORD)
    page.goto(f"{live_server.url}/monitoring/submissions/{submission.pk}/")
    page.set_input_files("input[name=file]", files=[{
        "name": "河北-有错误.xlsx", "buffer": workbook(columns, codes, broken=True),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("button:has-text('上传并校验')")
    page.wait_for_load_state("networkidle")
    errors = page.locator("[data-testid=errors]")
    assert "未导入任何数据" in page.content()
    text = errors.inner_text()
    assert "139999" in text and "很多" in text and "-5" in text
    shot(page, "monitoring-upload-errors.png")

    # 2. A correct workbook is imported, then submitted.
    page.goto(f"{live_server.url}/monitoring/submissions/{submission.pk}/")
    page.set_input_files("input[name=file]", files=[{
        "name": "河北.xlsx", "buffer": workbook(columns, codes),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("button:has-text('上传并校验')")
    page.wait_for_load_state("networkidle")
    if page.locator("[data-testid=upload-status]").inner_text() == "待确认警告":
        # The synthetic values break the shipped consistency rules (R&D share, GDP per capita) and raise
        # outlier flags: warnings, confirmed by the uploader.
        assert "校验规则" in page.locator("[data-testid=warnings]").inner_text()
        page.check("input[name=confirm][value=yes]")
        page.click("button:has-text('确认并导入')")
        page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=upload-status]").inner_text() == "已导入"
    page.goto(f"{live_server.url}/monitoring/submissions/{submission.pk}/")
    assert "报送科技部审核" in page.locator("[data-testid=consequence-submit]").inner_text()
    page.check("[data-testid=confirm-submit]")  # consequential: the box states what follows
    page.click("[data-testid=transition-submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=submission-state]").inner_text() == "已提交"

    # 3. The ministry accepts it and runs an evaluation with few replicates; the run finishes.
    page.context.clear_cookies()
    login(page, live_server, "most_e2e", PASSWORD)
    page.goto(f"{live_server.url}/monitoring/submissions/{submission.pk}/")
    page.check("[data-testid=confirm-accept]")
    page.click("[data-testid=transition-accept]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=submission-state]").inner_text() == "已接收"
    page.goto(f"{live_server.url}/evaluations/runs/new/")
    page.fill("input[name=year]", "2025")
    page.fill("input[name=replicates]", "20")
    page.fill("input[name=seed]", "11")
    page.click("[data-testid=run-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/evaluations/runs/\d+/$"))
    progress = page.locator("[data-testid=run-progress]").first
    progress.locator(".status-succeeded").wait_for()
    run_id = re.search(r"/runs/(\d+)/", page.url).group(1)
    shot(page, "monitoring-run-finished.png")

    # 4. The county profile (unpublished run: the ministry's view) renders its charts.
    page.goto(f"{live_server.url}/rankings/county/130123/?run={run_id}")
    assert page.locator("[data-testid=county-title]").inner_text().startswith("正定县创新能力画像")
    page.locator("#radar svg").first.wait_for()
    page.locator("#trend svg").first.wait_for()
    assert page.locator("[data-testid=indicators] tbody tr").count() == 23
    shot(page, "rankings-profile.png")

    # 5. The maps: national, then Hebei by prefecture (ECharts draws SVG paths once data arrived).
    page.goto(f"{live_server.url}/rankings/map/?run={run_id}")
    page.locator("#map[data-rendered=true] svg path").first.wait_for()
    shot(page, "rankings-map-national.png")
    page.goto(f"{live_server.url}/rankings/map/13/?run={run_id}")
    page.locator("#map[data-rendered=true] svg path").first.wait_for()
    assert page.locator("#map svg path").count() > 10
    assert "正定县" in page.locator("[data-testid=county-table]").inner_text()
    shot(page, "rankings-map-hebei.png")

    # 6. The ranking lists the 40 counties evaluated.
    page.goto(f"{live_server.url}/rankings/?run={run_id}")
    assert page.locator("[data-testid=ranking-table] tbody tr").count() == 40
    shot(page, "rankings-list.png")
