"""Demo of the approval stage: the 2018 first batch (演示) goes on through questioning, field inspection,
the approval list, the public notice (2018-11-22 to 11-28, as published) with one anonymous objection
(dismissed), and publication — every step through the workflow adapter on its story date.

The first batch's real final document number is not in programme.md, so the demo uses a number that says
what it is: 国科演示〔2018〕1号. Inspection texts, the objection and the question are simulated (模拟).
The candidates are the demo batch's applications selected for consultation; real first-batch counties are
approved, one demo county (演示县) is not (with the ministry's reason), as the story needs a departure.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from innocounty.accounts.models import Role, User
from innocounty.applications.models import Application
from innocounty.approvals import services
from innocounty.approvals.candidates import candidate_applications
from innocounty.approvals.models import ApprovalList
from innocounty.audit.chain import record
from innocounty.batches.models import Batch
from innocounty.common import clock
from innocounty.common.clock import CHINA
from innocounty.reviews.demo import FIRST_BATCH_NAME, FIRST_BATCH_REAL
from innocounty.workflow.adapter import apply_transition

DEMO_NUMBER = "国科演示〔2018〕1号"
NOTICE_STARTS = date(2018, 11, 22)
PUBLISHED = date(2018, 12, 4)
SIMULATED = "（演示数据，模拟）"


def _at(day: date, hour: int = 10):
    return clock.at(timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour), CHINA))


def _ministry_user() -> User:
    """The ministry officer the earlier demo steps act as (the first one)."""
    return User.objects.filter(role_assignments__role=Role.MINISTRY_OFFICER, is_active=True).order_by("pk").first()


def _county_user(county) -> User:
    """The county's officer who submitted its application (the earlier step made one for every county)."""
    return User.objects.filter(role_assignments__role=Role.COUNTY_OFFICER, role_assignments__county=county,
                               is_active=True).order_by("pk").first()  # fmt: skip


def _ok(outcome, what: str):
    if not outcome.allowed:
        raise RuntimeError(f"demo step {what} refused: {'；'.join(outcome.decision.messages)}")
    return outcome


def build(stdout) -> None:
    with transaction.atomic():
        batch = Batch.objects.filter(name=FIRST_BATCH_NAME).first()
        if batch is None:
            stdout.write("  （无2018年第一批演示批次，跳过批准建设名单演示）")
            return
        ApprovalList.objects.filter(batch=batch).delete()
        ministry = _ministry_user()
        apps = list(candidate_applications(batch).order_by("county_id"))
        _questions(ministry, apps[0])
        for n, app in enumerate(apps):
            _inspect(ministry, app, n)
        with _at(date(2018, 11, 19)):
            _, lst = services.draft_list(ministry, batch)
        demo_counties = [a for a in apps if a.county_id not in FIRST_BATCH_REAL]
        if demo_counties and len(apps) > 1:
            with _at(date(2018, 11, 20)):
                _ok(services.decide(ministry, lst, demo_counties[0].pk, "not_approve",
                                    "（演示）统筹区域布局，本批次暂不列入"), "decide")  # fmt: skip
        with _at(NOTICE_STARTS, 9):
            _ok(services.publish_notice(ministry, lst, 7, confirm=True), "publish_notice")
        lst.refresh_from_db()
        listed = [a for a in apps if not demo_counties or a.pk != demo_counties[0].pk]
        target = next((a for a in listed if a.county_id not in FIRST_BATCH_REAL), listed[-1])
        with _at(date(2018, 11, 24), 15):
            outcome, objection = services.lodge(lst, target, "公众（演示）", "demo@example.org",
                                                f"{SIMULATED}反映该县（市）申报材料中的部分数据与统计公报不一致。", "192.0.2.10")  # fmt: skip
            _ok(outcome, "lodge")
        with _at(date(2018, 11, 27), 11):
            _ok(services.resolve(ministry, objection, False, "（演示）经核实，相关数据口径不同，申报材料属实，异议不成立。"), "dismiss")
        with _at(PUBLISHED, 10):
            _ok(services.finalise(ministry, lst, DEMO_NUMBER, PUBLISHED.isoformat(), confirm=True), "finalise")
        approved = Application.objects.filter(batch=batch, state="approved").count()
        record(None, "demo.approval_built", actor_label="manage.py demo", object_type="approvals.approvallist",
               object_id=str(lst.pk), summary=f"演示数据：{FIRST_BATCH_NAME}批准建设名单（{approved}个）")  # fmt: skip
        stdout.write(f"  {FIRST_BATCH_NAME}：实地考察{len(apps)}个，公示{NOTICE_STARTS}至2018-11-28，"
                     f"异议1条（不成立），发文{DEMO_NUMBER}，批准建设{approved}个")  # fmt: skip


def _questions(ministry, app) -> None:
    with _at(date(2018, 11, 5), 10):
        outcome, q = services.ask(ministry, app, f"{SIMULATED}请说明建设方案中研发投入强度目标的测算依据。", date(2018, 11, 9))
        _ok(outcome, "ask")
    with _at(date(2018, 11, 8), 16):
        _ok(services.answer(_county_user(app.county), q, f"{SIMULATED}目标依据近三年研发投入年均增速及重点企业研发计划测算。",
                            True), "answer")  # fmt: skip


def _inspect(ministry, app, n: int) -> None:
    starts = date(2018, 11, 5) + timedelta(days=n % 8)
    with _at(starts - timedelta(days=1), 9):
        outcome, i = services.record_inspection(ministry, app)
        _ok(outcome, "record")
    with _at(starts + timedelta(days=1), 18):
        services.save_inspection(ministry, i, {
            "starts": starts, "ends": starts + timedelta(days=1), "team": "考察组：专家3名、科技部农村科技司工作人员1名（演示）",
            "itinerary": f"{SIMULATED}第一天：听取汇报、查阅材料；第二天：走访园区、企业和科技服务机构。",
            "findings": {"leading_industry": f"{SIMULATED}主导产业特色鲜明，龙头企业研发投入较高。",
                         "technology_transfer": f"{SIMULATED}科技成果转化平台运行良好。"},
            "conclusion": "recommend", "conclusion_text": f"{SIMULATED}建设基础较好，建议批准建设。",
        })  # fmt: skip
        _ok(apply_transition(ministry, i, "complete", {"confirm": True}, kind="inspection"), "complete")
        if n == 0:
            _ok(apply_transition(ministry, i, "province_access", {"open": True}, kind="inspection"), "province_access")
