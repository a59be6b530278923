"""Demo data of Lifecycle I: a batch modelled on the 2018 first batch and an open batch.

**2018年第一批（演示）** — 52 counties recommended across provinces, themes 36 / 11 / 5 as published.
The 21 first-batch counties identified in programme.md §10.1 are used with their published theme where
known; the other 31 are other eligible counties, chosen by code, and every one of them is named
「演示」 in its plan. Themes that were not published, plan texts and the screening states are simulated
(模拟) and said to be so. Real first-batch counties are shown only at stages consistent with their real
approval (passed formal review, selected for consultation); no county is shown failing. The 2018 batch
had no 数据评价 stage: this demo batch adds it so the data-evaluation page has something to show, and
its call text says so.

**2026年申报（演示）** — open now: 正定县 (``county_zhengding``) has a draft with gaps, and three other
Hebei counties have submitted applications waiting for ``province_hebei``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.applications.factories import complete_plan_json
from innocounty.applications.models import Application, ApplicationEvent, PlanVersion
from innocounty.audit.chain import record
from innocounty.batches.models import Batch, BatchProvince
from innocounty.evaluations.queries import latest_published_run
from innocounty.programme import (
    FIRST_BATCH_2018,
    SECOND_BATCH_2023,
    ApplicationState,
    Stage,
    formal_review_checklist,
)
from innocounty.programme.deadlines import today_in_china
from innocounty.regions.models import County, Province
from innocounty.reviews.models import FormalReview

S = ApplicationState
FIRST_BATCH_NAME = "2018年第一批创新型县（市）建设（演示）"
OPEN_BATCH_NAME = "2026年创新型县（市）建设申报（演示）"
# programme.md §10.1: code → published theme ("" where not published).
FIRST_BATCH_REAL = {
    "130123": "industry", "131022": "industry", "320583": "", "320281": "", "320582": "", "320581": "",
    "320685": "", "330523": "", "330522": "", "350582": "industry", "350181": "industry", "360881": "",
    "420281": "", "420581": "", "429004": "", "510121": "", "511083": "", "510682": "", "520328": "ecology",
    "522601": "ecology", "640323": "livelihood",
}  # fmt: skip
THEME_SPLIT = {"industry": 36, "ecology": 11, "livelihood": 5}
# Provinces the 31 demo counties come from (one each, Zhejiang two more: it had at least four, §10.1).
FILLER_PROVINCES = ["14", "15", "21", "22", "23", "33", "33", "34", "37", "41", "43", "44", "45", "46", "50",
                    "53", "54", "61", "62", "63", "65", "13", "32", "35", "36", "42", "51", "52", "64", "34", "37"]  # fmt: skip
SIMULATED = "（演示数据：除已公开信息外，建设主题、方案内容与审查状态均为模拟。）"


def _demo_user(username: str, display: str, role: str, province=None, county=None) -> User:
    """An account that only stands for the demo's authors; it cannot log in."""
    user, created = User.objects.get_or_create(username=username, defaults={"display_name": display})
    if created:
        user.set_unusable_password()
        user.is_active = False
        user.save()
        RoleAssignment.objects.create(user=user, role=role, province=province, county=county)
    return user


def _county_user(county: County) -> User:
    officer = User.objects.filter(role_assignments__role=Role.COUNTY_OFFICER, role_assignments__county=county,
                                  is_active=True).first()  # fmt: skip
    return officer or _demo_user(f"demo_county_{county.code}", f"{county.name}（演示）", Role.COUNTY_OFFICER, county=county)


def _province_user(province: Province) -> User:
    officer = User.objects.filter(role_assignments__role=Role.PROVINCIAL_OFFICER, role_assignments__province=province,
                                  is_active=True).first()  # fmt: skip
    return officer or _demo_user(f"demo_province_{province.code}", f"{province.name}科技厅（演示）",
                                 Role.PROVINCIAL_OFFICER, province=province)  # fmt: skip


def _ministry_user() -> User:
    return User.objects.filter(role_assignments__role=Role.MINISTRY_OFFICER, is_active=True).order_by("pk").first() or \
        _demo_user("demo_ministry", "科技部（演示）", Role.MINISTRY_OFFICER)  # fmt: skip


def _reset(name: str) -> None:
    for batch in Batch.objects.filter(name=name):
        Application.objects.filter(batch=batch).delete()
        batch.delete()


def _event(app, name, label, before, after, actor, role, stage, reason="", **details) -> None:
    ApplicationEvent.objects.create(application=app, transition=name, label=label, from_state=before, to_state=after,
                                    actor=actor, actor_role=role, stage=stage, reason=reason, details=details)  # fmt: skip


