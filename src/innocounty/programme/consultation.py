"""The consultation subjects on the machine (咨询评议): expert assignments and expert reviews.

**Assignment (分配)** — one expert on one application's panel for one purpose (``consultation`` now,
``acceptance`` later). The ministry proposes the panel (the solver's proposal or a manual slot), confirms
it (the expert is invited), may remove a slot at any time before the review is in; the expert accepts or
declines (with a reason), and — before the application is opened to them — confirms a declaration of no
conflict of interest (无利益冲突声明). Only an assignment in ``declared`` lets the expert see the
application (``innocounty.experts.access``).

**Review (评议意见)** — the expert's scores on the batch's rubric, comments per criterion and an overall
recommendation: saved as a draft any number of times, submitted once (confirmed), reopened only by the
ministry with a reason.

Contexts are :class:`~innocounty.programme.machine.SubjectContext`; ``assignees`` holds the expert's user
id (the scope "assigned"), ``facts`` what the guards read: ``slot_problems`` (the hard rules a manual slot
breaks, from :func:`innocounty.programme.assignment.slot_problems`), ``expert_active``,
``review_problems`` (what a submission lacks, from :func:`innocounty.programme.scoring.review_problems`),
``review_in`` (the assignment's review was submitted), ``consultation_open``.
"""

from __future__ import annotations

from enum import StrEnum

from .context import Role
from .machine import Input, InputKind, Relation, Transition, Workflow, by, check
from .problems import Problem, gettext_noop, pgettext
from .stages import Stage


class Purpose(StrEnum):
    CONSULTATION = "consultation"  # 咨询评议 (建设方案)
    ACCEPTANCE = "acceptance"  # 评估验收 (later)


PURPOSE_LABELS = {
    Purpose.CONSULTATION: gettext_noop("咨询评议"),
    Purpose.ACCEPTANCE: gettext_noop("评估验收"),
}

MINISTRY = by(Role.MINISTRY_OFFICER, Relation.NATION)
EXPERT = by(Role.EXPERT, Relation.ASSIGNED)
REQUIRED_REASON = Input("reason", gettext_noop("理由"), required=True, max_length=2000)


def _fact(ctx, name, default=None):
    return (ctx.facts or {}).get(name, default)


class AssignmentState(StrEnum):
    PROPOSED = "proposed"  # on the ministry's working proposal; the expert knows nothing yet
    INVITED = "invited"  # confirmed by the ministry; the expert is asked
    ACCEPTED = "accepted"  # the expert agreed; must still declare no conflict
    DECLARED = "declared"  # no-conflict declaration confirmed: the expert sees the application
    DECLINED = "declined"  # the expert declined, with a reason (the slot is free)
    REMOVED = "removed"  # the ministry took the expert off the panel


LIVE_ASSIGNMENT_STATES = frozenset(
    {AssignmentState.PROPOSED, AssignmentState.INVITED, AssignmentState.ACCEPTED, AssignmentState.DECLARED}
)


@check("该专家分配不违反硬性规则（本省回避、利益冲突回避、评审上限、主题覆盖）")
def slot_keeps_hard_rules(ctx) -> list[Problem]:
    return list(_fact(ctx, "slot_problems", ()))


@check("专家在库且处于启用状态")
def expert_active(ctx) -> list[Problem]:
    if _fact(ctx, "expert_active", True):
        return []
    return [Problem("expert_inactive", gettext_noop("该专家已停用，不能分配或接受评审任务。"))]


@check("咨询评议尚在进行")
def consultation_open(ctx) -> list[Problem]:
    if _fact(ctx, "consultation_open", True):
        return []
    return [Problem("consultation_closed", gettext_noop("本批次的咨询评议已结束。"))]


@check("评议意见尚未提交")
def review_not_in(ctx) -> list[Problem]:
    if not _fact(ctx, "review_in", False):
        return []
    return [Problem("review_submitted", gettext_noop("该专家已提交评议意见：请先退回评议意见，再调整分配。"))]


DECLARATION = Input("declaration", gettext_noop("无利益冲突声明"), InputKind.BOOL, required=True)

