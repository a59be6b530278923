import io

import pytest
from django.core.management import call_command

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.audit.chain import verify_chain
from innocounty.audit.models import AuditEvent
from innocounty.dashboard.management.commands import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts_only(monkeypatch):
    """The stages' demo data is tested by each stage; here only the accounts."""
    monkeypatch.setattr(demo, "DEMO_STEPS", [])


def test_demo_creates_one_account_per_role_on_real_counties_and_prints_them(accounts_only):
    out = io.StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    zhengding = User.objects.get(username="county_zhengding")
    assert zhengding.check_password(demo.DEMO_PASSWORD)
    assert zhengding.role_assignments.get().county.name == "正定县"
    assert User.objects.get(username="province_hebei").role_assignments.get().province.name == "河北省"
    for username, *_ in demo.DEMO_ACCOUNTS:
        assert username in printed
    assert demo.DEMO_PASSWORD in printed


def test_demo_is_idempotent_and_audits_grants_once(accounts_only):
    call_command("demo", stdout=io.StringIO())
    grants = AuditEvent.objects.filter(action="role.granted").count()
    assert grants == len(demo.DEMO_ACCOUNTS)
    call_command("demo", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="role.granted").count() == grants
    assert RoleAssignment.objects.count() == len(demo.DEMO_ACCOUNTS)
    assert verify_chain().ok


def test_demo_repairs_a_changed_role_through_the_audited_service(accounts_only):
    call_command("demo", stdout=io.StringIO())
    user = User.objects.get(username="county_zhengding")
    RoleAssignment.objects.filter(user=user).update(role=Role.EXPERT, county=None)
    call_command("demo", stdout=io.StringIO())
    assert user.role_assignments.get().role == Role.COUNTY_OFFICER
    assert AuditEvent.objects.filter(action="role.revoked").count() == 1