def _first_batch_counties() -> list[tuple[County, str, bool]]:
    """(county, theme, is_real) × 52, themes matching the published split."""
    real = [(County.objects.select_related("province").get(code=c), t, True) for c, t in FIRST_BATCH_REAL.items()]
    taken = set(FIRST_BATCH_REAL)
    fillers = []
    for code in FILLER_PROVINCES:
        county = County.objects.eligible().filter(province_id=code).exclude(code__in=taken).order_by("code").first()
        taken.add(county.code)
        fillers.append(county)
    left = dict(THEME_SPLIT)
    for _, theme, _ in real:
        if theme:
            left[theme] -= 1
    unknown_real = [i for i, (_, t, _) in enumerate(real) if not t]
    pool = ["livelihood"] * left["livelihood"] + ["ecology"] * left["ecology"] + ["industry"] * left["industry"]
    # Simulated themes go to the demo counties first; real counties without a published theme get "industry".
    for i in unknown_real:
        real[i] = (real[i][0], "industry", True)
        pool.remove("industry")
    return real + [(county, pool[i], False) for i, county in enumerate(fillers)]


def _stage_for(index: int, is_real: bool) -> str:
    """Realistic spread: most passed formal review, a share selected; demo counties also wait earlier."""
    if is_real:
        return S.SELECTED_FOR_CONSULTATION.value if index % 3 else S.FORMAL_REVIEW_PASSED.value
    return [S.FORWARDED.value, S.FORMAL_REVIEW_PASSED.value, S.SELECTED_FOR_CONSULTATION.value,
            S.RECOMMENDED.value][index % 4]  # fmt: skip


def _build_first_batch(stdout) -> Batch:
    _reset(FIRST_BATCH_NAME)
    stages = list(FIRST_BATCH_2018.stages)
    stages.insert(stages.index(Stage.EXPERT_CONSULTATION), Stage.DATA_EVALUATION)
    batch = Batch.objects.create(
        name=FIRST_BATCH_NAME, year=2018, status="closed", application_opens=date(2018, 8, 1),
        application_closes=date(2018, 9, 15), recommendation_closes=date(2018, 9, 30),
        construction_start_year=2019, stages=[s.value for s in stages], monitoring_run=latest_published_run(),
        call_text="依据《创新型县（市）建设工作指引》（国科发〔2018〕130号）组织首批创新型县（市）申报（演示）。\n"
                  "首批实际共52个县（市），主题分布为产业发展36个、生态文明11个、民生改善5个；公示期为2018年11月22日至28日。\n"
                  "说明：2018年首批的环节为地方推荐、形式审查、咨询评议、实地考察；本演示批次另加“数据评价”环节，仅用于演示该页面。"
                  + SIMULATED,
    )  # fmt: skip
    chosen = _first_batch_counties()
    per_province: dict[str, list] = {}
    for county, theme, is_real in chosen:
        per_province.setdefault(county.province_id, []).append((county, theme, is_real))
    ministry = _ministry_user()
    submitted_at = timezone.make_aware(timezone.datetime(2018, 9, 10, 10, 0))
    index = 0
    for province_code, rows in sorted(per_province.items()):
        province = Province.objects.get(code=province_code)
        has_real = any(is_real for _, _, is_real in rows)
        stages_here = [_stage_for(index + i, is_real) for i, (_, _, is_real) in enumerate(rows)]
        if has_real:  # a province with real first-batch counties has submitted its list
            stages_here = [S.FORMAL_REVIEW_PASSED.value if st == S.RECOMMENDED.value else st for st in stages_here]
        submitted_list = S.RECOMMENDED.value not in stages_here
        BatchProvince.objects.create(batch=batch, province=province, quota=len(rows),
                                     list_submitted_at=submitted_at + timedelta(days=15) if submitted_list else None,
                                     list_submitted_by=_province_user(province) if submitted_list else None)  # fmt: skip
        for priority, ((county, theme, is_real), state) in enumerate(zip(rows, stages_here, strict=True), start=1):
            state = state if submitted_list else S.RECOMMENDED.value
            _first_batch_application(batch, county, theme, is_real, state, priority, ministry, submitted_at)
        index += len(rows)
    counts = {t: Application.objects.filter(batch=batch, theme=t).count() for t in THEME_SPLIT}
    stdout.write(f"  {FIRST_BATCH_NAME}：{Application.objects.filter(batch=batch).count()}个县（市），主题 {counts}")
    return batch


