"""Demo of county data entry (县级在线填报) in an open round: ``build(stdout)``, a step of ``manage.py demo``.

The ministry opens the 2026 round (after the evaluation demo closed 2019–2025) on 16 November 2026, deadline
15 January 2027. Counties of Hebei and Zhejiang enter their values, starting from last year's (+5 %), through
the same services the pages call, under ``clock.at``:

* 正定县 (the ``county_zhengding`` demo account) keeps a draft with one unconfirmed warning (GDP per capita
  inconsistent with GDP ÷ population);
* three more Hebei counties: one submitted, one returned by the province with a reason, one accepted;
* 安吉县 (``county_anji``) submits with that warning confirmed, and the province (``province_zhejiang``)
  confirms it on the round's quality page.

Idempotent: a county whose entry exists is left as it is.
"""

from __future__ import annotations

import datetime as dt

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.audit.chain import record
from innocounty.common import clock
from innocounty.monitoring import county_entry as service
from innocounty.monitoring.columns import columns_for_framework
from innocounty.monitoring.models import CountyEntry, DataRound, FlagConfirmation, Framework, IndicatorValue
from innocounty.monitoring.rounds import open_round
from innocounty.regions.models import County

YEAR = 2026
DEADLINE = dt.date(2027, 1, 15)
NOTE = "演示：县级在线填报（模拟数据，非真实统计数据）。"
WARNING = "rule:gdp-per-capita-consistent"


def _at(month: int, day: int, hour: int = 10):
    return clock.at(dt.datetime(YEAR, month, day, hour, tzinfo=clock.CHINA))


def _user(username: str, role: str, province: str | None = None, county: str | None = None) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, display_name=f"{county or province}（演示）")
        user.set_unusable_password()
        user.save()
    if not RoleAssignment.objects.filter(user=user, role=role).exists():
        RoleAssignment.objects.create(user=user, role=role, province_id=province, county_id=county)
    return user


def _county_officer(code: str) -> User:
    demo = {"130123": "county_zhengding", "330523": "county_anji"}.get(code, f"demo_county_{code}")
    return _user(demo, Role.COUNTY_OFFICER, county=code)


def _province_officer(code: str) -> User:
    demo = {"13": "province_hebei", "33": "province_zhejiang"}.get(code, f"demo_province_{code}")
    return _user(demo, Role.PROVINCIAL_OFFICER, province=code)


def _values(framework: Framework, county: str) -> dict[str, str]:
    """Last year's values of the county, 5 % up (unit data unchanged), as typed texts."""
    last = dict(
        IndicatorValue.objects.filter(
            data_round__year=YEAR - 1, county_id=county, value__isnull=False
        ).values_list("code", "value")
    )
    out = {}
    for col in columns_for_framework(framework):
        if col.code in last:
            value = last[col.code] * (1.0 if col.kind == "unit_data" or col.is_percent else 1.05)
            out[col.code] = f"{min(value, col.maximum):.6g}"
    return out


def _inconsistent(values: dict[str, str]) -> dict[str, str]:
    """GDP per capita a fifth off GDP ÷ population: the shipped consistency rule's warning."""
    changed = dict(values)
    if "I23" in changed:
        changed["I23"] = f"{float(changed['I23']) * 1.2:.6g}"
    return changed


def build(stdout) -> None:
    ministry = User.objects.filter(username="ministry").first()
    if ministry is None or not DataRound.objects.filter(year=YEAR - 1).exists():
        stdout.write("  县级在线填报演示：跳过（需要科技部演示账户和 2025 年度演示数据）")
        return
    data_round = DataRound.objects.filter(year=YEAR).first()
    if data_round is None:
        framework = DataRound.objects.get(year=YEAR - 1).framework
        with _at(11, 16):
            data_round = open_round(ministry, YEAR, framework, DEADLINE, NOTE)
    framework = data_round.framework
    hebei = list(
        County.objects.eligible()
        .filter(province_id="13")
        .exclude(code="130123")
        .order_by("code")
        .values_list("code", flat=True)[:3]
    )
    stories = [
        ("130123", "draft"),
        *zip(hebei, ("submitted", "returned", "accepted"), strict=False),
        ("330523", "confirmed"),
    ]
    made = 0
    for i, (code, story) in enumerate(stories):
        county = County.objects.filter(code=code).first()
        if county is None or CountyEntry.objects.filter(data_round=data_round, county=county).exists():
            continue
        officer, province = _county_officer(code), _province_officer(county.province_id)
        entry = service.entry_for(data_round, county)
        values = _values(framework, code)
        if not values:
            continue
        made += 1
        with _at(11, 20 + i):
            if story in ("draft", "confirmed"):
                service.save_draft(
                    officer, entry, _inconsistent(values), [WARNING] if story == "confirmed" else []
                )
            else:
                service.save_draft(officer, entry, values)
        if story == "draft":
            continue
        with _at(11, 25 + i):
            service.submit(officer, entry, confirm=True)
        if story == "returned":
            with _at(11, 28, 15):
                service.review(
                    province, entry, "return", "I07 高新技术企业数较上年增长较多，请附认定名单后重新提交。"
                )
        elif story == "accepted":
            with _at(11, 29, 9):
                service.review(province, entry, "accept", confirm=True)
        elif story == "confirmed":
            with _at(12, 1, 11):
                confirmation = FlagConfirmation.objects.create(
                    data_round=data_round,
                    county=county,
                    kind="rule",
                    key=WARNING.split(":", 1)[1],
                    note="人均地区生产总值按户籍人口计算，口径已在填报说明中注明。",
                    confirmed_by=province,
                    confirmed_at=clock.now(),
                )
                record(
                    province,
                    "monitoring.flag.confirmed",
                    confirmation,
                    after={"county": code, "kind": "rule", "key": confirmation.key},
                    summary=f"确认警告：{county.name} {confirmation.key}",
                )
    stdout.write(
        f"县级在线填报演示：{data_round}（截止 {DEADLINE:%Y-%m-%d}），新增 {made} 个县（市）的填报"
        f"（草稿、已提交、已退回、已接收各有；1 个警告已由省级确认）"
    )
