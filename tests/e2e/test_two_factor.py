"""In the browser: a ministry officer enrols an authenticator after the password (QR code drawn in the page,
the secret typed into our "phone"), keeps the recovery codes, and reaches the desk; the pages run under the
Content-Security-Policy without a single violation (ECharts map included)."""

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from tests.rankings.conftest import RESULTS_2025, make_run

from innocounty.dashboard.management.commands import demo
from innocounty.dashboard.management.commands.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def demo_accounts(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_STEPS", [])
    call_command("demo", verbosity=0)


def _code_from_secret(secret: str) -> str:
    from base64 import b32decode

    text = secret.replace(" ", "")
    key = b32decode(text + "=" * (-len(text) % 8))
    return f"{totp(key):06d}"


def test_ministry_officer_enrols_after_the_password_and_keeps_the_recovery_codes(page, live_server):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "ministry")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/2fa/enrol/" in page.url
    assert page.locator("[data-testid=totp-qr] svg").count() == 1
    secret = page.locator("[data-testid=totp-secret]").inner_text()
    page.fill("input[name=token]", _code_from_secret(secret))
    page.click("[data-testid=enrol-submit]")
    page.wait_for_load_state("networkidle")
    codes = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    assert len(codes) == 10
    page.click("[data-testid=recovery-continue]")
    page.wait_for_load_state("networkidle")
    assert "科技部" in page.locator("[data-testid=current-user]").inner_text()
    make_run(2025, RESULTS_2025)
    for path in ("/", "/rankings/", "/rankings/map/", "/batches/", "/accounts/2fa/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert violations == []
