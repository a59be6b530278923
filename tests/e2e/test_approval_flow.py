"""The approval stage in a browser: the ministry drafts the list and publishes the notice, an anonymous
visitor objects on the public page, the ministry dismisses the objection and, after the period, publishes
the final list with its document number; the public page then lists the approved counties."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from innocounty.accounts.models import Role
from innocounty.applications.factories import make_application, make_batch, make_user
from innocounty.approvals.models import ApprovalList, Objection
from innocounty.common import clock
from innocounty.regions.models import County

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "e2e-password-2026"
NUMBER = "国科发农〔{year}〕76号"


def test_ministry_notice_objection_and_publication(page, live_server):
    ministry = make_user("e2e_ministry", Role.MINISTRY_OFFICER, password=PASSWORD, is_staff=True)
    batch = make_batch("浏览器测试批次（批准）", status="closed")
    counties = {code: County.objects.get(code=code) for code in ("130123", "131022", "330523")}
    for n, county in enumerate(counties.values()):
        make_application(batch, county, ministry, state="selected_for_consultation", priority=1,
                         theme=("industry", "ecology", "livelihood")[n])  # fmt: skip

    login(page, live_server, "e2e_ministry", PASSWORD)
    page.goto(f"{live_server.url}/approvals/batches/{batch.pk}/")
    page.click("[data-testid=draft-list]")
    expect(page.locator("[data-testid=entries]")).to_contain_text("安吉县")
    page.check("[data-testid=confirm-publish]")
    page.click("[data-testid=publish-notice]")
    expect(page.locator("[data-testid=list-state]")).to_have_text("公示中")
    lst = ApprovalList.objects.get(batch=batch)

    # An anonymous visitor objects (the check question, answered after a human pause).
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/notices/{lst.pk}/")
    expect(page.locator("[data-testid=belt-1]")).to_contain_text("正定县")
    page.select_option("[data-testid=objection-county]", label="河北省 固安县")
    page.fill("[data-testid=objection-name]", "张三")
    page.fill("[data-testid=objection-contact]", "13800000000")
    page.fill("[data-testid=objection-text]", "该县申报材料中的研发投入数据与统计公报不一致。")
    a, b = re.match(r"(\d+) \+ (\d+)", page.get_attribute("[data-testid=objection-answer]", "data-question")).groups()
    page.fill("[data-testid=objection-answer]", str(int(a) + int(b)))
    page.wait_for_timeout(3200)
    page.click("[data-testid=objection-submit]")
    expect(page.locator("body")).to_contain_text("异议已提交")
    objection = Objection.objects.get()

    # The ministry dismisses it; the period ends (moved into the past: the server's clock is real).
    login(page, live_server, "e2e_ministry", PASSWORD)
    page.goto(f"{live_server.url}/approvals/batches/{batch.pk}/")
    expect(page.locator("[data-testid=blockers]")).to_contain_text("异议未处理")
    page.fill(f"[data-testid=dismiss-reason-{objection.pk}]", "经核实，数据口径不同，异议不成立。")
    page.click(f"[data-testid=dismiss-{objection.pk}]")
    expect(page.locator(f"[data-testid=objection-{objection.pk}]")).to_contain_text("异议不成立")
    today = clock.today()
    ApprovalList.objects.filter(pk=lst.pk).update(notice_starts=today - timedelta(days=8),
                                                  notice_ends=today - timedelta(days=2))  # fmt: skip
    page.reload()
    page.fill("[data-testid=document-number-input]", NUMBER.format(year=today.year))
    page.check("[data-testid=confirm-finalise]")
    page.click("[data-testid=finalise]")
    expect(page.locator("[data-testid=list-state]")).to_have_text("已发文")
    expect(page.locator("[data-testid=document-number]")).to_contain_text(NUMBER.format(year=today.year))

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/approved/")
    expect(page.locator(f"[data-testid=approved-batch-{batch.pk}]")).to_contain_text("固安县")
    expect(page.locator("[data-testid=approved-map]")).to_have_attribute("data-rendered", "true")
