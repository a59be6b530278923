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
from innocounty.applications.models import Application
from innocounty.applications.workflow import create_application
from innocounty.audit.chain import record
from innocounty.batches.models import Batch, BatchProvince, era_run
from innocounty.common import clock
from innocounty.common.clock import CHINA
from innocounty.evaluations import demo_cohorts
from innocounty.programme import FIRST_BATCH_2018, SECOND_BATCH_2023, ApplicationState, Stage
from innocounty.programme.deadlines import today_in_china
from innocounty.regions.models import County, Province
from innocounty.reviews.services import formal_review
from innocounty.workflow.adapter import apply_transition

S = ApplicationState
FIRST_BATCH_NAME = "2018年第一批创新型县（市）建设（演示）"
OPEN_BATCH_NAME = "2026年创新型县（市）建设申报（演示）"
# The batch's counties (21 real, 31 demo) and their published themes: one list for every demo step
# (innocounty.evaluations.demo_cohorts, which the synthetic panel's planted effect uses too).
FIRST_BATCH_REAL = demo_cohorts.FIRST_BATCH_REAL
THEME_SPLIT = {"industry": 36, "ecology": 11, "livelihood": 5}
SIMULATED = "（演示数据：除已公开信息外，建设主题、方案内容与审查状态均为模拟。）"


def _demo_user(username: str, display: str, role: str, province=None, county=None) -> User:
    """An account that only stands for the demo's authors; it cannot log in (no usable password)."""
    user, created = User.objects.get_or_create(username=username, defaults={"display_name": display})
    if created:
        user.set_unusable_password()
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


CONFIRM = {"confirm": True}


def _at(day: date, hour: int = 10, minute: int = 0):
    return clock.at(timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour, minute), CHINA))


def _act(user, subject, name, inputs=None, kind="application"):
    """One step of the story, through the workflow adapter (so it is checked, audited and dated)."""
    outcome = apply_transition(user, subject, name, {**CONFIRM, **(inputs or {})}, kind=kind)
    if not outcome.allowed:
        raise RuntimeError(f"demo step {kind}.{name} on {subject} refused: {'；'.join(outcome.decision.messages)}")
    return outcome


ELIGIBILITY_REASON = "（演示）该县（市）创新基础较好、建设方案扎实，经省级综合评估予以推荐。"


def _recommend(user, app, priority):
    """Recommend; a county that is not eligible under the batch's "warning" rule gets the province's reason."""
    outcome = apply_transition(user, app, "recommend", {"priority": priority, "confirm": True}, kind="application")
    if not outcome.allowed and "missing_eligibility_reason" in outcome.decision.codes:
        return _act(user, app, "recommend", {"priority": priority, "eligibility_reason": ELIGIBILITY_REASON})
    if not outcome.allowed:
        raise RuntimeError(f"demo: recommending {app} refused: {'；'.join(outcome.decision.messages)}")
    return outcome


def _new_application(batch, county, user, plan) -> Application:
    outcome, app = create_application(user, batch, county, plan.get("theme", ""))
    if app is None:
        raise RuntimeError(f"demo: creating the application of {county} refused: {outcome.decision.messages}")
    for key in ("sections", "key_tasks", "milestones", "targets"):
        setattr(app, key, plan[key])
    app.save(update_fields=["sections", "key_tasks", "milestones", "targets"])
    return app


