"""An annual progress report in a browser: the county writes and submits it, the province returns one
section, the county fixes it and submits again, the province passes it and the ministry receives it."""

import pytest
from playwright.sync_api import expect

from innocounty.accounts.models import Role
from innocounty.applications.factories import make_application, make_batch, make_user
from innocounty.construction.models import AnnualReport
from innocounty.construction.services import ensure_projects
from innocounty.programme import KeyTask
from innocounty.regions.models import County, Province

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "e2e-password-2026"


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


def test_report_route(page, live_server):
    zhengding = County.objects.get(code="130123")
    county = make_user("e2e_county", Role.COUNTY_OFFICER, county=zhengding, password=PASSWORD)
    make_user(
        "e2e_province", Role.PROVINCIAL_OFFICER, province=Province.objects.get(code="13"), password=PASSWORD
    )
    make_user("e2e_ministry", Role.MINISTRY_OFFICER, password=PASSWORD)
    batch = make_batch("浏览器测试批次", construction_start_year=2024, status="closed")
    make_application(batch, zhengding, county, state="approved")  # seeded: the approval list is another stage
    ensure_projects()
    report = AnnualReport.objects.get(project__county=zhengding, year=2024)
    url = f"{live_server.url}/construction/reports/{report.pk}/"

    # The county finds the report on its desk and writes it.
    login(page, live_server, "e2e_county", PASSWORD)
    page.goto(f"{live_server.url}/construction/")
    page.click(f"[data-testid=my-reports] a[href='/construction/reports/{report.pk}/']")
    page.click("[data-testid=edit]")
    for task in KeyTask:
        page.select_option(f"[data-testid=task-{task.value}-status]", "partly")
        page.fill(f"[data-testid=task-{task.value}-text]", f"{task.label}：本年度推进了三项具体措施。")
    page.select_option("[data-testid=ms-0-status]", "done")
    for code in ("I01", "I02", "I03"):
        page.fill(f"[data-testid=target-{code}-actual]", "2.2")
        page.fill(f"[data-testid=target-{code}-reason]", "县统计局年报")
    page.fill("[data-testid=fund-local]", "1200")
    page.fill("[data-testid=policy-0-title]", "关于支持科技创新的若干措施")
    page.fill("[data-testid=problems]", "高层次人才引进不足，企业研发投入增长偏慢，需要持续加力。")
    page.fill("[data-testid=next-steps]", "加快创新平台建设，推动科技成果转化，完善配套政策体系。")
    page.click("[data-testid=save]")
    expect(page.locator("text=草稿已保存")).to_be_visible()
    expect(page.locator("[data-testid=consequence-submit]")).to_contain_text("逾期")  # due 2025-03-31
    page.check("[data-testid=confirm-submit]")
    page.click("[data-testid=do-submit]")
    expect(page.locator("[data-testid=state]")).to_have_text("待省级审核")
    expect(page.locator("[data-testid=late]")).to_be_visible()

    # The province returns one section with its reason.
    switch_user(page, live_server, "e2e_province")
    page.goto(f"{live_server.url}/construction/")
    page.click(f"[data-testid=to-review] a[href='/construction/reports/{report.pk}/']")
    page.fill("[data-testid=return-reason-funds]", "资金投入请按来源分别填写并附拨付文件。")
    page.fill("[data-testid=return-reason]", "请修改后重新提交。")
    page.click("[data-testid=do-return]")
    expect(page.locator("[data-testid=state]")).to_have_text("省级退回修改")

    # The county sees the reason at the section, fixes it and submits again.
    switch_user(page, live_server, "e2e_county")
    page.goto(url)
    expect(page.locator("[data-testid=return-reasons]")).to_contain_text("资金投入请按来源分别填写")
    page.click("[data-testid=edit]")
    expect(page.locator("[data-testid=shown-reason-funds]")).to_contain_text("附拨付文件")
    page.fill("[data-testid=fund-central]", "300")
    page.fill("[data-testid=fund-provincial]", "500")
    page.click("[data-testid=save]")
    page.check("[data-testid=confirm-submit]")
    page.click("[data-testid=do-submit]")
    expect(page.locator("[data-testid=state]")).to_have_text("待省级审核")

    # The province passes it; the ministry receives it.
    switch_user(page, live_server, "e2e_province")
    page.goto(url)
    page.check("[data-testid=confirm-pass]")
    page.click("[data-testid=do-pass]")
    expect(page.locator("[data-testid=state]")).to_have_text("省级审核通过，已报送科技部")
    switch_user(page, live_server, "e2e_ministry")
    page.goto(f"{live_server.url}/construction/")
    page.click(f"[data-testid=received] a[href='/construction/reports/{report.pk}/']")
    expect(page.locator("[data-testid=section-funds]")).to_contain_text("300")
    page.click("[data-testid=do-receive]")
    expect(page.locator("[data-testid=state]")).to_have_text("科技部已接收")
    report.refresh_from_db()
    assert report.state == "received" and report.late
    assert list(report.events.order_by("id").values_list("transition", flat=True)) == [
        "open",
        "submit",
        "return",
        "submit",
        "pass",
        "receive",
    ]
