"""The quick start (issue 8 item 25): the README lists every demo account, and the login link printed
at the end is the address the server was started on."""

from pathlib import Path

import pytest

from innocounty.dashboard.management.commands.demo import DEMO_ACCOUNTS, login_url

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_account_table_lists_every_demo_account():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = {line.split("|")[1].strip().strip("`") for line in readme.splitlines() if line.startswith("| `")}
    assert {username for username, *_ in DEMO_ACCOUNTS} <= table


def test_the_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    assert [line for line in block.splitlines() if line.strip()] == ["./scripts/quickstart", "./scripts/test"]


@pytest.mark.parametrize(("address", "url"), [
    ("127.0.0.1:8000", "http://127.0.0.1:8000/accounts/login/"),
    ("8080", "http://127.0.0.1:8080/accounts/login/"),
    ("0.0.0.0:9000", "http://127.0.0.1:9000/accounts/login/"),
    ("[::]:8000", "http://[::1]:8000/accounts/login/"),
    ("localhost:8001", "http://localhost:8001/accounts/login/"),
    ("example.org:80", "http://example.org:80/accounts/login/"),
])  # fmt: skip
def test_login_link_follows_the_address(address, url):
    assert login_url(address) == url


def test_quickstart_hands_its_address_to_the_demo_and_the_server():
    script = (ROOT / "scripts" / "quickstart").read_text(encoding="utf-8")
    assert 'export INNOCOUNTY_ADDR="${1:-${INNOCOUNTY_ADDR:-127.0.0.1:8000}}"' in script
    assert 'manage.py demo --address "$INNOCOUNTY_ADDR"' in script
    assert 'manage.py runserver "$INNOCOUNTY_ADDR"' in script
    assert script.count('echo "==> [') == 4  # says what it is doing, step by step


@pytest.mark.django_db
def test_demo_prints_progress_and_the_login_link_of_its_address(monkeypatch):
    import io

    from django.core.management import call_command

    from innocounty.dashboard.management.commands import demo

    monkeypatch.setattr(demo, "DEMO_STEPS", [])  # the stages' data is tested by each stage
    out = io.StringIO()
    call_command("demo", address="0.0.0.0:8123", stdout=out)
    printed = out.getvalue()
    assert "==> 演示账户 / demo accounts" in printed and "==> 演示数据就绪" in printed
    assert "http://127.0.0.1:8123/accounts/login/" in printed and ":8000" not in printed
    monkeypatch.setenv("INNOCOUNTY_ADDR", "localhost:8124")
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "http://localhost:8124/accounts/login/" in out.getvalue()
