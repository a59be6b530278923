"""Guards: small named checks a transition declares. Each returns the problems it finds (none = pass).

A guard's ``description`` (Chinese) is what the generated workflow table shows; its problems carry
the stable refusal codes of :class:`Refusal`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .context import BatchStatus, EligibilityRule, ProvinceListSnapshot, TransitionContext
from .deadlines import WindowStatus
from .formal_review import formal_review_checklist
from .plans import completeness
from .problems import Msg, Problem, errors_in, gettext_noop, warnings_in
from .quotas import priority_problems, quota_exceeded


class Refusal(StrEnum):
    """Stable codes of the reasons a transition is refused."""

    UNKNOWN_TRANSITION = "unknown_transition"
    WRONG_ROLE = "wrong_role"
    WRONG_SCOPE = "wrong_scope"
    WRONG_STATE = "wrong_state"
    STAGE_NOT_IN_BATCH = "stage_not_in_batch"
    BATCH_NOT_OPEN = "batch_not_open"
    BATCH_NOT_ACTIVE = "batch_not_active"
    WINDOW_NOT_OPEN = "window_not_open"
    WINDOW_CLOSED = "window_closed"
    RECOMMENDATION_CLOSED = "recommendation_closed"
    UNIT_TYPE_NOT_ELIGIBLE = "unit_type_not_eligible"
    THEME_NOT_OFFERED = "theme_not_offered"
    DUPLICATE_APPLICATION = "duplicate_application"
    INCOMPLETE_APPLICATION = "incomplete_application"
    MISSING_REASON = "missing_reason"
    MISSING_RESPONSE = "missing_response"
    LIST_LOCKED = "list_locked"
    NO_QUOTA = "no_quota"
    QUOTA_EXCEEDED = "quota_exceeded"
    PRIORITY_OUT_OF_RANGE = "priority_out_of_range"
    UNDECIDED_APPLICATIONS = "undecided_applications"
    EMPTY_LIST = "empty_list"
    PRIORITIES_NOT_CONTIGUOUS = "priorities_not_contiguous"
    CHECKLIST_FAILED = "checklist_failed"
    DATA_EVALUATION_CLOSED = "data_evaluation_closed"
    NOT_ELIGIBLE = "not_eligible"
    MISSING_ELIGIBILITY_REASON = "missing_eligibility_reason"


REFUSAL_DESCRIPTIONS: dict[Refusal, str] = {
    Refusal.UNKNOWN_TRANSITION: "没有这个操作",
    Refusal.WRONG_ROLE: "办理人没有该操作所需的角色",
    Refusal.WRONG_SCOPE: "角色对，但申报不在其管辖范围（本县/本省）",
    Refusal.WRONG_STATE: "申报当前状态不允许该操作",
    Refusal.STAGE_NOT_IN_BATCH: "本批次的环节配置不含该操作所属环节",
    Refusal.BATCH_NOT_OPEN: "批次不在进行中（筹备中、已截止或已归档）",
    Refusal.BATCH_NOT_ACTIVE: "批次筹备中或已归档",
    Refusal.WINDOW_NOT_OPEN: "申报窗口尚未开始",
    Refusal.WINDOW_CLOSED: "申报窗口已截止",
    Refusal.RECOMMENDATION_CLOSED: "省级推荐已截止",
    Refusal.UNIT_TYPE_NOT_ELIGIBLE: "申报单位类型不在本批次范围内",
    Refusal.THEME_NOT_OFFERED: "所选建设主题本批次未开放",
    Refusal.DUPLICATE_APPLICATION: "本县（市）在本批次已有申报",
    Refusal.INCOMPLETE_APPLICATION: "申报材料不完整（details 逐项列出每处缺漏）",
    Refusal.MISSING_REASON: "未填写理由",
    Refusal.MISSING_RESPONSE: "未填写修改说明",
    Refusal.LIST_LOCKED: "本省推荐名单已报送并锁定",
    Refusal.NO_QUOTA: "本批次未给本省分配推荐名额",
    Refusal.QUOTA_EXCEEDED: "推荐数量已达或超过本省名额",
    Refusal.PRIORITY_OUT_OF_RANGE: "推荐顺序超出范围",
    Refusal.UNDECIDED_APPLICATIONS: "本省仍有未处理的申报",
    Refusal.EMPTY_LIST: "推荐名单为空",
    Refusal.PRIORITIES_NOT_CONTIGUOUS: "推荐顺序不是1至n的连续编号",
    Refusal.CHECKLIST_FAILED: "形式审查清单有未通过项（details 列出原因）",
    Refusal.DATA_EVALUATION_CLOSED: "数据评价已结束",
    Refusal.NOT_ELIGIBLE: "本批次申报条件为硬性条件，该县（市）在批次所用监测评价中不符合",
    Refusal.MISSING_ELIGIBILITY_REASON: "推荐不符合申报条件的县（市）须说明理由",
}


class MissingContext(ValueError):
    """The adapter left out a part of the context a transition needs (a programming error)."""


GuardCheck = Callable[[TransitionContext], list[Problem]]


@dataclass(frozen=True)
class Guard:
    name: str
    description: str
    check: GuardCheck

    def __call__(self, ctx: TransitionContext) -> list[Problem]:
        return self.check(ctx)


def guard(description: str) -> Callable[[GuardCheck], Guard]:
    def declare(check: GuardCheck) -> Guard:
        return Guard(check.__name__, description, check)

    return declare


def _province(ctx: TransitionContext) -> ProvinceListSnapshot:
    if ctx.province is None:
        raise MissingContext("this transition needs TransitionContext.province (the province's list)")
    return ctx.province


def _application(ctx: TransitionContext):
    if ctx.application is None:
        raise MissingContext("this transition needs TransitionContext.application")
    return ctx.application


@guard("批次处于进行中")
def batch_open(ctx: TransitionContext) -> list[Problem]:
    if ctx.batch.status is BatchStatus.OPEN:
        return []
    return [Problem(Refusal.BATCH_NOT_OPEN, gettext_noop("批次「%(batch)s」%(status)s，不能办理此事项"),
                    params={"batch": ctx.batch.name, "status": Msg(ctx.batch.status.label)})]


@guard("批次未归档")
def batch_active(ctx: TransitionContext) -> list[Problem]:
    if ctx.batch.status in (BatchStatus.OPEN, BatchStatus.CLOSED):
        return []
    return [Problem(Refusal.BATCH_NOT_ACTIVE, gettext_noop("批次「%(batch)s」%(status)s，不能办理此事项"),
                    params={"batch": ctx.batch.name, "status": Msg(ctx.batch.status.label)})]


@guard("申报窗口期内（含首尾两日）")
def application_window_open(ctx: TransitionContext) -> list[Problem]:
    window = ctx.batch.application_window
    status = window.status(ctx.today)
    if status is WindowStatus.NOT_YET_OPEN:
        return [Problem(Refusal.WINDOW_NOT_OPEN, gettext_noop("申报尚未开始（%(date)s开始）"),
                        params={"date": window.opens.isoformat()})]
    if status is WindowStatus.CLOSED:
        return [Problem(Refusal.WINDOW_CLOSED, gettext_noop("申报已于%(date)s截止"),
                        params={"date": window.closes.isoformat()})]
    return []


@guard("省级推荐截止日前（含当日）")
def recommendation_window_open(ctx: TransitionContext) -> list[Problem]:
    closes = ctx.batch.recommendation_closes
    if closes is not None and ctx.today > closes:
        return [Problem(Refusal.RECOMMENDATION_CLOSED, gettext_noop("省级推荐已于%(date)s截止"),
                        params={"date": closes.isoformat()})]
    return []


@guard("申报单位类型在本批次范围内")
def unit_type_eligible(ctx: TransitionContext) -> list[Problem]:
    unit_type = _application(ctx).unit_type
    if unit_type in ctx.batch.eligible_unit_types:
        return []
    allowed = "、".join(sorted(ctx.batch.eligible_unit_types))
    return [
        Problem(Refusal.UNIT_TYPE_NOT_ELIGIBLE, gettext_noop("「%(type)s」不在本批次申报范围内（可申报：%(allowed)s）"),
                "unit_type", params={"type": unit_type, "allowed": allowed})
    ]


@guard("所选建设主题为本批次开放的主题")
def theme_offered(ctx: TransitionContext) -> list[Problem]:
    theme = _application(ctx).plan.theme
    if theme is None or theme in ctx.batch.themes:
        return []
    return [Problem(Refusal.THEME_NOT_OFFERED, gettext_noop("本批次未开放建设主题「%(theme)s」"), "theme",
                    params={"theme": Msg(theme.label)})]


@guard("本县（市）在本批次没有其他有效申报")
def single_application(ctx: TransitionContext) -> list[Problem]:
    if not ctx.county_has_other_application:
        return []
    return [Problem(Refusal.DUPLICATE_APPLICATION, gettext_noop("本县（市）在本批次已有申报，不能重复申报"))]


@guard("申报材料完整（逐项列出全部缺漏）")
def application_complete(ctx: TransitionContext) -> list[Problem]:
    found = completeness(_application(ctx).plan, construction_years=ctx.batch.construction_years)
    errors = errors_in(found)
    problems = warnings_in(found)
    if errors:
        summary = gettext_noop("申报材料不完整，共%(n)d处需补充或修改")
        problems.insert(0, Problem(Refusal.INCOMPLETE_APPLICATION, summary, details=tuple(errors),
                                   params={"n": len(errors)}))
    return problems


@guard("本省推荐名单尚未报送")
def recommendation_list_open(ctx: TransitionContext) -> list[Problem]:
    if not _province(ctx).submitted:
        return []
    return [Problem(Refusal.LIST_LOCKED, gettext_noop("本省推荐名单已报送科技部并锁定，不能再修改"))]


@guard("本省推荐名额尚有剩余")
def quota_available(ctx: TransitionContext) -> list[Problem]:
    province = _province(ctx)
    quota = ctx.batch.quota_for(province.province_code)
    if quota is None:
        return [Problem(Refusal.NO_QUOTA, gettext_noop("本批次未给本省分配推荐名额"))]
    if province.recommended_count >= quota:
        return [quota_exceeded(quota)]
    return []


@guard("推荐顺序（如填写）在1至当前推荐数+1之间")
def priority_in_range(ctx: TransitionContext) -> list[Problem]:
    priority = ctx.inputs.get("priority")
    if priority is None or not isinstance(priority, int) or isinstance(priority, bool) or not 1 <= priority <= 100:
        return []  # absent, or already refused by the input's own bounds
    highest = _province(ctx).recommended_count + 1
    if isinstance(priority, int) and not isinstance(priority, bool) and 1 <= priority <= highest:
        return []
    return [Problem(Refusal.PRIORITY_OUT_OF_RANGE, gettext_noop("推荐顺序须为1至%(high)d之间的整数（收到%(got)s）"),
                    "priority", params={"high": highest, "got": str(priority)[:20]})]


@guard("本省申报均已处理（无已提交或退回修改中的申报）")
def no_undecided_applications(ctx: TransitionContext) -> list[Problem]:
    count = _province(ctx).undecided_count
    if count == 0:
        return []
    return [Problem(Refusal.UNDECIDED_APPLICATIONS,
                    gettext_noop("本省还有%(n)d份申报未处理（已提交或退回修改中），须先推荐或不予推荐"), params={"n": count})]


@guard("推荐名单不为空")
def list_not_empty(ctx: TransitionContext) -> list[Problem]:
    if _province(ctx).recommended_count > 0:
        return []
    return [Problem(Refusal.EMPTY_LIST, gettext_noop("推荐名单为空，至少推荐1个县（市）"))]


@guard("推荐数量不超过本省名额")
def list_within_quota(ctx: TransitionContext) -> list[Problem]:
    province = _province(ctx)
    quota = ctx.batch.quota_for(province.province_code)
    if quota is None:
        return [Problem(Refusal.NO_QUOTA, gettext_noop("本批次未给本省分配推荐名额"))]
    if province.recommended_count > quota:
        return [Problem(Refusal.QUOTA_EXCEEDED, gettext_noop("推荐数量（%(n)d个）超过本省名额（%(quota)d个）"), "priorities",
                        params={"n": province.recommended_count, "quota": quota})]
    return []


@guard("推荐顺序为1至n的连续编号")
def priorities_contiguous(ctx: TransitionContext) -> list[Problem]:
    province = _province(ctx)
    problems = priority_problems(province.priorities, None)
    if len(province.priorities) != province.recommended_count:
        problems = problems or [
            Problem(Refusal.PRIORITIES_NOT_CONTIGUOUS, gettext_noop("推荐顺序与推荐数量不一致，请重新排序"), "priorities")
        ]
    return problems


@guard("形式审查清单全部通过")
def formal_review_checklist_passed(ctx: TransitionContext) -> list[Problem]:
    failed = [item for item in formal_review_checklist(_application(ctx), ctx.batch) if not item.passed]
    if not failed:
        return []
    details = tuple(p for item in failed for p in item.problems)
    labels = "、".join(item.label for item in failed)
    return [Problem(Refusal.CHECKLIST_FAILED, gettext_noop("形式审查清单未通过：%(items)s"), details=details,
                    params={"items": labels})]


@guard("数据评价尚未结束")
def data_evaluation_open(ctx: TransitionContext) -> list[Problem]:
    if not ctx.batch.data_evaluation_closed:
        return []
    return [Problem(Refusal.DATA_EVALUATION_CLOSED, gettext_noop("本批次数据评价已结束，名单不能再修改"))]


def stage_in_batch(stage) -> Guard:
    """A precondition: the batch includes ``stage`` in its sequence."""

    def check(ctx) -> list[Problem]:
        batch = ctx.batch if hasattr(ctx, "batch") else ctx.facts["batch"]
        if stage in batch.stages:
            return []
        return [Problem(Refusal.STAGE_NOT_IN_BATCH, gettext_noop("批次「%(batch)s」不设「%(stage)s」环节"),
                        params={"batch": batch.name, "stage": Msg(stage.label)})]  # fmt: skip

    return Guard(f"stage_{stage.value}", f"批次设有「{stage.label}」环节", check)


@guard("全部通过形式审查的申报均已确定是否进入专家评议")
def no_undecided_consultation(ctx) -> list[Problem]:
    pending = (ctx.facts or {}).get("pending", 0)
    if not pending:
        return []
    return [Problem(Refusal.UNDECIDED_APPLICATIONS, gettext_noop("还有%(n)d份申报未确定是否进入专家评议"),
                    params={"n": pending})]


def _because(ctx: TransitionContext) -> dict:
    reason = _application(ctx).eligibility_reason
    return {"because": f"（{reason}）" if reason else ""}


@guard("申报条件为硬性条件时，县（市）须符合「位居本省前列」")
def eligibility_gate(ctx: TransitionContext) -> list[Problem]:
    if ctx.batch.eligibility_rule is not EligibilityRule.GATE or _application(ctx).eligible is not False:
        return []
    return [Problem(Refusal.NOT_ELIGIBLE,
                    gettext_noop("按本批次规定，不符合申报条件（位居本省前列）的县（市）不能提交申报或被推荐%(because)s"),
                    "eligibility", params=_because(ctx))]  # fmt: skip


@guard("申报条件为提示时，推荐不符合条件的县（市）须说明理由（报科技部）")
def eligibility_reason_given(ctx: TransitionContext) -> list[Problem]:
    if ctx.batch.eligibility_rule is not EligibilityRule.WARNING or _application(ctx).eligible is not False:
        return []
    reason = ctx.inputs.get("eligibility_reason")
    if isinstance(reason, str) and reason.strip():
        return []
    return [Problem(Refusal.MISSING_ELIGIBILITY_REASON,
                    gettext_noop("该县（市）不符合申报条件（位居本省前列）%(because)s，推荐须说明理由，理由随推荐报送科技部"),
                    "eligibility_reason", params=_because(ctx))]  # fmt: skip
