"""Fixtures of the acceptance tests: a batch whose construction period (2022–2024) is over, Zhengding's
project approved in it (seeded), experts from other provinces, and helpers that walk the workflow."""

import pytest

from innocounty.applications.factories import make_application, make_batch
from innocounty.workflow.adapter import apply_transition

C = {"confirm": True}


@pytest.fixture
def abatch(db):
    return make_batch("第一批（验收测试）", construction_start_year=2022, status="closed")


@pytest.fixture
def aproject(cast, abatch):
    from innocounty.construction.services import project_for

    return project_for(make_application(abatch, cast.zhengding, cast.county, state="approved"))


@pytest.fixture
def experts(cast):
    from innocounty.experts.factories import make_expert

    return [make_expert("exp", "11", user=cast.expert), make_expert("e2", "31"), make_expert("e3", "44")]


@pytest.fixture
def opened(cast, abatch, aproject):
    from innocounty.acceptance.services import open_batch

    n, refusals = open_batch(cast.ministry, abatch)
    assert (n, refusals) == (1, [])
    return aproject.acceptance


def submit_summary(cast, acceptance):
    from innocounty.acceptance.services import save_summary

    save_summary(cast.county, acceptance, "（演示）三年来，全县研发投入强度由1.2%提高到2.1%。")
    apply_transition(cast.county, acceptance, "submit_summary", C).require()


def defend_and_recheck(cast, acceptance):
    apply_transition(
        cast.ministry,
        acceptance,
        "record_defence",
        {"defence_at": "2025-06-10 09:00", "venue": "腾讯会议 123-456", "outcome": "答辩清楚，数据翔实"},
    ).require()
    apply_transition(
        cast.ministry,
        acceptance,
        "record_recheck",
        {"recheck_on": "2025-07-02", "team": "张三、李四", "findings": "现场核实与材料一致"},
    ).require()


def panel_scored(cast, abatch, acceptance, experts, score=8):
    """Two experts on the panel (proposed by the solver), invited, declared, and their reviews submitted."""
    from innocounty.acceptance import scoring
    from innocounty.experts.reviewing import save_draft, submit
    from innocounty.experts.services import plan_for

    plan = plan_for(abatch, "acceptance")
    plan.panel_size = 2
    plan.save()
    assert scoring.propose_panels(cast.ministry, abatch, time_limit=5).feasible
    scoring.invite_panels(cast.ministry, abatch)
    from innocounty.acceptance.rubric import acceptance_rubric

    codes = acceptance_rubric(abatch).codes
    slots = list(scoring.assignments_of(acceptance).filter(state="invited").select_related("expert__user"))
    for slot in slots:
        user = slot.expert.user
        apply_transition(user, slot, "accept", {}).require()
        apply_transition(user, slot, "declare", {"declaration": True, **C}).require()
        slot.refresh_from_db()
        save_draft(user, slot, dict.fromkeys(codes, score), {}, "approve", "")
        assert submit(user, slot, True).allowed
    return slots


def scored(cast, abatch, acceptance, experts):
    submit_summary(cast, acceptance)
    defend_and_recheck(cast, acceptance)
    slots = panel_scored(cast, abatch, acceptance, experts)
    apply_transition(cast.ministry, acceptance, "close_scoring", {}).require()
    acceptance.refresh_from_db()
    return slots
