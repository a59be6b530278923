"""Demo data of the consultation (咨询评议): an expert pool, and the 2018 first batch's consultation.

**The pool** — 36 demo experts (simulated: names 「演示专家」, organisations 「演示」) spread over the provinces,
each with the themes and key tasks of their field; a few declare conflicts. The demo account ``expert_li``
(李专家, Beijing) is one of them.

**2018年第一批（演示）** — :func:`play_consultation` continues the story after the data evaluation: the
ministry proposes panels of 5 (K = 5) on 2018-11-05 (``expert_li`` holds two of the slots), confirms them on
11-06; the experts accept and declare no conflict; one expert declines one application (a stated cooperation)
and the ministry refills the slot from the ranked replacements on 11-08; every expert submits a review by
11-15 (scores simulated, one panel disagreeing). The "approval" step may call this function before its own
(inspection, notice 11-22 to 11-28, publication). The open batch's applications are still in the application
window, so it has no consultation yet.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.batches.models import Batch
from innocounty.common import clock
from innocounty.common.clock import CHINA
from innocounty.experts import reviewing, services
from innocounty.experts.bindings import rubric_for
from innocounty.experts.models import Assignment, Expert, Review
from innocounty.experts.pool import candidate_applications
from innocounty.programme import KeyTask, Theme
from innocounty.workflow.adapter import apply_transition

C = {"confirm": True}
PROVINCES = ["11", "12", "31", "32", "33", "37", "42", "43", "44", "51", "61", "21", "23", "35", "41", "50",
             "53", "62", "11", "31", "32", "44", "51", "42", "36", "34", "45", "52", "14", "22", "13", "65",
             "11", "31", "44", "61"]  # fmt: skip
THEMES = [Theme.INDUSTRY.value] * 20 + [Theme.ECOLOGY.value] * 10 + [Theme.LIVELIHOOD.value] * 6
TASKS = [k.value for k in KeyTask]
FIRST_BATCH_NAME = "2018年第一批创新型县（市）建设（演示）"


def _at(day: date, hour: int = 10):
    """The story's moment in China's time (the platform's clock stamps every row and audit event)."""
    return clock.at(timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour, 0), CHINA))


def _ministry() -> User:
    officer = (
        User.objects.filter(role_assignments__role=Role.MINISTRY_OFFICER, is_active=True)
        .order_by("pk")
        .first()
    )
    if officer is None:
        raise RuntimeError("demo consultation: no ministry officer (run the lifecycle demo first)")
    return officer


def _user(username: str, display: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"display_name": display})
    if created:
        user.set_unusable_password()
        user.save()
    if not RoleAssignment.objects.filter(user=user, role=Role.EXPERT).exists():
        RoleAssignment.objects.create(user=user, role=Role.EXPERT)
    return user


def build_pool() -> list[Expert]:
    experts = []
    for i, (province, theme) in enumerate(zip(PROVINCES, THEMES, strict=True)):
        if i == 0:
            user, name, org = (
                User.objects.get(username="expert_li"),
                "李专家（演示）",
                "中国农业科学院（演示）",
            )
        else:
            user = _user(f"demo_expert_{i:02d}", f"演示专家{i:02d}")
            name, org = f"演示专家{i:02d}", f"演示研究院{i:02d}"
        tasks = [TASKS[(i + k) % 6] for k in range(3)]
        expert, _ = Expert.objects.update_or_create(user=user, defaults={
            "name": name, "organisation": org, "province_id": province, "title": "研究员（演示）",
            "fields": [theme, *tasks] + ([Theme.INDUSTRY.value] if i % 4 == 0 and theme != "industry" else []),
            "keywords": ["演示"], "conflict_orgs": [], "active": True,
            "conflict_statement": "（演示）曾为该县提供咨询服务。" if i % 9 == 4 else "",
        })  # fmt: skip
        experts.append(expert)
    return experts


