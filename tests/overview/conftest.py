"""Fixtures of the overview tests: the demo's synthetic panel for Hebei (13) and Zhejiang (33), 2019–2025,
stored as published runs (scores from the engine, with the planted effect), and approved applications of the
demo cohorts of those provinces (first batch 2018, second batch 2023), set up directly in their states."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.applications.models import Application
from innocounty.batches.models import Batch
from innocounty.common.states import seeding_states
from innocounty.evaluations import demo_cohorts
from innocounty.evaluations.demo_panel import county_seeds, engine_panel
from innocounty.evaluations.models import CountyResult, EvaluationRun, RunNodeWeight, RunStatus
from innocounty.monitoring.models import Framework
from innocounty.regions.models import County

PASSWORD = "overview-test-pw-2026"
YEARS = list(range(2019, 2026))
PROVINCES = {"13", "33"}
DIMENSIONS = [
    ("D1", "创新投入"),
    ("D2", "企业创新"),
    ("D3", "创新环境"),
    ("D4", "创新绩效"),
    ("D5", "发展成效"),
]


@pytest.fixture(scope="session")
def demo_panel():
    seeds = county_seeds(PROVINCES)
    approvals = demo_cohorts.approval_years((s.code, s.province) for s in seeds)
    return engine_panel(seeds, YEARS, approvals), approvals


def store_run(year: int, frame, *, public: bool = True, published: bool = True) -> EvaluationRun:
    framework = Framework.objects.get(code="provisional-23", version="1")
    with seeding_states():
        run = EvaluationRun.objects.create(
            year=year, framework=framework, seed=1, replicates=0, status=RunStatus.SUCCEEDED, progress=100,
            published=published, published_at=timezone.now() if published else None, public_visible=public,
            synthetic_data=True, unit_count=len(frame))  # fmt: skip
    counties = {
        c.code: c for c in County.objects.filter(code__in=list(frame["county"])).select_related("province")
    }
    rows = []
    for record in frame.to_dict("records"):
        county = counties[record["county"]]
        rows.append(
            CountyResult(
                run=run,
                county=county,
                county_name=county.name,
                province_id=county.province_id,
                prefecture_code=county.prefecture_id,
                belt=county.province.belt,
                unit_type=county.unit_type,
                index_score=record["INDEX"],
                dimension_scores={code: record[code] for code, _ in DIMENSIONS},
            )
        )
    CountyResult.objects.bulk_create(rows)
    nodes = [("INDEX", "创新能力指数", 3, ""), *((code, name, 2, "INDEX") for code, name in DIMENSIONS)]
    RunNodeWeight.objects.bulk_create([
        RunNodeWeight(run=run, position=i, code=code, name=name, level=level, parent_code=parent, weight=1.0,
                      effective_weight=0.2) for i, (code, name, level, parent) in enumerate(nodes, start=1)])  # fmt: skip
    return run


def make_batch(name: str, year: int) -> Batch:
    with seeding_states():
        return Batch.objects.create(
            name=name, year=year, status="archived", application_opens=dt.date(year, 1, 1),
            application_closes=dt.date(year, 3, 1), recommendation_closes=dt.date(year, 4, 1),
            construction_start_year=year + 1)  # fmt: skip


@pytest.fixture
def users(db):
    def make(username, role=None, province=None, county=None):
        user = User.objects.create_user(username=username, password=PASSWORD)
        if role:
            RoleAssignment.objects.create(user=user, role=role, province_id=province, county_id=county)
        return user

    return {
        "ministry": make("most", Role.MINISTRY_OFFICER), "auditor": make("aud", Role.AUDITOR),
        "hebei": make("hebei", Role.PROVINCIAL_OFFICER, province="13"),
        "zhengding": make("zhengding", Role.COUNTY_OFFICER, county="130123"), "norole": make("norole"),
    }  # fmt: skip


def approve(
    batch: Batch, codes, author: User, state: str = "approved", theme: str = "industry"
) -> list[Application]:
    with seeding_states():
        return [Application.objects.create(batch=batch, county_id=code, state=state, created_by=author, theme=theme)
                for code in codes]  # fmt: skip


@pytest.fixture
def world(db, demo_panel, users):
    """Published runs 2019–2025 and the demo cohorts of Hebei and Zhejiang approved (2018 and 2023)."""
    frame, approvals = demo_panel
    runs = [store_run(year, frame[frame["year"] == year]) for year in YEARS]
    first = make_batch("2018年第一批（测试）", 2018)
    second = make_batch("2023年第二批（测试）", 2023)
    approve(first, [c for c, y in approvals.items() if y == 2018], users["ministry"])
    approve(second, [c for c, y in approvals.items() if y == 2023], users["ministry"])
    return {"runs": runs, "first": first, "second": second, "approvals": approvals, "frame": frame}


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login
