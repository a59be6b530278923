"""Demo: the construction years of every approved application, replayed through the adapter under ``clock.at``.

:func:`play_construction` works on whatever applications are APPROVED (the approval list is another stage;
until it runs, the demo may have none): a project for each, and for each construction year whose report
has fallen due, a report written in February or March of the following year — some submitted late (in
April), some returned by the province with a reason per section and resubmitted, a few returned by the
ministry, one county's last report never submitted (overdue). The content is labelled 演示; the actual
values are invented around the plan's trajectory (a few counties far behind), so tracking shows all cases.

``reset`` runs before the lifecycle demo rebuilds its batches (projects protect their applications).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from innocounty.accounts.models import Role, User
from innocounty.common import clock
from innocounty.common.clock import CHINA
from innocounty.construction.models import AnnualReport, ConstructionProject, ReportEvent
from innocounty.construction.services import ensure_projects, milestones_of, plan_of, save_report
from innocounty.programme import KeyTask
from innocounty.programme.deadlines import today_in_china
from innocounty.workflow.adapter import apply_transition

CONFIRM = {"confirm": True}


def _at(day: date, hour: int = 10):
    return clock.at(timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour, 0), CHINA))


def _officer(role: str, **scope) -> User | None:
    filters = {f"role_assignments__{k}": v for k, v in scope.items()}
    return User.objects.filter(role_assignments__role=role, is_active=True, **filters).order_by("pk").first()


def _act(user, report, name, inputs=None):
    outcome = apply_transition(user, report, name, {**CONFIRM, **(inputs or {})}, kind="annual_report")
    if not outcome.allowed:
        raise RuntimeError(
            f"demo step annual_report.{name} on {report} refused: {'；'.join(outcome.decision.messages)}"
        )
    return outcome


def demo_content(project: ConstructionProject, year: int, pace: float) -> dict:
    """A complete report (labelled 演示); ``pace`` scales the progress on the plan's trajectory (1 = on it)."""
    plan = plan_of(project)
    targets = {}
    for t in plan.targets:
        if t.baseline is None or not t.values:
            continue
        first, last = min(t.values), max(t.values)
        y0 = t.baseline_year if t.baseline_year is not None else first - 1
        share = min(max((year - y0) / max(last - y0, 1), 0), 1) * pace
        targets[t.indicator_code] = {"actual": round(t.baseline + (t.values[last] - t.baseline) * share, 3),
                                     "reason": "（演示）按县统计部门年报口径填报"}  # fmt: skip
    status = "done" if pace >= 1 else "partly"
    return {
        "tasks": {k.value: {"status": status, "text": f"（演示）{year}年围绕「{k.label}」推进年度重点工作，完成主要节点。"}
                  for k in KeyTask},
        "milestones": [{"status": status, "note": "（演示）"} for _ in milestones_of(project, year)],
        "targets": targets,
        "funds": {"central": 300.0, "provincial": 800.0, "local": 2500.0 + 100 * (year % 10), "social": 6000.0},
        "policies": [{"title": f"（演示）{project.county.name}关于推进创新型县（市）建设的若干措施（{year}年）",
                      "issued": f"{year}-06-01", "note": ""}],
        "problems": "（演示）高层次创新人才引进难，企业研发投入仍然偏低，科技服务体系有待完善。",
        "next_steps": "（演示）下一年度将加快创新平台建设，深化产学研合作，落实研发费用加计扣除等政策。",
    }  # fmt: skip


def _play_year(project: ConstructionProject, report: AnnualReport, index: int, users) -> str:
    county_user, province_user, ministry_user = users
    year = report.year
    late, returned, ministry_returns = (
        index % 5 == 2,
        index % 4 == 1,
        index % 9 == 4 and year == project.years[-1],
    )
    pace = 0.3 if index % 6 == 5 else 1.1 if index % 3 == 0 else 0.8
    written = date(year + 1, 4, 8) if late else date(year + 1, 2, 20) + timedelta(days=index % 20)
    with _at(written - timedelta(days=3), 9):
        save_report(county_user, report, demo_content(project, year, pace))
    if index % 11 == 7 and year == project.years[-1]:
        return "overdue"  # written, never submitted
    with _at(written, 15):
        _act(county_user, report, "submit")
    day = written + timedelta(days=5)
    if returned:
        with _at(day, 10):
            _act(province_user, report, "return", {"reason": "（演示）请补充佐证材料",
                                                   "reason_funds": "（演示）资金投入请按来源核实，附拨付文件。"})  # fmt: skip
        day += timedelta(days=4)
        with _at(day, 16):
            _act(county_user, report, "submit")
        day += timedelta(days=3)
    with _at(day, 11):
        _act(province_user, report, "pass")
    day += timedelta(days=10)
    if ministry_returns:
        with _at(day, 10):
            _act(ministry_user, report, "ministry_return", {"reason": "（演示）量化目标完成情况请与监测数据核对。",
                                                            "reason_targets": "（演示）请说明与监测数据不一致的原因。"})  # fmt: skip
        return "returned"
    with _at(day, 10):
        _act(ministry_user, report, "receive")
    return "late" if late else "returned_once" if returned else "received"


def play_construction(stdout=None) -> dict[str, int]:
    """Projects for every approved application and their reports that have fallen due (idempotent: a
    report already played is left alone)."""
    ensure_projects()
    ministry_user = _officer(Role.MINISTRY_OFFICER)
    today = today_in_china()
    tally: dict[str, int] = {}
    projects = ConstructionProject.objects.select_related("county__province", "batch").order_by(
        "batch_id", "county_id"
    )
    for index, project in enumerate(projects):
        county_user = _officer(Role.COUNTY_OFFICER, county=project.county)
        province_user = _officer(Role.PROVINCIAL_OFFICER, province=project.county.province)
        if None in (county_user, province_user, ministry_user):
            tally["skipped_no_officer"] = tally.get("skipped_no_officer", 0) + 1
            continue
        for report in project.reports.order_by("year"):
            if (
                report.year >= today.year
                or ReportEvent.objects.filter(report=report).exclude(transition="open").exists()
            ):
                continue
            if report.revision:  # saved already (an earlier run)
                continue
            with transaction.atomic():
                outcome = _play_year(
                    project, report, index + report.year, (county_user, province_user, ministry_user)
                )
            tally[outcome] = tally.get(outcome, 0) + 1
    if stdout is not None:
        stdout.write(f"  组织建设：{projects.count()}个建设项目，年度报告 {tally}")
    return tally


def build(stdout) -> None:
    play_construction(stdout)


def reset(stdout) -> None:
    """Remove the construction data of the demo's batches before the lifecycle demo rebuilds them."""
    from innocounty.batches.models import Batch

    demo_batches = Batch.objects.filter(name__contains="演示")
    projects = ConstructionProject.objects.filter(batch__in=demo_batches)
    AnnualReport.objects.filter(project__in=projects).delete()
    projects.delete()
