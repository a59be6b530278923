"""One county from approval to acceptance in a browser: its three annual reports (county → province →
ministry), then the ministry opens acceptance, the county submits its summary, the ministry records the video
defence and the site re-check and forms the panel, the expert reads the completion table, the ministry decides
and publishes, and the county appears on the public list of 创新型县（市）."""

import pytest
from playwright.sync_api import expect

from innocounty.acceptance.models import Acceptance
from innocounty.accounts.models import Role
from innocounty.applications.factories import make_application, make_batch, make_user
from innocounty.construction.models import AnnualReport
from innocounty.construction.services import ensure_projects
from innocounty.programme import KeyTask
from innocounty.regions.models import County, Province
from innocounty.workflow.adapter import apply_transition

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "e2e-password-2026"


def as_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


def write_and_submit(page, live_server, report):
    page.goto(f"{live_server.url}/construction/reports/{report.pk}/")
    page.click("[data-testid=edit]")
    for task in KeyTask:
        page.select_option(f"[data-testid=task-{task.value}-status]", "done")
        page.fill(f"[data-testid=task-{task.value}-text]", f"{task.label}：本年度完成了计划的各项措施。")
    for ms in page.locator("select[data-testid^=ms-][data-testid$=-status]").all():
        ms.select_option("done")
    for code in ("I01", "I02", "I03"):
        page.fill(f"[data-testid=target-{code}-actual]", "2.5")
        page.fill(f"[data-testid=target-{code}-reason]", "县统计局年报")
    page.fill("[data-testid=fund-local]", "1200")
    page.fill("[data-testid=policy-0-title]", "关于支持科技创新的若干措施")
    page.fill("[data-testid=problems]", "高层次人才引进不足，企业研发投入增长偏慢，需要持续加力。")
    page.fill("[data-testid=next-steps]", "加快创新平台建设，推动科技成果转化，完善配套政策体系。")
    page.click("[data-testid=save]")
    page.check("[data-testid=confirm-submit]")
    page.click("[data-testid=do-submit]")
    expect(page.locator("[data-testid=state]")).to_have_text("待省级审核")