def _first_batch_counties() -> list[tuple[County, str, bool]]:
    """(county, theme, is_real) × 52, themes matching the published split."""
    eligible = County.objects.eligible().values_list("code", "province_id")
    batch = demo_cohorts.first_batch(eligible)
    counties = County.objects.select_related("province").in_bulk([a.code for a in batch])
    real = [(counties[a.code], a.theme, True) for a in batch if a.is_real]
    fillers = [counties[a.code] for a in batch if not a.is_real]
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
    """The 2018 story replayed through the workflow adapter on the dates it happened (simulated steps dated
    within the real windows)."""
    _reset(FIRST_BATCH_NAME)
    stages = list(FIRST_BATCH_2018.stages)
    stages.insert(stages.index(Stage.EXPERT_CONSULTATION), Stage.DATA_EVALUATION)
    chosen = _first_batch_counties()
    per_province: dict[str, list] = {}
    for county, theme, is_real in chosen:
        per_province.setdefault(county.province_id, []).append((county, theme, is_real))
    ministry = _ministry_user()
    with _at(date(2018, 7, 20)):
        batch = Batch.objects.create(
            name=FIRST_BATCH_NAME, year=2018, application_opens=date(2018, 8, 1),
            application_closes=date(2018, 9, 15), recommendation_closes=date(2018, 9, 30),
            construction_start_year=2019, stages=[s.value for s in stages], monitoring_run=era_run(2018),
            call_text="依据《创新型县（市）建设工作指引》（国科发〔2018〕130号）组织首批创新型县（市）申报（演示）。\n"
                      "首批实际共52个县（市），主题分布为产业发展36个、生态文明11个、民生改善5个；公示期为2018年11月22日至28日。\n"
                      "说明：2018年首批的环节为地方推荐、形式审查、咨询评议、实地考察；本演示批次另加“数据评价”环节，仅用于演示该页面。"
                      + SIMULATED,
        )  # fmt: skip
        for province_code, rows in per_province.items():
            BatchProvince.objects.create(batch=batch, province_id=province_code, quota=len(rows))
    with _at(date(2018, 7, 25)):
        _act(ministry, batch, "open", kind="batch")
    index, story = 0, []
    for province_code, rows in sorted(per_province.items()):
        has_real = any(is_real for _, _, is_real in rows)
        stages_here = [_stage_for(index + i, is_real) for i, (_, _, is_real) in enumerate(rows)]
        if has_real:  # a province with real first-batch counties has submitted its list
            stages_here = [S.FORMAL_REVIEW_PASSED.value if st == S.RECOMMENDED.value else st for st in stages_here]
        submitted_list = S.RECOMMENDED.value not in stages_here
        story.append((province_code, rows, stages_here if submitted_list else [S.RECOMMENDED.value] * len(rows)))
        index += len(rows)
    apps = {}
    for day, (_, rows, _) in enumerate(story):
        for i, (county, theme, is_real) in enumerate(rows):
            label = county.name if is_real else f"{county.name}（演示县）"
            plan = complete_plan_json(batch.construction_years, label, theme)
            plan["sections"]["basis"] = f"<p>{SIMULATED}</p>" + plan["sections"]["basis"]
            user = _county_user(county)
            with _at(date(2018, 8, 6) + timedelta(days=day % 20), 9 + i):
                app = _new_application(batch, county, user, plan)
            with _at(date(2018, 9, 3) + timedelta(days=day % 10), 9 + i):
                _act(user, app, "submit")
            apps[county.code] = app
    for day, (province_code, rows, states) in enumerate(story):
        province_user = _province_user(Province.objects.get(code=province_code))
        for i, (county, _, _) in enumerate(rows):
            with _at(date(2018, 9, 18) + timedelta(days=day % 5), 9 + i):
                _recommend(province_user, apps[county.code], i + 1)
        if S.RECOMMENDED.value not in states:
            row = BatchProvince.objects.get(batch=batch, province_id=province_code)
            with _at(date(2018, 9, 25) + timedelta(days=day % 5), 16):
                _act(province_user, row, "submit", kind="province_list")
    with _at(date(2018, 10, 8)):
        _act(ministry, batch, "close", kind="batch")
    for day, (_, rows, states) in enumerate(story):
        for i, ((county, _, _), state) in enumerate(zip(rows, states, strict=True)):
            if state in (S.FORMAL_REVIEW_PASSED.value, S.SELECTED_FOR_CONSULTATION.value):
                with _at(date(2018, 10, 15) + timedelta(days=day % 8), 9 + i):
                    outcome = formal_review(ministry, apps[county.code], True, confirm=True)
                    if not outcome.allowed:
                        raise RuntimeError(f"demo formal review of {county} refused: {outcome.decision.messages}")
            if state == S.SELECTED_FOR_CONSULTATION.value:
                with _at(date(2018, 11, 2) + timedelta(days=day % 6), 9 + i):
                    _act(ministry, apps[county.code], "select_for_consultation")
    counts = {t: Application.objects.filter(batch=batch, theme=t).count() for t in THEME_SPLIT}
    stdout.write(f"  {FIRST_BATCH_NAME}：{Application.objects.filter(batch=batch).count()}个县（市），主题 {counts}")
    return batch


def _build_open_batch(stdout) -> Batch:
    _reset(OPEN_BATCH_NAME)
    today = today_in_china()
    ministry = _ministry_user()
    with _at(today - timedelta(days=20)):
        batch = Batch.objects.create(
            name=OPEN_BATCH_NAME, year=today.year, application_opens=today - timedelta(days=14),
            application_closes=today + timedelta(days=30), recommendation_closes=today + timedelta(days=45),
            construction_start_year=today.year + 1, stages=[s.value for s in SECOND_BATCH_2023],
            call_text="（演示）各省级科技管理部门：请组织本省符合条件的县（市）申报创新型县（市），每县（市）选择一个建设主题，"
                      "按《创新型县（市）建设工作指引》编制建设方案，在申报窗口内提交。省级科技管理部门在名额内择优排序推荐。",
        )  # fmt: skip
        with_eligible = set(County.objects.eligible().values_list("province_id", flat=True))
        for province in Province.objects.all():  # provinces without an eligible county get no quota
            BatchProvince.objects.create(batch=batch, province=province, quota=3 if province.code in with_eligible else 0)
    with _at(today - timedelta(days=14), 9):
        _act(ministry, batch, "open", kind="batch")
    zhengding = County.objects.get(code="130123")
    draft_plan = complete_plan_json(batch.construction_years, "正定县（演示草稿）")
    for key in ("organisation", "policies_and_safeguards"):
        draft_plan["sections"].pop(key)
    draft_plan["targets"] = draft_plan["targets"][:1]
    with _at(today - timedelta(days=10), 15):
        _new_application(batch, zhengding, _county_user(zhengding), draft_plan)
    waiting = County.objects.eligible().filter(province_id="13").exclude(code__in=FIRST_BATCH_REAL).order_by("code")[:3]
    for i, (county, theme) in enumerate(zip(waiting, ["industry", "ecology", "livelihood"], strict=False)):
        user = _county_user(county)
        plan = complete_plan_json(batch.construction_years, f"{county.name}（演示县）", theme)
        with _at(today - timedelta(days=12 - i), 10):
            app = _new_application(batch, county, user, plan)
        with _at(today - timedelta(days=6 - i), 16):
            _act(user, app, "submit")
    stdout.write(f"  {OPEN_BATCH_NAME}：正定县草稿1份，河北省待处理申报{len(waiting)}份")
    return batch


def build(stdout) -> None:
    with transaction.atomic():
        first = _build_first_batch(stdout)
        current = _build_open_batch(stdout)
        record(None, "demo.lifecycle_built", actor_label="manage.py demo", object_type="batches.batch",
               object_id=f"{first.pk},{current.pk}", summary="演示数据：2018年第一批（演示）与2026年申报（演示）")  # fmt: skip