def _first_batch_application(batch, county, theme, is_real, state, priority, ministry, submitted_at) -> None:
    label = county.name if is_real else f"{county.name}（演示县）"
    plan = complete_plan_json(batch.construction_years, label, theme)
    plan["sections"]["basis"] = f"<p>{SIMULATED}</p>" + plan["sections"]["basis"]
    county_user, province_user = _county_user(county), _province_user(county.province)
    app = Application.objects.create(
        batch=batch, county=county, state=state, theme=theme, sections=plan["sections"], key_tasks=plan["key_tasks"],
        milestones=plan["milestones"], targets=plan["targets"], recommendation_priority=priority,
        created_by=county_user, submitted_at=submitted_at,
    )  # fmt: skip
    PlanVersion.objects.create(application=app, number=1, content=app.plan_json(), submitted_by=county_user)
    _event(app, "create_draft", "创建申报", "", S.DRAFT.value, county_user, Role.COUNTY_OFFICER, "application")
    _event(app, "submit", "提交申报", S.DRAFT.value, S.SUBMITTED.value, county_user, Role.COUNTY_OFFICER, "application")
    _event(app, "recommend", "推荐", S.SUBMITTED.value, S.RECOMMENDED.value, province_user, Role.PROVINCIAL_OFFICER,
           "recommendation", priority=priority)  # fmt: skip
    if state == S.RECOMMENDED.value:
        return
    _event(app, "submit_recommendation_list", "报送推荐名单", S.RECOMMENDED.value, S.FORWARDED.value, province_user,
           Role.PROVINCIAL_OFFICER, "recommendation", priority=priority)  # fmt: skip
    if state == S.FORWARDED.value:
        return
    from innocounty.applications.workflow import application_snapshot

    items = formal_review_checklist(application_snapshot(app), batch.snapshot())
    FormalReview.objects.create(application=app, decision="passed", reviewer=ministry,
                                checklist=[{"code": i.code, "label": i.label, "passed": i.passed, "problems": []} for i in items])  # fmt: skip
    _event(app, "pass_formal_review", "形式审查通过", S.FORWARDED.value, S.FORMAL_REVIEW_PASSED.value, ministry,
           Role.MINISTRY_OFFICER, "formal_review")  # fmt: skip
    if state == S.SELECTED_FOR_CONSULTATION.value:
        _event(app, "select_for_consultation", "确定进入专家评议", S.FORMAL_REVIEW_PASSED.value, state, ministry,
               Role.MINISTRY_OFFICER, "data_evaluation")  # fmt: skip


def _build_open_batch(stdout) -> Batch:
    _reset(OPEN_BATCH_NAME)
    today = today_in_china()
    batch = Batch.objects.create(
        name=OPEN_BATCH_NAME, year=today.year, status="open", application_opens=today - timedelta(days=14),
        application_closes=today + timedelta(days=30), recommendation_closes=today + timedelta(days=45),
        construction_start_year=today.year + 1, stages=[s.value for s in SECOND_BATCH_2023],
        call_text="（演示）各省级科技管理部门：请组织本省符合条件的县（市）申报创新型县（市），每县（市）选择一个建设主题，"
                  "按《创新型县（市）建设工作指引》编制建设方案，在申报窗口内提交。省级科技管理部门在名额内择优排序推荐。",
    )  # fmt: skip
    may_apply = set(County.objects.eligible().values_list("province_id", flat=True))
    for province in Province.objects.all():  # no quota where no unit may apply (北京, 天津, 上海)
        BatchProvince.objects.create(batch=batch, province=province, quota=3 if province.code in may_apply else 0)
    zhengding = County.objects.get(code="130123")
    draft_plan = complete_plan_json(batch.construction_years, "正定县（演示草稿）")
    for key in ("organisation", "policies_and_safeguards"):
        draft_plan["sections"].pop(key)
    draft_plan["targets"] = draft_plan["targets"][:1]
    Application.objects.create(batch=batch, county=zhengding, state=S.DRAFT.value, theme="industry",
                               sections=draft_plan["sections"], key_tasks=draft_plan["key_tasks"],
                               milestones=draft_plan["milestones"], targets=draft_plan["targets"],
                               created_by=_county_user(zhengding))  # fmt: skip
    waiting = County.objects.eligible().filter(province_id="13").exclude(code__in=FIRST_BATCH_REAL).order_by("code")[:3]
    for county, theme in zip(waiting, ["industry", "ecology", "livelihood"], strict=False):
        user = _county_user(county)
        plan = complete_plan_json(batch.construction_years, f"{county.name}（演示县）", theme)
        app = Application.objects.create(batch=batch, county=county, state=S.SUBMITTED.value, theme=theme,
                                         sections=plan["sections"], key_tasks=plan["key_tasks"], milestones=plan["milestones"],
                                         targets=plan["targets"], created_by=user, submitted_at=timezone.now())  # fmt: skip
        PlanVersion.objects.create(application=app, number=1, content=app.plan_json(), submitted_by=user)
        _event(app, "create_draft", "创建申报", "", S.DRAFT.value, user, Role.COUNTY_OFFICER, "application")
        _event(app, "submit", "提交申报", S.DRAFT.value, S.SUBMITTED.value, user, Role.COUNTY_OFFICER, "application")
    stdout.write(f"  {OPEN_BATCH_NAME}：正定县草稿1份，河北省待处理申报{len(waiting)}份")
    return batch


def build(stdout) -> None:
    with transaction.atomic():
        first = _build_first_batch(stdout)
        current = _build_open_batch(stdout)
        record(None, "demo.lifecycle_built", actor_label="manage.py demo", object_type="batches.batch",
               object_id=f"{first.pk},{current.pk}", summary="演示数据：2018年第一批（演示）与2026年申报（演示）")  # fmt: skip
