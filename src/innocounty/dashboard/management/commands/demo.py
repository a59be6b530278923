"""Create the demo accounts (one per role, on real counties), then each stage's demo data, and print them.

Idempotent: running it again resets the demo passwords and roles. Each stage adds its demo data as a
function ``build(stdout) -> None`` named in ``DEMO_STEPS``, run in that order after the accounts exist.
"""

import os
import time
from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from innocounty.accounts.models import Role, User
from innocounty.accounts.services import grant_role, revoke_role
from innocounty.audit.chain import record
from innocounty.regions.models import County, Province

DEMO_PASSWORD = "innocounty-demo-2026"

# Dotted paths of ``build(stdout)`` functions, in the order they must run.
DEMO_STEPS: list[str] = [
    "innocounty.evaluations.demo.build",
    "innocounty.monitoring.demo.build",
    "innocounty.acceptance.demo.reset",  # acceptance rows protect the construction projects
    "innocounty.construction.demo.reset",  # projects protect the applications the next step rebuilds
    "innocounty.reviews.demo.build",
    "innocounty.experts.demo.build",
    "innocounty.approvals.demo.build",
    "innocounty.construction.demo.build",
    "innocounty.acceptance.demo.build",
    "innocounty.overview.demo.build",  # last: the effect of the demo's approved counties on its published runs
]

STEP_LABELS = {
    "innocounty.evaluations.demo.build": "监测数据（模拟）与各年度评价 / synthetic monitoring data and yearly evaluation runs",
    "innocounty.batches.demo.build": "批次与申报 / batches and applications",
    "innocounty.experts.demo.build": "专家库与咨询评议 / expert pool and consultation",
    "innocounty.approvals.demo.build": "实地考察、公示与发文公布 / inspection, public notice and publication",
    "innocounty.monitoring.demo.build": "县级在线填报（模拟） / county data entry in the open 2026 round",
    "innocounty.construction.demo.reset": "清理建设项目 / clearing construction projects",
    "innocounty.construction.demo.build": "组织建设与年度报告 / construction projects and annual reports",
    "innocounty.acceptance.demo.reset": "清理评估验收 / clearing acceptance",
    "innocounty.acceptance.demo.build": "评估验收与三年工作方案 / acceptance and work plans",
    "innocounty.overview.demo.build": "建设成效估计 / the programme's effect",
}
DEFAULT_ADDRESS = "127.0.0.1:8000"

# username, display name, role, province code, county code
DEMO_ACCOUNTS = [
    ("county_zhengding", "正定县科技局（演示）", Role.COUNTY_OFFICER, None, "130123"),
    ("county_anji", "安吉县科技局（演示）", Role.COUNTY_OFFICER, None, "330523"),
    ("province_hebei", "河北省科学技术厅（演示）", Role.PROVINCIAL_OFFICER, "13", None),
    ("province_zhejiang", "浙江省科学技术厅（演示）", Role.PROVINCIAL_OFFICER, "33", None),
    ("ministry", "科技部农村科技司（演示）", Role.MINISTRY_OFFICER, None, None),
    ("expert_li", "李专家（演示）", Role.EXPERT, None, None),
    ("auditor", "审计员（演示）", Role.AUDITOR, None, None),
]


class Command(BaseCommand):
    help = "Create demo accounts for every role (and the demo data of the stages built so far)."

    def add_arguments(self, parser):
        parser.add_argument("--address", default=os.environ.get("INNOCOUNTY_ADDR") or DEFAULT_ADDRESS,
                            help="the [host:]port the server will listen on, for the login link printed at the end "
                                 f"(default: $INNOCOUNTY_ADDR or {DEFAULT_ADDRESS})")  # fmt: skip

    def progress(self, message: str) -> None:
        self.stdout.write(f"==> {message}")
        self.stdout.flush()

    def handle(self, *args, **options):
        started = time.monotonic()
        if not County.objects.exists():
            self.progress("载入县级行政区划 / loading the county-level units …")
            call_command("load_regions", verbosity=0)
        self.progress("演示账户 / demo accounts …")
        with transaction.atomic():
            rows = [self._ensure_account(*spec) for spec in DEMO_ACCOUNTS]
        for step in DEMO_STEPS:
            self.progress(f"{STEP_LABELS.get(step, step)} …")
            module_name, _, function_name = step.rpartition(".")
            getattr(import_module(module_name), function_name)(self.stdout)
        self.progress(f"演示数据就绪 / demo data ready ({time.monotonic() - started:.0f} s)")
        self.stdout.write(self.style.SUCCESS(f"演示账户 / demo accounts (密码 password: {DEMO_PASSWORD})"))
        for username, display, role_label, scope in rows:
            self.stdout.write(f"  {username:<20} {role_label:<12} {scope:<16} {display}")
        self.stdout.write(f"登录 / log in: {login_url(options['address'])}")
        from django.conf import settings

        if getattr(settings, "INNOCOUNTY_2FA_REQUIRED", True):  # docs/security.md "Two-factor login"
            self.stdout.write("双因素登录 / two-factor login: 科技部与省级账户首次登录时绑定身份验证器 "
                              "(ministry and provincial accounts enrol an authenticator at first sign-in)")
        else:
            self.stdout.write("双因素登录 / two-factor login: 开发设置下免除 (waived in the dev settings; "
                              "INNOCOUNTY_2FA_REQUIRED=1 turns it on)")

    def _ensure_account(self, username, display_name, role, province_code, county_code):
        """Create or reset one demo account; role changes go through the audited role service."""
        user, created = User.objects.get_or_create(username=username)
        user.display_name = display_name
        user.is_active = True
        user.is_staff = role in (Role.MINISTRY_OFFICER, Role.AUDITOR)
        user.set_password(DEMO_PASSWORD)
        user.save()
        if created:
            record(None, "user.created", user, after={"username": username}, summary="演示账户", actor_label="demo")
        province = Province.objects.get(code=province_code) if province_code else None
        county = County.objects.select_related("province").get(code=county_code) if county_code else None
        for stale in user.role_assignments.exclude(role=role, province=province, county=county):
            revoke_role(None, stale)
        assignment = user.role_assignments.filter(role=role, province=province, county=county).first()
        if assignment is None:
            assignment = grant_role(None, user, role, province=province, county=county)
        return username, str(assignment.get_role_display()), assignment.scope_label, display_name


def login_url(address: str) -> str:
    """The login link for a runserver address: ``8080``, ``host:port``, ``[::1]:8000``; a wildcard
    address (``0.0.0.0``, ``::``) is shown as the loopback address it also answers on."""
    host, _, port = address.strip().rpartition(":")
    host = host or "127.0.0.1"
    if host == "0.0.0.0":
        host = "127.0.0.1"
    elif host.strip("[]") == "::":
        host = "[::1]"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port or '8000'}/accounts/login/"