def _review(expert: Expert, a: Assignment, day: date, base: float) -> None:
    rubric = rubric_for(a.batch)
    scores = {c.code: max(c.min_score, min(c.max_score, round(base + ((a.pk + j) % 3 - 1) * 0.5, 1)))
              for j, c in enumerate(rubric.criteria)}  # fmt: skip
    rec = "approve" if base >= 8 else "approve_after_revision" if base >= 6.5 else "reject"
    with _at(day, 14):
        reviewing.save_draft(expert.user, a, scores, {rubric.criteria[0].code: "（演示）基础扎实，数据翔实。"}, rec,
                             "（演示）方案总体可行，建议进一步细化量化目标。")  # fmt: skip
    with _at(day, 16):
        reviewing.submit(expert.user, a, True).require()


def play_consultation(batch: Batch, stdout=None) -> None:
    """The consultation of ``batch`` replayed through the adapter on the first batch's dates (see the module)."""
    if Assignment.objects.filter(batch=batch).exists():
        return
    ministry = _ministry()
    li = Expert.objects.get(user__username="expert_li")
    apps = list(candidate_applications(batch))
    plan = services.plan_for(batch)
    with _at(date(2018, 11, 5), 9):
        for app in [a for a in apps if a.county.province_id != li.province_id][:2]:
            _, slot = services.assign_slot(ministry, batch, app, li)
            apply_transition(ministry, slot, "invite", C).require()
    with _at(date(2018, 11, 5), 10):
        proposal = services.run_proposal(ministry, batch, 10)
    if not proposal.feasible:
        raise RuntimeError(f"demo consultation: no feasible proposal: {[p.text for p in proposal.problems]}")
    with _at(date(2018, 11, 6), 9):
        services.confirm_proposal(ministry, batch)
    invited = list(Assignment.objects.filter(batch=batch, state="invited").select_related("expert__user", "application")
                   .order_by("pk"))  # fmt: skip
    decliner = next(a for a in invited if a.expert_id != li.pk)
    for a in invited:
        with _at(date(2018, 11, 7), 9 + a.pk % 8):
            if a is decliner:
                apply_transition(
                    a.expert.user,
                    a,
                    "decline",
                    {"reason": "（演示）本人近三年与该县有科技合作项目，申请回避。", **C},
                ).require()
                continue
            apply_transition(a.expert.user, a, "accept", {}).require()
            apply_transition(a.expert.user, a, "declare", {"declaration": True, **C}).require()
    app = decliner.application
    ranked = services.ranked_replacements(batch, app)
    with _at(date(2018, 11, 8), 10):
        _, new = services.assign_slot(ministry, batch, app, Expert.objects.get(pk=ranked[0][0]))
        apply_transition(ministry, new, "invite", C).require()
    with _at(date(2018, 11, 8), 15):
        apply_transition(new.expert.user, new, "accept", {}).require()
        apply_transition(new.expert.user, new, "declare", {"declaration": True, **C}).require()
    disagree = apps[1].pk if len(apps) > 1 else None
    for a in Assignment.objects.filter(batch=batch, state="declared").select_related(
        "expert__user", "application", "batch"
    ):
        base = 6.0 + (a.application_id * 7 % 30) / 10
        if a.application_id == disagree:
            base = 9.5 if a.expert_id % 2 else 4.0
        _review(a.expert, a, date(2018, 11, 9) + timedelta(days=a.pk % 6), base)
    if stdout is not None:
        n = Review.objects.filter(assignment__batch=batch, state="submitted").count()
        stdout.write(
            f"  {batch.name}：{len(apps)}份申报进入咨询评议，每组{plan.panel_size}位专家，评议意见{n}份"
        )


def build(stdout) -> None:
    with transaction.atomic():
        build_pool()
        batch = Batch.objects.filter(name=FIRST_BATCH_NAME).first()
        if batch is not None:
            play_consultation(batch, stdout)
        stdout.write(f"  专家库：{Expert.objects.count()}位专家（演示），演示账户 expert_li 为其中之一")
