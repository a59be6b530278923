"""Acceptance evaluation (评估验收) as run in 2022, on the machine: one subject per construction project and
one decision list per batch.

Guideline §四(五): "科技部于建设期结束后开展评估验收，验收通过后发文公布创新型县（市）名单".

Per project (kind ``acceptance``): the ministry opens acceptance once the batch's construction years are
over (guard ``construction_over``: the current year is after the last construction year) → the county
submits its summary (总结材料: text, attachments) → the ministry records the video defence (视频答辩: date
and time, link or room, outcome) → the site re-check (现场复核: date, team, findings) → the experts' scores
are in (``scores_in``: every live acceptance panel member submitted) → the decision: pass (通过), pass with
rectification (整改: a deadline; the follow-up check then records rectified → passed, or failed), or fail
(不通过), each with reasons.

Per batch (kind ``acceptance_list``): once every project is decided the ministry publishes the list, with
an optional notice period first (公示: publishing waits until the notice's last day has passed). Passed
counties are then listed publicly as 创新型县（市）; they may start a three-year work plan (三年工作方案).

The target completion table (各项指标完成情况, :func:`completion_table`) is computed from the plan's
quantitative targets and the final year's tracked value (``programme.target_tracking``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .context import Role
from .machine import PLACEHOLDER, Input, InputKind, Relation, Transition, Workflow, by, check
from .problems import Problem, gettext_noop, pgettext
from .target_tracking import TargetStatus, Track

WORK_PLAN_YEARS = 3


class AcceptanceState(StrEnum):
    OPEN = "open"
    SUMMARY_SUBMITTED = "summary_submitted"
    DEFENDED = "defended"
    RECHECKED = "rechecked"
    SCORED = "scored"
    RECTIFYING = "rectifying"
    PASSED = "passed"
    FAILED = "failed"


class ListState(StrEnum):
    DRAFT = "draft"
    NOTICE = "notice"
    PUBLISHED = "published"


A = AcceptanceState
STATE_LABELS = {
    A.OPEN: gettext_noop("待提交总结材料"),
    A.SUMMARY_SUBMITTED: gettext_noop("总结材料已提交"),
    A.DEFENDED: gettext_noop("已视频答辩"),
    A.RECHECKED: gettext_noop("已现场复核"),
    A.SCORED: gettext_noop("专家评分完成"),
    A.RECTIFYING: gettext_noop("限期整改"),
    A.PASSED: gettext_noop("验收通过"),
    A.FAILED: gettext_noop("验收未通过"),
}
DECIDED = frozenset({A.PASSED, A.FAILED, A.RECTIFYING})
FINAL = frozenset({A.PASSED, A.FAILED})
LIST_LABELS = {
    ListState.DRAFT: gettext_noop("待发布"),
    ListState.NOTICE: gettext_noop("公示中"),
    ListState.PUBLISHED: gettext_noop("已发文公布"),
}

COUNTY = by(Role.COUNTY_OFFICER, Relation.COUNTY)
MINISTRY = by(Role.MINISTRY_OFFICER, Relation.NATION)

REASON = Input("reason", gettext_noop("理由"), required=True, max_length=2000)
NOTE = Input("reason", gettext_noop("说明"), max_length=2000)
DEFENCE_INPUTS = (
    Input("defence_at", gettext_noop("答辩时间"), required=True, max_length=40),
    Input("venue", gettext_noop("视频链接或会议室"), required=True, max_length=300),
    Input("outcome", gettext_noop("答辩情况"), required=True, max_length=2000),
)
RECHECK_INPUTS = (
    Input("recheck_on", gettext_noop("复核日期"), required=True, max_length=10),
    Input("team", gettext_noop("复核组成员"), required=True, max_length=500),
    Input("findings", gettext_noop("复核意见"), required=True, max_length=4000),
)
DEADLINE = Input("deadline", gettext_noop("整改期限"), required=True, max_length=10)
FINDINGS = Input("findings", gettext_noop("整改核查意见"), required=True, max_length=4000)


def _fact(ctx, name, default=None):
    return (ctx.facts or {}).get(name, default)


@check("建设期已结束")
def construction_over(ctx) -> list[Problem]:
    last = _fact(ctx, "last_year")
    if last is None:
        return [Problem("no_construction_years", gettext_noop("该批次没有建设期"))]
    if ctx.today.year > last:
        return []
    return [Problem("construction_not_over", gettext_noop("建设期至%(year)s年底结束，结束后方可开展评估验收"),
                    params={"year": last})]  # fmt: skip


@check("总结材料已填写")
def summary_complete(ctx) -> list[Problem]:
    if _fact(ctx, "summary_chars", 0) > 0:
        return []
    return [Problem("summary_missing", gettext_noop("请先填写总结材料"), "summary")]


@check("验收专家评分已全部提交")
def scores_in(ctx) -> list[Problem]:
    expected, got = _fact(ctx, "reviews_expected", 0), _fact(ctx, "reviews_in", 0)
    if expected == 0:
        return [Problem("no_acceptance_panel", gettext_noop("尚未为该县（市）分配验收专家"))]
    if got < expected:
        return [Problem("reviews_missing", gettext_noop("验收专家评分尚未全部提交（%(got)d/%(expected)d）"),
                        params={"got": got, "expected": expected})]  # fmt: skip
    return []


@check("期限为有效日期")
def deadline_valid(ctx) -> list[Problem]:
    raw = (ctx.inputs or {}).get("deadline")
    if raw in (None, "", PLACEHOLDER):  # not given yet (the form asks for it)
        return []
    day = parse_day(raw)
    if day is None:
        return [Problem("invalid_date", gettext_noop("整改期限须为日期（如2023-06-30）"), "deadline")]
    if day <= ctx.today:
        return [Problem("deadline_past", gettext_noop("整改期限须晚于今天"), "deadline")]
    return []


@check("日期有效")
def recheck_date_valid(ctx) -> list[Problem]:
    raw = (ctx.inputs or {}).get("recheck_on")
    if raw in (None, "", PLACEHOLDER) or parse_day(raw) is not None:
        return []
    return [Problem("invalid_date", gettext_noop("复核日期须为日期（如2022-09-15）"), "recheck_on")]


def parse_day(raw) -> date | None:
    try:
        return date.fromisoformat(str(raw).strip())
    except (TypeError, ValueError):
        return None


ACCEPTANCE = Workflow(
    kind="acceptance",
    label=gettext_noop("评估验收"),
    states=AcceptanceState,
    state_labels=STATE_LABELS,
    transitions=(
        Transition("open", pgettext("programme action", "启动评估验收"), (None,), A.OPEN, MINISTRY,
                   guards=(construction_over,), notify=(Role.COUNTY_OFFICER,)),
        Transition("submit_summary", pgettext("programme action", "提交总结材料"), (A.OPEN,), A.SUMMARY_SUBMITTED,
                   COUNTY, guards=(summary_complete,), effects=("stamp_summary",), notify=(Role.MINISTRY_OFFICER,),
                   consequence=gettext_noop("总结材料提交后不能再修改，科技部将据此组织视频答辩。")),
        Transition("record_defence", pgettext("programme action", "记录视频答辩"), (A.SUMMARY_SUBMITTED,), A.DEFENDED,
                   MINISTRY, inputs=DEFENCE_INPUTS, effects=("keep_defence",), notify=(Role.COUNTY_OFFICER,)),
        Transition("record_recheck", pgettext("programme action", "记录现场复核"), (A.DEFENDED,), A.RECHECKED,
                   MINISTRY, guards=(recheck_date_valid,), inputs=RECHECK_INPUTS, effects=("keep_recheck",)),
        Transition("close_scoring", pgettext("programme action", "确认专家评分"), (A.RECHECKED,), A.SCORED, MINISTRY,
                   guards=(scores_in,), effects=("keep_score",)),
        Transition("pass", pgettext("programme action", "验收通过"), (A.SCORED,), A.PASSED, MINISTRY,
                   inputs=(NOTE,), effects=("keep_decision",), notify=(Role.COUNTY_OFFICER,),
                   consequence=gettext_noop("该县（市）验收通过，发文公布后列入创新型县（市）名单。")),
        Transition("require_rectification", pgettext("programme action", "限期整改"), (A.SCORED,), A.RECTIFYING,
                   MINISTRY, guards=(deadline_valid,), inputs=(REASON, DEADLINE), effects=("keep_decision",),
                   notify=(Role.COUNTY_OFFICER,),
                   consequence=gettext_noop("该县（市）须在期限内整改，整改核查通过后方为验收通过。")),
        Transition("fail", pgettext("programme action", "验收不通过"), (A.SCORED,), A.FAILED, MINISTRY,
                   inputs=(REASON,), effects=("keep_decision",), notify=(Role.COUNTY_OFFICER,),
                   consequence=gettext_noop("该县（市）验收不通过，不列入创新型县（市）名单。")),
        Transition("rectified", pgettext("programme action", "整改核查通过"), (A.RECTIFYING,), A.PASSED, MINISTRY,
                   inputs=(FINDINGS,), effects=("keep_follow_up",), notify=(Role.COUNTY_OFFICER,),
                   consequence=gettext_noop("整改核查通过，该县（市）验收通过。")),
        Transition("rectification_failed", pgettext("programme action", "整改核查未通过"), (A.RECTIFYING,), A.FAILED,
                   MINISTRY, inputs=(FINDINGS,), effects=("keep_follow_up",), notify=(Role.COUNTY_OFFICER,),
                   consequence=gettext_noop("整改未达要求，该县（市）验收不通过。")),
    ),
    initial=None,
    description=gettext_noop("建设期结束后的评估验收：总结材料、视频答辩、现场复核、专家评分、验收结论（通过、限期整改、不通过）"),
)  # fmt: skip


@check("全部县（市）已有验收结论")
def all_decided(ctx) -> list[Problem]:
    open_ = _fact(ctx, "undecided", 0)
    if _fact(ctx, "projects", 0) == 0:
        return [Problem("no_acceptance", gettext_noop("该批次尚未开展评估验收"))]
    if open_:
        return [
            Problem("undecided", gettext_noop("尚有%(count)d个县（市）没有验收结论"), params={"count": open_})
        ]
    return []


@check("公示期已结束")
def notice_over(ctx) -> list[Problem]:
    ends = _fact(ctx, "notice_ends")
    if ctx.subject_state != ListState.NOTICE or ends is None or ctx.today > ends:
        return []
    return [Problem("notice_running", gettext_noop("公示期至%(day)s结束"), params={"day": ends.isoformat()})]


NOTICE_DAYS = Input(
    "notice_days", gettext_noop("公示天数"), InputKind.INT, required=True, minimum=1, maximum=30
)

ACCEPTANCE_LIST = Workflow(
    kind="acceptance_list",
    label=gettext_noop("验收结论名单"),
    states=ListState,
    state_labels=LIST_LABELS,
    transitions=(
        Transition("create", pgettext("programme action", "建立验收结论名单"), (None,), ListState.DRAFT, MINISTRY),
        Transition("start_notice", pgettext("programme action", "公示验收结论"), (ListState.DRAFT,), ListState.NOTICE,
                   MINISTRY, guards=(all_decided,), inputs=(NOTICE_DAYS,), effects=("stamp_notice",),
                   consequence=gettext_noop("验收结论将在公示页面公开，公示期满后方可发文公布。")),
        Transition("publish", pgettext("programme action", "发文公布验收结论"), (ListState.DRAFT, ListState.NOTICE),
                   ListState.PUBLISHED, MINISTRY, guards=(all_decided, notice_over), effects=("stamp_published",),
                   notify=(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER),
                   consequence=gettext_noop("验收结论发文公布；通过的县（市）列入创新型县（市）名单并可启动三年工作方案。")),
    ),
    initial=None,
    description=gettext_noop("一个批次的验收结论：可先公示，再发文公布创新型县（市）名单"),
)  # fmt: skip


# --- the target completion table (各项指标完成情况) ------------------------------------------------------------
@dataclass(frozen=True)
class CompletionRow:
    code: str
    name: str
    baseline: float | None
    target: float | None
    actual: float | None
    year: int | None
    completion: float | None  # (actual − baseline) / (target − baseline); 1.0 = the target reached
    achieved: bool


def completion_row(status: TargetStatus) -> CompletionRow:
    b, t, a = status.baseline, status.target, status.actual
    share = None
    if None not in (b, t, a) and t != b:
        share = (a - b) / (t - b)
    achieved = status.track is Track.ACHIEVED
    return CompletionRow(
        status.code, status.name, b, t, a, status.year if a is not None else None, share, achieved
    )


def completion_table(by_year: dict[int, list[TargetStatus]]) -> list[CompletionRow]:
    """Each target at the last year with a value for it (the construction period's end if it has one)."""
    latest: dict[str, TargetStatus] = {}
    for year in sorted(by_year):
        for s in by_year[year]:
            if s.code not in latest or s.actual is not None:
                latest[s.code] = s
    return [completion_row(s) for s in latest.values()]


def achieved_share(rows: Iterable[CompletionRow]) -> float | None:
    rows = list(rows)
    return sum(r.achieved for r in rows) / len(rows) if rows else None


def work_plan_years(last_construction_year: int, started: date) -> tuple[int, ...]:
    """The three years of a work plan (三年工作方案) started on ``started``: from the year after the
    construction period, or from the start year when that is later."""
    first = max(last_construction_year + 1, started.year)
    return tuple(range(first, first + WORK_PLAN_YEARS))


# --- the acceptance rubric (the ministry may replace it per batch) -------------------------------------------
def _acceptance_rubric():
    from .scoring import Criterion, Rubric

    rows = (
        (
            "targets",
            gettext_noop("目标任务完成情况"),
            30,
            gettext_noop("建设方案确定的量化指标和重点任务是否完成"),
        ),
        (
            "innovation",
            gettext_noop("创新能力提升"),
            20,
            gettext_noop("研发投入、创新主体、创新平台和人才是否明显增长"),
        ),
        ("industry", gettext_noop("产业转型升级"), 20, gettext_noop("主导产业是否依靠科技创新实现提质增效")),
        (
            "livelihood",
            gettext_noop("民生改善与绿色发展"),
            10,
            gettext_noop("科技惠民、生态建设成效是否明显"),
        ),
        (
            "mechanisms",
            gettext_noop("体制机制与政策创新"),
            10,
            gettext_noop("配套政策是否落实、机制是否有突破"),
        ),
        ("organisation", gettext_noop("组织保障"), 10, gettext_noop("组织领导、资金投入和督查考核是否到位")),
    )
    return Rubric(
        tuple(Criterion(code, label, weight, guidance=guide) for code, label, weight, guide in rows)
    )


ACCEPTANCE_RUBRIC = _acceptance_rubric()
PASS_MARK = 60.0  # the panel's trimmed mean below which the ministry is warned (it still decides)
SUMMARY_MAX_CHARS = 20000
