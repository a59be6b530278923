"""Fixtures of the construction tests: the lifecycle cast, a 2023 batch (construction 2024–2026) with
approved applications seeded directly (the approval list is another branch's), and filled reports."""

import datetime as dt

import pytest

from innocounty.applications.factories import make_application, make_batch
from innocounty.common import clock
from innocounty.programme import KeyTask

FILLED_AT = dt.date(2025, 2, 10)  # the report on 2024 is written in early 2025 (due 2025-03-31)


@pytest.fixture
def cbatch(db):
    return make_batch("第二批（测试）", construction_start_year=2024, status="closed")


@pytest.fixture
def approved(cast, cbatch):
    """Zhengding's application, approved (seeded: the approval list belongs to another branch)."""
    return make_application(cbatch, cast.zhengding, cast.county, state="approved")


@pytest.fixture
def project(approved):
    from innocounty.construction.services import ensure_projects, project_for

    ensure_projects()
    return project_for(approved)


@pytest.fixture
def report(project):
    return project.reports.get(year=2024)


def filled_content(milestones: int = 1, codes=("I01", "I02", "I03")) -> dict:
    return {
        "tasks": {
            t.value: {"status": "partly", "text": f"（演示）{t.label}：本年度推进了多项具体措施。"}
            for t in KeyTask
        },
        "milestones": [{"status": "done", "note": "按期完成"} for _ in range(milestones)],
        "targets": {c: {"actual": 2.0, "reason": "县统计局年报数据"} for c in codes},
        "funds": {"central": 100, "provincial": 200, "local": 300, "social": 400},
        "policies": [{"title": "（演示）关于支持科技创新的若干措施", "issued": "2024-05-01", "note": ""}],
        "problems": "（演示）高层次人才引进仍然不足，研发投入增长偏慢，需要加大力度。",
        "next_steps": "（演示）下一年度将重点推进创新平台建设和科技成果转化工作。",
    }


@pytest.fixture
def filled(report, cast):
    from innocounty.construction.services import save_report

    with clock.at(FILLED_AT):
        save_report(cast.county, report, filled_content())
    report.refresh_from_db()
    return report
