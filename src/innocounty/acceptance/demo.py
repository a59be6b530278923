"""Demo: the 2018 first batch's acceptance round (评估验收), as run in 2022, replayed through the adapter.

The real round: launched by 科技部办公厅 in March 2022; 报送总结 → 视频答辩 → 现场复核 → 结果认定与公布;
result notice 2022-08-30: 47 of the 52 counties passed, the 5 that failed were not identified. The demo
invents no result for a real first-batch county: acceptance is opened only for the batch's demo counties
(those not in ``FIRST_BATCH_REAL``, whose plans are labelled 演示县), and only they get outcomes — most pass,
one passes after rectification (整改), one fails. The decision list is published on 2022-08-30 with a
number that says what it is (国科演示〔2022〕1号); one passed county starts its three-year work plan
(三年工作方案), whose annual reports are played like the construction years'.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from innocounty.acceptance import scoring
from innocounty.acceptance.models import Acceptance, AcceptanceAttachment, AcceptanceList, WorkPlan
from innocounty.acceptance.rubric import acceptance_rubric
from innocounty.acceptance.services import save_summary, start_work_plan
from innocounty.accounts.models import Role, User
from innocounty.batches.models import Batch
from innocounty.common import clock
from innocounty.common.clock import CHINA
from innocounty.construction.demo import demo_content
from innocounty.construction.models import ConstructionProject
from innocounty.construction.services import save_report
from innocounty.experts.models import Assignment
from innocounty.experts.reviewing import save_draft, submit
from innocounty.experts.services import plan_for
from innocounty.programme.deadlines import today_in_china
from innocounty.reviews.demo import FIRST_BATCH_NAME, FIRST_BATCH_REAL
from innocounty.workflow.adapter import apply_transition

C = {"confirm": True}
DEMO_NUMBER = "国科演示〔2022〕1号"
PUBLISHED_ON = date(2022, 8, 30)


def _at(day: date, hour: int = 10):
    return clock.at(timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour, 0), CHINA))


def _officer(role: str, **scope) -> User | None:
    filters = {f"role_assignments__{k}": v for k, v in scope.items()}
    return User.objects.filter(role_assignments__role=role, is_active=True, **filters).order_by("pk").first()


def _ok(user, subject, name, inputs=None, kind=None):
    outcome = apply_transition(user, subject, name, {**C, **(inputs or {})}, kind=kind)
    if not outcome.allowed:
        raise RuntimeError(f"demo step {name} on {subject} refused: {'；'.join(outcome.decision.messages)}")
    return outcome


def _score_panels(batch, rows) -> None:
    codes = acceptance_rubric(batch).codes
    for i, acceptance in enumerate(rows):
        for j, slot in enumerate(
            scoring.assignments_of(acceptance).filter(state="invited").select_related("expert__user")
        ):
            user = slot.expert.user
            with _at(date(2022, 8, 1) + timedelta(days=(i + j) % 5), 9 + j):
                _ok(user, slot, "accept")
                _ok(user, slot, "declare", {"declaration": True})
                slot.refresh_from_db()
                base = 6 if i % 7 == 3 else 8  # the failing county scores low
                save_draft(user, slot, {c: min(10, base + (i + j + k) % 3) for k, c in enumerate(codes)}, {},
                           "approve" if base > 6 else "reject", "（演示）总体意见：按验收评分标准逐项评分。")  # fmt: skip
                if not submit(user, slot, True).allowed:
                    raise RuntimeError(f"demo review of {acceptance} refused")


def play_acceptance(stdout=None) -> dict[str, int]:
    batch = Batch.objects.filter(name=FIRST_BATCH_NAME).first()
    if batch is None or Acceptance.objects.filter(project__batch=batch).exists():
        return {}
    ministry = _officer(Role.MINISTRY_OFFICER)
    projects = list(ConstructionProject.objects.filter(batch=batch).exclude(county_id__in=FIRST_BATCH_REAL)
                    .select_related("county__province", "batch").order_by("county_id"))  # fmt: skip
    if ministry is None or not projects:
        return {}
    tally: dict[str, int] = {}
    with transaction.atomic():
        with _at(date(2022, 3, 15), 10):
            rows = [Acceptance(project=p, state="") for p in projects]
            for a in rows:
                _ok(ministry, a, "open")
            lst = AcceptanceList(batch=batch, state="", number=DEMO_NUMBER)
            _ok(ministry, lst, "create")
        for i, a in enumerate(rows):
            county_user = _officer(Role.COUNTY_OFFICER, county=a.project.county)
            with _at(date(2022, 4, 20) + timedelta(days=i % 10), 15):
                save_summary(
                    county_user,
                    a,
                    f"（演示）{a.project.county.name}创新型县（市）建设总结：建设期内围绕建设方案确定的"
                    "重点任务推进创新平台建设、科技成果转化和主导产业升级，各项指标完成情况见附表。",
                )
                _ok(county_user, a, "submit_summary")
            with _at(date(2022, 6, 8) + timedelta(days=i % 12), 9):
                _ok(ministry, a, "record_defence", {"defence_at": f"2022-06-{8 + i % 12:02d} 09:00",
                                                    "venue": "（演示）视频会议，会议号 000-000-000",
                                                    "outcome": "（演示）汇报清楚，专家提问均作答。"})  # fmt: skip
            with _at(date(2022, 7, 5) + timedelta(days=i % 10), 16):
                _ok(ministry, a, "record_recheck", {"recheck_on": f"2022-07-{5 + i % 10:02d}",
                                                    "team": "（演示）复核组：专家2名、省科技厅1名",
                                                    "findings": "（演示）现场查看与总结材料基本一致。"})  # fmt: skip
        plan = plan_for(batch, scoring.PURPOSE)
        plan.panel_size, plan.max_load = 3, 10
        plan.save(update_fields=["panel_size", "max_load"])
        with _at(date(2022, 7, 20), 10):
            if not scoring.propose_panels(ministry, batch, time_limit=5).feasible:
                raise RuntimeError("demo acceptance panels infeasible")
            scoring.invite_panels(ministry, batch)
        _score_panels(batch, rows)
        for i, a in enumerate(rows):
            with _at(date(2022, 8, 22), 10 + i % 6):
                _ok(ministry, a, "close_scoring")
                if i % 7 == 3:
                    _ok(
                        ministry,
                        a,
                        "fail",
                        {"reason": "（演示）主要量化指标完成不足一半，专家评分未达要求。"},
                    )
                    tally["failed"] = tally.get("failed", 0) + 1
                elif i % 7 == 5:
                    _ok(ministry, a, "require_rectification", {"reason": "（演示）研发投入强度未达目标，须限期整改。",
                                                               "deadline": "2023-02-28"})  # fmt: skip
                    tally["rectifying"] = tally.get("rectifying", 0) + 1
                else:
                    _ok(ministry, a, "pass", {"reason": "（演示）完成建设方案确定的主要任务。"})
                    tally["passed"] = tally.get("passed", 0) + 1
        with _at(PUBLISHED_ON, 10):
            _ok(ministry, lst, "publish")
        for i, a in enumerate(rows):
            if i % 7 == 5:
                with _at(date(2023, 3, 10), 10):
                    _ok(ministry, a, "rectified", {"findings": "（演示）整改核查：研发投入强度已达目标。"})
                    tally["rectified"] = tally.get("rectified", 0) + 1
        first = next((a for i, a in enumerate(rows) if i % 7 not in (3, 5)), None)
        if first is not None:
            _work_plan(first, ministry)
            tally["work_plans"] = 1
    if stdout is not None:
        stdout.write(f"  评估验收（仅演示县；真实第一批：52个中47个通过，2022-08-30）：{tally}")
    return tally


def _work_plan(acceptance: Acceptance, ministry) -> None:
    project = acceptance.project
    county_user = _officer(Role.COUNTY_OFFICER, county=project.county)
    province_user = _officer(Role.PROVINCIAL_OFFICER, province=project.county.province)
    with _at(date(2022, 10, 10), 10):
        plan = start_work_plan(county_user, project, "（演示）巩固创新型县（市）建设成果，三年内研发投入强度再提高0.3个百分点。",
                               date(2022, 10, 10))  # fmt: skip
    if province_user is None:
        return
    today = today_in_china()
    for report in project.reports.filter(year__in=plan.years).order_by("year"):
        if report.year >= today.year or report.revision:
            continue
        written = date(report.year + 1, 3, 1)
        with _at(written, 9):  # the same form and route as the construction years' reports
            save_report(county_user, report, demo_content(project, report.year, 1.0))
            _ok(county_user, report, "submit", kind="annual_report")
        with _at(written + timedelta(days=7), 10):
            _ok(province_user, report, "pass", kind="annual_report")
        with _at(written + timedelta(days=14), 10):
            _ok(ministry, report, "receive", kind="annual_report")


def build(stdout) -> None:
    play_acceptance(stdout)


def reset(stdout) -> None:
    """Remove the acceptance data of the demo's batches (they protect the construction projects)."""
    demo_batches = Batch.objects.filter(name__contains="演示")
    projects = ConstructionProject.objects.filter(batch__in=demo_batches)
    rows = Acceptance.objects.filter(project__in=projects)
    Assignment.objects.filter(purpose=scoring.PURPOSE, batch__in=demo_batches).delete()
    AcceptanceAttachment.objects.filter(acceptance__in=rows).delete()
    rows.delete()
    AcceptanceList.objects.filter(batch__in=demo_batches).delete()
    WorkPlan.objects.filter(project__in=projects).delete()
