"""Fixtures for the rankings tests: stored evaluation runs built directly from rows (no engine run), on
real counties of Hebei (13) and Zhejiang (33) from the regions data, and users of every role.

Runs: 2024 published and public, 2025 published and public (the default), 2025 unpublished (ministry and
auditors only). Counties of 2025: 正定 (eligible), 行唐, 灵寿 (eligible), 高邑, 辛集 (县级市), 安吉, 长兴 (eligible).
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.common.states import seeding_states
from innocounty.evaluations.models import (
    CountyResult,
    EvaluationRun,
    IndicatorResult,
    RunNodeWeight,
    RunStatus,
)
from innocounty.monitoring.models import Framework
from innocounty.regions.models import County

PASSWORD = "rankings-test-pw-2026"
INDICATORS = [("I01", "县（市）本级财政科学技术支出", "万元", "D1"), ("I02", "财政科技支出占比", "%", "D1"),
              ("I07", "高新技术企业数", "家", "D2"), ("I22", "万元GDP综合能耗", "吨标准煤/万元", "D2")]
# code → (index, national rank, province rank, eligible)
RESULTS_2025 = {
    "130123": (62.0, 2, 1, True), "130125": (40.0, 5, 3, False), "130126": (55.0, 3, 2, True),
    "130127": (20.0, 7, 5, False), "130181": (30.0, 6, 4, False),
    "330523": (70.0, 1, 1, True), "330522": (45.0, 4, 2, False),
}
RESULTS_2024 = {"130123": (50.0, 4, 2, True), "330523": (65.0, 1, 1, True), "130125": (42.0, 5, 3, False)}


def make_run(year, results, *, published=True, public=True, label="", names=None) -> EvaluationRun:
    framework = Framework.objects.get(code="provisional-23", version="1")
    now = timezone.now()
    with seeding_states():  # a finished, published run set up directly (these tests read results)
        run = EvaluationRun.objects.create(
            year=year, framework=framework, seed=7, replicates=10, status=RunStatus.SUCCEEDED, progress=100,
            published=published, published_at=now if published else None, public_visible=public,
            synthetic_data=True, label=label, unit_count=len(results),
            applied_rules={"eligibility": {"composite": {"p": 0.25}, "indicator": {"share": 0.25, "min_count": 2},
                                           "combine": "and"}},
        )
    counties = {c.code: c for c in County.objects.filter(code__in=results).select_related("province")}
    per_province: dict[str, int] = {}
    for code in results:
        per_province[counties[code].province_id] = per_province.get(counties[code].province_id, 0) + 1
    rows, indicator_rows = [], []
    for code, (index, national, provincial, eligible) in results.items():
        county = counties[code]
        name = (names or {}).get(code, county.name)
        rows.append(CountyResult(
            run=run, county=county, county_name=name, province_id=county.province_id,
            prefecture_code=county.prefecture_id, belt=county.province.belt, unit_type=county.unit_type,
            index_score=index, dimension_scores={"D1": index + 5, "D2": index - 5},
            national_rank=national, national_n=len(results), province_rank=provincial,
            province_n=per_province[county.province_id], national_rank_q05=max(national - 1, 1),
            national_rank_q95=national + 1, province_rank_q05=max(provincial - 1, 1), province_rank_q95=provincial + 1,
            eligible=eligible, composite_pass=eligible, indicator_pass=eligible,
            eligibility_reason=f"综合指数省内排名第{provincial}/{per_province[county.province_id]}（测试）",
            performance_group="创新领先" if index > 50 else "创新中等", performance_ratio=index * 2,
            top_quartile_indicators=["I01"] if provincial == 1 else [],
        ))
        for position, (ind, _name, _unit, _parent) in enumerate(INDICATORS, start=1):
            indicator_rows.append(IndicatorResult(
                run=run, county=county, province_id=county.province_id, indicator_code=ind, position=position,
                raw_value=1000.0 + position + index, denominated_value=index, normalised_score=index,
                national_rank=national, province_rank=provincial, top_quartile=provincial == 1,
            ))
    CountyResult.objects.bulk_create(rows)
    IndicatorResult.objects.bulk_create(indicator_rows)
    nodes = [("INDEX", "创新能力指数", 3, "", ""), ("D1", "创新投入", 2, "INDEX", ""), ("D2", "企业创新", 2, "INDEX", "")]
    nodes += [(code, name, 1, parent, unit) for code, name, unit, parent in INDICATORS]
    RunNodeWeight.objects.bulk_create([
        RunNodeWeight(run=run, position=i, code=code, name=name, level=level, parent_code=parent, unit=unit,
                      direction=-1 if code == "I22" else 1, weight=1.0, effective_weight=0.25)
        for i, (code, name, level, parent, unit) in enumerate(nodes, start=1)
    ])
    return run


@pytest.fixture
def runs(db):
    return {
        "2024": make_run(2024, RESULTS_2024),
        "2025": make_run(2025, RESULTS_2025, names={"130127": "=HYPERLINK(\"http://x\")"}),
        "draft": make_run(2025, RESULTS_2025, published=False, public=False, label="试算"),
    }


@pytest.fixture
def make_user(db):
    def make(username, role=None, province=None, county=None):
        user = User.objects.create_user(username=username, password=PASSWORD)
        if role:
            RoleAssignment.objects.create(user=user, role=role, province_id=province, county_id=county)
        return user

    return make


@pytest.fixture
def users(make_user):
    return {
        "ministry": make_user("most", Role.MINISTRY_OFFICER),
        "auditor": make_user("aud", Role.AUDITOR),
        "hebei": make_user("hebei", Role.PROVINCIAL_OFFICER, province="13"),
        "zhejiang": make_user("zhejiang", Role.PROVINCIAL_OFFICER, province="33"),
        "zhengding": make_user("zhengding", Role.COUNTY_OFFICER, county="130123"),
        "anji": make_user("anji", Role.COUNTY_OFFICER, county="330523"),
        "norole": make_user("norole"),
    }


@pytest.fixture
def client_for(client, users):
    def login(name):
        client.logout()
        if name != "anonymous":
            client.force_login(users[name])
        return client

    return login