def test_from_approval_to_acceptance(page, live_server):
    from innocounty.experts.factories import make_expert

    zhengding = County.objects.get(code="130123")
    county = make_user("e2e_county", Role.COUNTY_OFFICER, county=zhengding, password=PASSWORD)
    make_user(
        "e2e_province", Role.PROVINCIAL_OFFICER, province=Province.objects.get(code="13"), password=PASSWORD
    )
    ministry = make_user("e2e_ministry", Role.MINISTRY_OFFICER, password=PASSWORD)
    expert_user = make_user("e2e_expert", Role.EXPERT, password=PASSWORD)
    make_expert("e2e_expert", "11", user=expert_user)
    make_expert("e2e_expert2", "31")
    batch = make_batch("浏览器验收批次", construction_start_year=2022, status="closed")
    make_application(batch, zhengding, county, state="approved")  # seeded: approval is tested in its own flow
    ensure_projects()

    # Three annual reports: the county writes each, the province passes it, the ministry receives it.
    for year in (2022, 2023, 2024):
        report = AnnualReport.objects.get(project__county=zhengding, year=year)
        as_user(page, live_server, "e2e_county")
        write_and_submit(page, live_server, report)
        as_user(page, live_server, "e2e_province")
        page.goto(f"{live_server.url}/construction/reports/{report.pk}/")
        page.check("[data-testid=confirm-pass]")
        page.click("[data-testid=do-pass]")
        as_user(page, live_server, "e2e_ministry")
        page.goto(f"{live_server.url}/construction/reports/{report.pk}/")
        page.click("[data-testid=do-receive]")
        expect(page.locator("[data-testid=state]")).to_have_text("科技部已接收")

    # The ministry opens acceptance for the batch (its construction years are over).
    page.goto(f"{live_server.url}/acceptance/")
    page.click(f"[data-testid=batch-{batch.pk}]")
    page.click("[data-testid=open-batch]")
    expect(page.locator("[data-testid=batch-rows]")).to_contain_text("待提交总结材料")
    acceptance = Acceptance.objects.get(project__county=zhengding)
    url = f"{live_server.url}/acceptance/{acceptance.pk}/"

    # The county writes and submits its summary.
    as_user(page, live_server, "e2e_county")
    page.goto(url)
    page.fill("[data-testid=summary-text]", "三年来围绕建设方案推进各项任务，研发投入强度明显提高。")
    page.click("[data-testid=save-summary]")
    page.check("[data-testid=confirm-submit_summary]")
    page.click("[data-testid=do-submit_summary]")
    expect(page.locator("[data-testid=state]")).to_have_text("总结材料已提交")

    # The ministry records the video defence and the site re-check, and forms the panel.
    as_user(page, live_server, "e2e_ministry")
    page.goto(url)
    page.fill("[data-testid=record_defence-defence_at]", "2025-06-10 09:00")
    page.fill("[data-testid=record_defence-venue]", "视频会议 123-456")
    page.fill("[data-testid=record_defence-outcome]", "汇报清楚，答问准确。")
    page.click("[data-testid=do-record_defence]")
    expect(page.locator("[data-testid=state]")).to_have_text("已视频答辩")
    page.fill("[data-testid=record_recheck-recheck_on]", "2025-07-02")
    page.fill("[data-testid=record_recheck-team]", "张三、李四")
    page.fill("[data-testid=record_recheck-findings]", "现场核实与材料一致。")
    page.click("[data-testid=do-record_recheck]")
    expect(page.locator("[data-testid=recheck]")).to_contain_text("张三")
    from innocounty.experts.services import plan_for

    plan = plan_for(batch, "acceptance")
    plan.panel_size = 2
    plan.save()
    page.goto(f"{live_server.url}/acceptance/batches/{batch.pk}/")
    page.click("[data-testid=propose-panels]")
    page.click("[data-testid=invite-panels]")
    expect(page.locator("[data-testid=batch-rows]")).to_contain_text("已邀请")

    # The experts accept, declare and score (the experts app's own pages are tested in tests/experts).
    from innocounty.acceptance import scoring
    from innocounty.acceptance.rubric import acceptance_rubric
    from innocounty.experts.reviewing import save_draft, submit

    for slot in scoring.assignments_of(acceptance).select_related("expert__user"):
        user = slot.expert.user
        apply_transition(user, slot, "accept", {}).require()
        apply_transition(user, slot, "declare", {"declaration": True, "confirm": True}).require()
        slot.refresh_from_db()
        save_draft(user, slot, dict.fromkeys(acceptance_rubric(batch).codes, 8), {}, "approve", "")
        assert submit(user, slot, True).allowed
    as_user(page, live_server, "e2e_expert")
    page.goto(url)
    expect(page.locator("[data-testid=completion]")).to_contain_text("各项指标完成情况")
    expect(page.locator("[data-testid=panel]")).to_have_count(0)

    # The ministry confirms the scores, passes the county and publishes the list.
    as_user(page, live_server, "e2e_ministry")
    page.goto(url)
    page.click("[data-testid=do-close_scoring]")
    page.check("[data-testid=confirm-pass]")
    page.click("[data-testid=do-pass]")
    expect(page.locator("[data-testid=state]")).to_have_text("验收通过")
    page.goto(f"{live_server.url}/acceptance/batches/{batch.pk}/")
    page.check("[data-testid=confirm-publish]")
    page.click("[data-testid=do-publish]")
    expect(page.locator("[data-testid=list-state]")).to_contain_text("已发文公布")

    # Anyone sees the county on the public list.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/innovative-counties/")
    expect(page.locator(f"[data-testid=innovative-batch-{batch.pk}]")).to_contain_text("正定县")
    assert ministry.pk and Acceptance.objects.get(pk=acceptance.pk).state == "passed"
