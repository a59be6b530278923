"""Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).

Where /usr/bin/chromium is missing the tests are skipped with a notice, unless
INNOCOUNTY_REQUIRE_BROWSER=1 (set by .ci/run), where that is a failure.
"""

import os
import shutil
import tempfile

import pytest

CHROMIUM = os.environ.get("INNOCOUNTY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright runs an asyncio loop in this thread; the ORM refuses to run inside it unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_context():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("INNOCOUNTY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; install it with apt-get install chromium")
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, locale="zh-CN"
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context):
    browser_context.clear_cookies()
    page = browser_context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.close()


def login(page, live_server, username: str, password: str) -> None:
    """Sign in through the login form; a user who needs two factors gets an authenticator (if none) and types
    its current code on the verification page, as a person would."""
    from innocounty.accounts.models import User
    from innocounty.twofactor.policy import two_factor_required
    from innocounty.twofactor.testing import authenticator_for, code_for

    user = User.objects.filter(username=username).first()
    device = authenticator_for(user) if user is not None and two_factor_required(user) else None
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if device is not None and "/accounts/2fa/verify/" in page.url:
        page.fill("input[name=token]", code_for(device))
        page.click("[data-testid=otp-verify] button[type=submit]")
        page.wait_for_load_state("networkidle")


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """Browser tests are transactional; the shared ``reference_data`` puts the migrated data back first."""
