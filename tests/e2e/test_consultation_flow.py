"""The consultation in a browser: the ministry proposes panels, adjusts a slot (a refused one named, then a
valid one), confirms and invites; an expert accepts, declares no conflict, scores and submits."""

import pytest
from playwright.sync_api import expect

from innocounty.accounts.models import Role
from innocounty.applications.factories import make_user
from innocounty.experts.factories import candidate, consultation_batch, make_expert
from innocounty.experts.models import Assignment, Review
from innocounty.programme.scoring import DEFAULT_RUBRIC
from innocounty.regions.models import County

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "e2e-password-2026"


def test_ministry_assigns_and_an_expert_declares_scores_and_submits(page, live_server):
    ministry = make_user("e2e_ministry", Role.MINISTRY_OFFICER, password=PASSWORD)
    county = make_user("e2e_county", Role.COUNTY_OFFICER, county=County.objects.get(code="130123"))
    expert_user = make_user("e2e_expert", Role.EXPERT, password=PASSWORD)
    batch = consultation_batch("浏览器咨询评议批次")
    zhengding = candidate(batch, "130123", county)
    li = make_expert("e2e_expert", "11", user=expert_user, name="浏览器专家")
    for i, province in enumerate(("31", "44", "51")):
        make_expert(f"e2e_other_{i}", province)
    hebei = make_expert("e2e_hebei", "13", name="河北专家")
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, live_server, "e2e_ministry", PASSWORD)
    page.goto(f"{live_server.url}/experts/batches/{batch.pk}/")
    page.fill("input[name=panel_size]", "2")
    page.fill("input[name=max_load]", "3")
    page.click("text=保存设置")
    page.click("[data-testid=propose]")
    expect(page.locator("[data-testid=min-match]")).to_be_visible()
    assert Assignment.objects.filter(state="proposed").count() == 2
    # A Hebei expert on a Hebei panel: refused with the rule named.
    page.fill(f"[data-testid=slot-expert-{zhengding.pk}]", str(hebei.pk))
    page.click(f"[data-testid=slot-{zhengding.pk}]")
    expect(page.locator(".messages")).to_contain_text("同属一个省份")
    if not Assignment.objects.filter(expert=li, state="proposed").exists():  # put our expert on the panel
        replaced = Assignment.objects.filter(state="proposed").first()
        page.fill(f"[data-testid=slot-expert-{zhengding.pk}]", str(li.pk))
        page.select_option(f"[data-testid=panel-{zhengding.pk}] select[name=replacing]", str(replaced.pk))
        page.click(f"[data-testid=slot-{zhengding.pk}]")
        expect(page.locator(".messages")).to_contain_text("已将浏览器专家分配到")
    page.check("[data-testid=confirm-invite]")
    page.click("[data-testid=invite]")
    expect(page.locator(".messages")).to_contain_text("发出邀请")
    slot = Assignment.objects.get(expert=li, state="invited")

    page.context.clear_cookies()
    login(page, live_server, "e2e_expert", PASSWORD)
    page.goto(f"{live_server.url}/experts/mine/")
    page.click(f"[data-testid=accept-{slot.pk}]")
    page.check(f"[data-testid=declaration-{slot.pk}]")
    page.check("[data-testid=confirm-declare]")
    page.click(f"[data-testid=declare-{slot.pk}]")
    expect(page.locator("[data-testid=review-form]")).to_be_visible()
    for c in DEFAULT_RUBRIC.criteria:
        page.fill(f"[data-testid=score-{c.code}]", "8")
    page.check("[data-testid=rec-approve]")
    page.click("[data-testid=save-draft]")
    expect(page.locator(".messages")).to_contain_text("草稿已保存")
    page.check("[data-testid=confirm-submit]")
    page.click("[data-testid=submit-review]")
    expect(page.locator(".messages")).to_contain_text("评议意见已提交")
    review = Review.objects.get(assignment=slot)
    assert review.state == "submitted" and review.total == 80.0
    page.click(f"[data-testid=open-{slot.pk}]")
    expect(page.locator("h1")).to_contain_text("正定县")
    assert ministry.pk
