"""Issue 8 items 16 and 20 in a browser: a conflicting autosave shows the stored text next to the
user's, a refused autosave is shown at once, and the typed text is never lost."""

import pytest
from playwright.sync_api import expect

from innocounty.accounts.models import Role
from innocounty.applications.editing import save_section
from innocounty.applications.factories import make_application, make_batch, make_user
from innocounty.applications.models import Application
from innocounty.applications.workflow import run_transition
from innocounty.regions.models import County

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "e2e-password-2026"


def test_conflict_and_refusal_are_shown_and_the_text_kept(page, live_server):
    zhengding = County.objects.get(code="130123")
    county = make_user("e2e_editor", Role.COUNTY_OFFICER, county=zhengding, password=PASSWORD)
    app = make_application(make_batch("自动保存测试批次"), zhengding, county)
    login(page, live_server, "e2e_editor", PASSWORD)
    page.goto(f"{live_server.url}/applications/{app.pk}/edit/")
    editor = page.locator("[data-testid=editor-basis]")
    status = page.locator("[data-testid=status-basis]")

    editor.click()
    page.keyboard.press("End")
    page.keyboard.type("第一次输入")
    expect(status).to_contain_text("已自动保存")

    # Another session saves the same section meanwhile.
    save_section(county, Application.objects.get(pk=app.pk), "basis", "<p>另一个窗口保存的建设基础</p>")
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type("第二次输入")
    expect(page.locator("[data-testid=conflict]")).to_be_visible()
    expect(page.locator("[data-testid=stored-copy]")).to_contain_text("另一个窗口保存的建设基础")
    expect(editor).to_contain_text("第二次输入")  # the user's text stays in the editor
    page.click("[data-testid=keep-mine]")
    expect(status).to_contain_text("已自动保存")
    assert "第二次输入" in Application.objects.get(pk=app.pk).sections["basis"]

    # The application is submitted from elsewhere: the next autosave is refused, visibly, text kept.
    assert run_transition(app.created_by, Application.objects.get(pk=app.pk), "submit", {"confirm": True}).allowed
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type("提交后的输入")
    alert = status.locator("[role=alert]")
    expect(alert).to_contain_text("未保存")
    expect(editor).to_contain_text("提交后的输入")
    kept = page.evaluate(f"window.localStorage.getItem('innocounty:application:{app.pk}:sections.basis')")
    assert kept and "提交后的输入" in kept
    assert "提交后的输入" not in Application.objects.get(pk=app.pk).sections["basis"]

    # Reloading: a submitted application opens read-only (the detail page).
    page.once("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/applications/{app.pk}/edit/")
    assert page.url.rstrip("/").endswith(f"/applications/{app.pk}")
