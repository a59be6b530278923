"""The whole Lifecycle I path in a browser: a county officer writes and submits an application, the
province returns it, the county answers, the province recommends and submits its list, and the
ministry passes formal review."""

import pytest
from playwright.sync_api import expect

from innocounty.accounts.models import Role
from innocounty.applications.factories import make_batch, make_user
from innocounty.applications.models import Application
from innocounty.programme import KeyTask, PlanSection
from innocounty.regions.models import County, Province

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "e2e-password-2026"
PARAGRAPH = "正定县依托国家级高新区和科技园区，推动主导产业创新发展，完善科技服务体系，集聚创新资源。" * 5


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


def write_plan(page, years):
    for task in KeyTask:
        page.fill(f"#task_{task.value}", f"围绕{task.label}，制定年度工作措施，明确牵头单位、进度和考核办法。")
    page.check("input[name=theme][value=industry]")
    page.click("text=保存主题与重点任务")
    for section in PlanSection:
        page.fill(f"[data-testid=editor-{section.value}]", f"{section.title}：{PARAGRAPH}")
        page.click(f"[data-testid=save-{section.value}]")
    for year in years:
        page.fill(f"#milestones_{year}", f"{year}年完成年度建设任务，开展评估")
    page.click("text=保存进度安排")
    for row, code in enumerate(["I01", "I02", "I03"]):
        page.locator("select[name=target_code]").nth(row).select_option(code)
        page.locator("input[name=target_baseline]").nth(row).fill(str(10 + row))
        for n, year in enumerate(years):
            page.locator(f"input[name=target_{year}]").nth(row).fill(str(11 + row + n))
    page.click("[data-testid=save-targets]")


def test_county_province_ministry_path(page, live_server):
    zhengding = County.objects.get(code="130123")
    make_user("e2e_county", Role.COUNTY_OFFICER, county=zhengding, password=PASSWORD)
    make_user("e2e_province", Role.PROVINCIAL_OFFICER, province=Province.objects.get(code="13"), password=PASSWORD)
    make_user("e2e_ministry", Role.MINISTRY_OFFICER, password=PASSWORD, is_staff=True)
    batch = make_batch("浏览器测试批次", quotas={"13": 1})
    page.on("dialog", lambda dialog: dialog.accept())

    # The county writes the plan (autosave of a section first) and submits.
    login(page, live_server, "e2e_county", PASSWORD)
    page.goto(f"{live_server.url}/batches/{batch.pk}/")
    page.select_option("select[name=theme]", "industry")
    page.click("[data-testid=create-application]")
    editor = page.locator("[data-testid=editor-basis]")
    editor.click()
    page.keyboard.type("建设基础自动保存测试")
    expect(page.locator("[data-testid=status-basis]")).to_contain_text("已自动保存")
    # Submitting is consequential: the page says what follows and asks for the confirmation first.
    expect(page.locator("[data-testid=consequence-submit]")).to_contain_text("方案冻结")
    page.check("[data-testid=confirm-submit]")
    page.click("[data-testid=submit-application]")
    expect(page.locator(".messages")).to_contain_text("「组织管理与运行机制」未填写")
    write_plan(page, batch.construction_years)
    page.check("[data-testid=confirm-submit]")
    page.click("[data-testid=submit-application]")
    expect(page.locator(".messages")).to_contain_text("已完成：提交申报")
    app = Application.objects.get(batch=batch)

    # The province returns it with a reason.
    switch_user(page, live_server, "e2e_province")
    page.goto(f"{live_server.url}/reviews/batches/{batch.pk}/provinces/13/")
    row = page.locator("tr[data-county='130123']")
    row.locator("form[data-action=return_for_revision] input[name=reason]").fill("请补充近三年研发投入数据")
    row.locator("[data-testid=return_for_revision-130123]").click()
    expect(page.locator(".messages")).to_contain_text("已完成：退回修改")

    # The county answers the return.
    switch_user(page, live_server, "e2e_county")
    page.goto(f"{live_server.url}/applications/{app.pk}/edit/")
    expect(page.locator("[data-testid=return-reason]")).to_contain_text("请补充近三年研发投入数据")
    page.fill("[data-testid=editor-basis]", f"建设基础：近三年研发投入年均增长12%（演示）。{PARAGRAPH}")
    page.click("[data-testid=save-basis]")
    page.fill("textarea[name=response]", "已补充近三年研发投入数据")
    page.check("[data-testid=confirm-resubmit]")
    page.click("[data-testid=resubmit-application]")
    expect(page.locator(".messages")).to_contain_text("已完成：修改后重新提交")
    page.goto(f"{live_server.url}/applications/{app.pk}/compare/?a=1&b=2")
    expect(page.locator("[data-testid='diff-sections.basis']")).to_contain_text("已修改")

    # The province recommends and submits its list.
    switch_user(page, live_server, "e2e_province")
    page.goto(f"{live_server.url}/reviews/batches/{batch.pk}/provinces/13/")
    page.click("[data-testid=recommend-130123]")
    expect(page.locator("[data-testid=quota]")).to_contain_text("已拟推荐 1 / 名额 1")
    expect(page.locator("[data-testid=consequence-submit-list]")).to_contain_text("名单随即锁定")
    page.click("[data-testid=submit-list]")  # not confirmed: the browser keeps the form, nothing is sent
    expect(page.locator("[data-testid=list-status]")).to_contain_text("尚未报送")
    page.check("[data-testid=confirm-submit-list]")
    page.click("[data-testid=submit-list]")
    expect(page.locator("[data-testid=list-status]")).to_contain_text("已锁定")

    # The ministry passes formal review.
    switch_user(page, live_server, "e2e_ministry")
    page.goto(f"{live_server.url}/reviews/batches/{batch.pk}/formal/")
    page.click("[data-testid=formal-130123]")
    page.check("[data-testid=confirm-formal]")
    page.click("[data-testid=pass-formal]")
    expect(page.locator(".messages")).to_contain_text("已完成：形式审查通过")
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    expect(page.locator("[data-testid=state]")).to_contain_text("形式审查通过")
    expect(page.locator("[data-testid=history]")).to_contain_text("请补充近三年研发投入数据")
    app.refresh_from_db()
    assert app.state == "formal_review_passed" and app.versions.count() == 2