# fmt: off
ASSIGNMENT = Workflow(
    kind="assignment",
    label=gettext_noop("专家分配"),
    states=AssignmentState,
    state_labels={AssignmentState.PROPOSED: gettext_noop("拟分配"), AssignmentState.INVITED: gettext_noop("已邀请"),
                  AssignmentState.ACCEPTED: gettext_noop("已接受"), AssignmentState.DECLARED: gettext_noop("已声明无利益冲突"),
                  AssignmentState.DECLINED: gettext_noop("已谢绝"), AssignmentState.REMOVED: gettext_noop("已撤销")},
    transitions=(
        Transition("propose", pgettext("programme action", "拟分配专家"), (None,), AssignmentState.PROPOSED, MINISTRY,
                   guards=(consultation_open, expert_active, slot_keeps_hard_rules), stage=Stage.EXPERT_CONSULTATION),
        Transition("invite", pgettext("programme action", "邀请专家"), (AssignmentState.PROPOSED,), AssignmentState.INVITED,
                   MINISTRY, guards=(consultation_open, expert_active), effects=("stamp_invited",),
                   notify=(Role.EXPERT,), stage=Stage.EXPERT_CONSULTATION),
        Transition("accept", pgettext("programme action", "接受评审任务"), (AssignmentState.INVITED,), AssignmentState.ACCEPTED,
                   EXPERT, guards=(consultation_open, expert_active), effects=("stamp_responded",),
                   stage=Stage.EXPERT_CONSULTATION),
        Transition("decline", pgettext("programme action", "谢绝评审任务"), (AssignmentState.INVITED, AssignmentState.ACCEPTED),
                   AssignmentState.DECLINED, EXPERT, inputs=(REQUIRED_REASON,), effects=("stamp_responded",),
                   notify=(Role.MINISTRY_OFFICER,), stage=Stage.EXPERT_CONSULTATION,
                   consequence=gettext_noop("谢绝后该评审位置将由科技部另行分配专家，您将不能查看该申报。")),
        Transition("declare", pgettext("programme action", "声明无利益冲突"), (AssignmentState.ACCEPTED,), AssignmentState.DECLARED,
                   EXPERT, guards=(consultation_open, expert_active), inputs=(DECLARATION,), effects=("stamp_declared",),
                   stage=Stage.EXPERT_CONSULTATION,
                   consequence=gettext_noop("您声明与该县（市）及其申报、编制单位不存在需回避的利益关系（任职、亲属、合作、咨询等）；"
                                            "声明连同时间记入审计日志。声明后方可查看申报材料。")),
        Transition("remove", pgettext("programme action", "撤销分配"),
                   (AssignmentState.PROPOSED, AssignmentState.INVITED, AssignmentState.ACCEPTED, AssignmentState.DECLARED),
                   AssignmentState.REMOVED, MINISTRY, guards=(review_not_in,), inputs=(Input("reason", gettext_noop("理由"), max_length=2000),),
                   notify=(Role.EXPERT,), stage=Stage.EXPERT_CONSULTATION,
                   consequence=gettext_noop("撤销后该专家不再能查看该申报，已保存的评议草稿作废；该评审位置须另行分配。")),
    ),
    initial=None,
    description=gettext_noop("一位专家在一份申报的评审组中的席位：拟分配、邀请、接受或谢绝、声明无利益冲突"),
)
# fmt: on


class ReviewState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REOPENED = "reopened"  # returned by the ministry with a reason; the expert edits and submits again


EDITABLE_REVIEW_STATES = frozenset({ReviewState.DRAFT, ReviewState.REOPENED})


@check("评议意见完整（每项评分在范围内，已给出总体建议）")
def review_complete(ctx) -> list[Problem]:
    return list(_fact(ctx, "review_problems", ()))


@check("专家已声明无利益冲突")
def declared(ctx) -> list[Problem]:
    if _fact(ctx, "declared", False):
        return []
    return [Problem("not_declared", gettext_noop("请先接受评审任务并声明无利益冲突。"))]


# fmt: off
REVIEW = Workflow(
    kind="review",
    label=gettext_noop("专家评议意见"),
    states=ReviewState,
    state_labels={ReviewState.DRAFT: gettext_noop("草稿"), ReviewState.SUBMITTED: gettext_noop("已提交"),
                  ReviewState.REOPENED: gettext_noop("已退回修改")},
    transitions=(
        Transition("start", pgettext("programme action", "开始评议"), (None,), ReviewState.DRAFT, EXPERT,
                   guards=(consultation_open, declared), stage=Stage.EXPERT_CONSULTATION),
        Transition("submit", pgettext("programme action", "提交评议意见"), (ReviewState.DRAFT, ReviewState.REOPENED),
                   ReviewState.SUBMITTED, EXPERT, guards=(consultation_open, declared, review_complete),
                   effects=("stamp_submitted",), notify=(Role.MINISTRY_OFFICER,), stage=Stage.EXPERT_CONSULTATION,
                   consequence=gettext_noop("提交后评分和意见不能再修改（科技部退回的除外）；其他专家看不到您的评分。")),
        Transition("reopen", pgettext("programme action", "退回评议意见"), (ReviewState.SUBMITTED,), ReviewState.REOPENED,
                   MINISTRY, guards=(consultation_open,), inputs=(REQUIRED_REASON,), notify=(Role.EXPERT,),
                   effects=("stamp_reopened",), stage=Stage.EXPERT_CONSULTATION,
                   consequence=gettext_noop("退回后该专家可修改并重新提交；其评分在重新提交前不计入汇总。")),
    ),
    initial=None,
    description=gettext_noop("一位专家对一份申报的评分、分项意见和总体建议：草稿、提交，科技部可说明理由退回"),
)
# fmt: on
