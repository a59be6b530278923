"""Building blocks for tests and the demo: an open batch, users with roles, complete plans.

Plain functions (no test framework needed), so the demo command can use them too. Text they write
is labelled 演示 so nobody mistakes it for a real county's plan.
"""

from __future__ import annotations

from datetime import timedelta

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.applications.models import Application
from innocounty.batches.models import Batch, BatchProvince
from innocounty.common.states import seeding_states
from innocounty.programme import KeyTask, PlanSection, Theme, today_in_china
from innocounty.regions.models import County, Province

FILLER = "本部分为演示文字，用于说明建设方案的结构与篇幅要求，不代表任何县（市）的真实方案内容。"


def section_html(title: str, county_name: str = "") -> str:
    """A section of about 250 visible characters (the default minimum is 200)."""
    body = f"{county_name}{title}（演示）：" + FILLER * 5
    return f"<p>{body}</p><ul><li>重点一：围绕主导产业强化科技支撑。</li><li>重点二：完善创新服务体系。</li></ul>"


def complete_plan_json(years, county_name: str = "", theme: str = Theme.INDUSTRY.value,
                       indicator_codes=("I01", "I02", "I03")) -> dict:  # fmt: skip
    from innocounty.applications.monitoring_data import _shipped_indicators

    names = {i.code: i.name for i in _shipped_indicators()}
    return {
        "theme": theme,
        "sections": {s.value: section_html(s.title, county_name) for s in PlanSection},
        "key_tasks": {t.value: f"（演示）围绕「{t.label}」制定年度措施，明确牵头部门和考核指标。" for t in KeyTask},
        "milestones": [{"year": y, "text": f"（演示）{y}年完成阶段性建设任务并开展年度评估"} for y in years],
        "targets": [
            {"indicator_code": code, "indicator_name": names.get(code, code), "baseline": 1.0 + i, "baseline_year": years[0] - 2,
             "baseline_source": "county", "direction": "higher",
             "values": {str(y): round(1.0 + i + 0.5 * (n + 1), 2) for n, y in enumerate(years)}}
            for i, code in enumerate(indicator_codes)
        ],
    }  # fmt: skip


def make_user(username: str, role: str | None = None, *, province=None, county=None, **extra) -> User:
    user = User.objects.create_user(username=username, password=extra.pop("password", "pw-for-tests-123"),
                                    email=extra.pop("email", f"{username}@example.org"), **extra)  # fmt: skip
    if role:
        RoleAssignment.objects.create(user=user, role=role, province=province, county=county)
    return user


def make_batch(name: str = "测试批次", *, status: str = "open", quotas: dict[str, int] | None = None,
               stages=None, opens_in_days: int = -10, closes_in_days: int = 20, recommendation_in_days: int = 40,
               **fields) -> Batch:  # fmt: skip
    """A batch whose application window is open today (by default), with quotas per province code."""
    today = today_in_china()
    with seeding_states():  # a batch set up directly in ``status`` (tests of later steps)
        batch = Batch.objects.create(
            name=name, year=today.year, status=status, call_text=fields.pop("call_text", "（演示）申报通知"),
            application_opens=today + timedelta(days=opens_in_days), application_closes=today + timedelta(days=closes_in_days),
            recommendation_closes=today + timedelta(days=recommendation_in_days) if recommendation_in_days is not None else None,
            construction_start_year=fields.pop("construction_start_year", today.year + 1),
            **({"stages": list(stages)} if stages is not None else {}), **fields,
        )  # fmt: skip
    for code, quota in (quotas if quotas is not None else {"13": 2, "33": 2}).items():
        BatchProvince.objects.create(batch=batch, province=Province.objects.get(code=code), quota=quota)
    return batch


def make_application(batch: Batch, county: County, user: User, *, state: str = "draft", complete: bool = True,
                     theme: str = Theme.INDUSTRY.value, priority: int | None = None) -> Application:  # fmt: skip
    """An application stored directly in ``state`` (to set up later stages; the workflow is not run)."""
    plan = complete_plan_json(batch.construction_years, county.name, theme) if complete else {"theme": theme}
    with seeding_states():
        return Application.objects.create(
            batch=batch, county=county, state=state, created_by=user, recommendation_priority=priority,
            theme=plan.get("theme") or "", sections=plan.get("sections", {}), key_tasks=plan.get("key_tasks", {}),
            milestones=plan.get("milestones", []), targets=plan.get("targets", []),
        )  # fmt: skip


class Cast:
    """The standard cast of the lifecycle tests: two Hebei counties, one Zhejiang county, a Hebei urban
    district, their provinces' officers, a ministry officer, an auditor and an expert."""

    def __init__(self) -> None:
        self.zhengding = County.objects.get(code="130123")
        self.guan = County.objects.get(code="131022")
        self.anji = County.objects.get(code="330523")
        self.district = County.objects.get(code="130102")  # 长安区, a 市辖区: not eligible by default
        self.hebei, self.zhejiang = Province.objects.get(code="13"), Province.objects.get(code="33")
        self.county = make_user("zd", Role.COUNTY_OFFICER, county=self.zhengding)
        self.county_guan = make_user("ga", Role.COUNTY_OFFICER, county=self.guan)
        self.county_anji = make_user("aj", Role.COUNTY_OFFICER, county=self.anji)
        self.county_district = make_user("ca", Role.COUNTY_OFFICER, county=self.district)
        self.province = make_user("hb", Role.PROVINCIAL_OFFICER, province=self.hebei)
        self.province_zj = make_user("zj", Role.PROVINCIAL_OFFICER, province=self.zhejiang)
        self.ministry = make_user("most", Role.MINISTRY_OFFICER, is_staff=True)
        self.auditor = make_user("aud", Role.AUDITOR)
        self.expert = make_user("exp", Role.EXPERT)
