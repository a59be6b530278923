"""Lifecycle II after consultation, on the machine: questioning (专家质询), field inspection (实地考察), the
approval list (批准建设名单: draft → 公示中 → 已发文) and objections to the public notice (异议).

Each context is a :class:`~innocounty.programme.machine.SubjectContext`; ``facts`` is a mapping (questions,
inspections, objections) or a :class:`~innocounty.programme.approval_rules.ListFacts` (the list). The
applications' own moves (批准建设 / 未获批准 / 暂缓) are in :mod:`innocounty.programme.workflow`, driven by
the list's ``finalise``. A public objection is recorded by the platform on the visitor's behalf (the
visitor has no account): its ``lodge`` is the ``SYSTEM`` actor's, and the public page checks the challenge
and the rate limit before it asks.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from .approval_rules import (
    NOTICE_DAYS_MAX,
    ListDecision,
    ListFacts,
    departure_problems,
    document_number_problems,
)
from .context import Role
from .machine import PLACEHOLDER, Input, InputKind, Relation, Transition, Workflow, by, check
from .problems import Problem, gettext_noop, pgettext
from .stages import Stage

MINISTRY = by(Role.MINISTRY_OFFICER, Relation.NATION)
PANEL = by(Role.EXPERT, Relation.ASSIGNED)
COUNTY = by(Role.COUNTY_OFFICER, Relation.COUNTY)
SYSTEM = by(Role.SYSTEM, Relation.NATION)
REQUIRED_REASON = Input("reason", gettext_noop("理由"), required=True, max_length=2000)
OPTIONAL_REASON = Input("reason", gettext_noop("理由"), max_length=2000)


def _asked(ctx, name) -> bool:
    """The input stands for a value the form will ask for (``available`` checks with a placeholder), or is
    missing (the input's own check says so): its guard has nothing to check."""
    value = ctx.inputs.get(name)
    return value == PLACEHOLDER or value is None or (isinstance(value, str) and not value.strip())


def _fact(ctx, name, default=None):
    facts = ctx.facts or {}
    return facts.get(name, default) if isinstance(facts, dict) else getattr(facts, name, default)


# --- questioning (专家质询) -------------------------------------------------------------------------------
class QuestionState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


@check("答复期限不早于今天")
def deadline_ahead(ctx) -> list[Problem]:
    deadline = _fact(ctx, "deadline")
    if deadline is None:
        return [Problem("deadline_missing", gettext_noop("须设定答复期限"), "deadline")]
    if deadline < ctx.today:
        return [Problem("deadline_past", gettext_noop("答复期限（%(deadline)s）早于今天"), "deadline",
                        params={"deadline": deadline.isoformat()})]  # fmt: skip
    return []


@check("在答复期限内（含期限当日）")
def before_deadline(ctx) -> list[Problem]:
    deadline = _fact(ctx, "deadline")
    if deadline is not None and ctx.today > deadline:
        return [Problem("answer_late", gettext_noop("答复期限（%(deadline)s）已过，不能再答复"),
                        params={"deadline": deadline.isoformat()})]  # fmt: skip
    return []


QUESTION = Workflow(
    kind="question",
    label=gettext_noop("质询问题"),
    states=QuestionState,
    state_labels={QuestionState.OPEN: gettext_noop("待答复"), QuestionState.ANSWERED: gettext_noop("已答复"),
                  QuestionState.CLOSED: gettext_noop("已关闭")},
    transitions=(
        Transition("ask", pgettext("programme action", "提出质询"), (None,), QuestionState.OPEN, MINISTRY + PANEL,
                   guards=(deadline_ahead,), inputs=(Input("question", gettext_noop("问题"), required=True, max_length=2000),),
                   notify=(Role.COUNTY_OFFICER,), stage=Stage.EXPERT_QUESTIONING),
        Transition("answer", pgettext("programme action", "答复质询"), (QuestionState.OPEN,), QuestionState.ANSWERED, COUNTY,
                   guards=(before_deadline,), inputs=(Input("answer", gettext_noop("答复"), required=True, max_length=4000),),
                   effects=("store_answer",), notify=(Role.MINISTRY_OFFICER, Role.EXPERT), stage=Stage.EXPERT_QUESTIONING,
                   consequence=gettext_noop("答复将送达科技部和评审专家组，提交后不能修改。")),
        Transition("close", pgettext("programme action", "关闭质询"), (QuestionState.OPEN,), QuestionState.CLOSED, MINISTRY,
                   inputs=(OPTIONAL_REASON,), notify=(Role.COUNTY_OFFICER,), stage=Stage.EXPERT_QUESTIONING),
    ),
    initial=None,
    description=gettext_noop("科技部或评审专家组向县（市）提出的问题，县（市）在期限内答复"),
)  # fmt: skip


# --- field inspection (实地考察) ---------------------------------------------------------------------------
class InspectionState(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"


@check("考察日期、考察组和结论已填写")
def inspection_complete(ctx) -> list[Problem]:
    problems = []
    starts, ends = _fact(ctx, "starts"), _fact(ctx, "ends")
    if starts is None or ends is None:
        problems.append(Problem("inspection_dates", gettext_noop("须填写考察起止日期"), "starts"))
    elif ends < starts:
        problems.append(Problem("inspection_dates_inverted", gettext_noop("考察结束日期早于开始日期"), "ends"))
    elif ends > ctx.today:
        problems.append(Problem("inspection_future", gettext_noop("考察尚未结束（结束日期在今天之后）"), "ends"))
    if not _fact(ctx, "team"):
        problems.append(Problem("inspection_team", gettext_noop("须填写考察组成员"), "team"))
    if not _fact(ctx, "conclusion"):
        problems.append(Problem("inspection_conclusion", gettext_noop("须给出考察结论"), "conclusion"))
    return problems


INSPECTION = Workflow(
    kind="inspection",
    label=gettext_noop("实地考察记录"),
    states=InspectionState,
    state_labels={InspectionState.DRAFT: gettext_noop("记录中"), InspectionState.COMPLETED: gettext_noop("已完成")},
    transitions=(
        Transition("record", pgettext("programme action", "新建考察记录"), (None,), InspectionState.DRAFT, MINISTRY,
                   stage=Stage.FIELD_INSPECTION),
        Transition("complete", pgettext("programme action", "完成考察"), (InspectionState.DRAFT,), InspectionState.COMPLETED,
                   MINISTRY, guards=(inspection_complete,), stage=Stage.FIELD_INSPECTION,
                   consequence=gettext_noop("考察结论将用于拟定批准建设名单，完成后记录只读（科技部可说明理由后重新打开）。")),
        Transition("reopen", pgettext("programme action", "重新打开考察记录"), (InspectionState.COMPLETED,), InspectionState.DRAFT,
                   MINISTRY, inputs=(REQUIRED_REASON,), stage=Stage.FIELD_INSPECTION),
        Transition("province_access", pgettext("programme action", "设置省级可见"), (InspectionState.COMPLETED,),
                   InspectionState.COMPLETED, MINISTRY, inputs=(Input("open", gettext_noop("对省级开放"), InputKind.BOOL, required=True),),
                   effects=("set_province_access",), stage=Stage.FIELD_INSPECTION),
    ),
    initial=None,
    description=gettext_noop("科技部组织的实地考察：日期、考察组、行程、各重点任务的发现、照片与附件、结论"),
)  # fmt: skip


# --- the approval list (批准建设名单) ------------------------------------------------------------------------
class ApprovalListState(StrEnum):
    DRAFT = "draft"
    ON_NOTICE = "on_notice"
    FINAL = "final"


def _list(ctx) -> ListFacts:
    return ctx.facts if isinstance(ctx.facts, ListFacts) else ListFacts()


@check("有可列入名单的申报")
def has_candidates(ctx) -> list[Problem]:
    if _list(ctx).candidates:
        return []
    return [Problem("no_candidates", gettext_noop("本批次没有进入专家评议的申报，无法拟定名单"))]


@check("每份申报都有决定，偏离评分排序的决定都说明了理由")
def decisions_reasoned(ctx) -> list[Problem]:
    facts = _list(ctx)
    problems = [Problem("undecided_entry", gettext_noop("%(county)s尚无决定"), str(c.application_id),
                        params={"county": facts.names.get(c.application_id, c.application_id)})
                for c in facts.candidates if c.application_id not in facts.decisions]  # fmt: skip
    problems += departure_problems(facts.candidates, facts.decisions, facts.reasons, facts.names)
    if facts.candidates and not any(d is ListDecision.APPROVE for d in facts.decisions.values()):
        problems.append(Problem("nothing_approved", gettext_noop("名单中没有批准建设的县（市）")))
    return problems


@check("设有实地考察环节时，拟批准的县（市）均已完成考察")
def inspections_done(ctx) -> list[Problem]:
    facts = _list(ctx)
    if not facts.inspection_required:
        return []
    return [Problem("not_inspected", gettext_noop("%(county)s拟批准建设，但尚未完成实地考察"), str(a),
                    params={"county": facts.names.get(a, a)})
            for a, d in sorted(facts.decisions.items()) if d is ListDecision.APPROVE and a not in facts.inspected]  # fmt: skip


@check("公示期已结束（含最后一天）")
def notice_over(ctx) -> list[Problem]:
    notice = _list(ctx).notice
    if notice is None or notice.over_on(ctx.today):
        return []
    return [Problem("notice_not_over", gettext_noop("公示期为%(starts)s至%(ends)s（含），%(ends)s之后方可发文公布"),
                    params={"starts": notice.starts.isoformat(), "ends": notice.ends.isoformat()})]  # fmt: skip


@check("没有未处理的异议")
def no_open_objections(ctx) -> list[Problem]:
    n = _list(ctx).open_objections
    if not n:
        return []
    return [Problem("objections_open", gettext_noop("尚有%(n)d条异议未处理，处理完毕后方可发文公布"), params={"n": n})]


@check("发文字号格式正确，成文日期不早于公示期结束、不晚于今天")
def document_valid(ctx) -> list[Problem]:
    problems = []
    issued = _as_date(ctx.inputs.get("document_date"))
    if _asked(ctx, "document_date"):
        pass
    elif issued is None:
        problems.append(Problem("document_date_missing", gettext_noop("须填写成文日期（年-月-日）"), "document_date"))
    else:
        notice = _list(ctx).notice
        if notice is not None and issued <= notice.ends:
            problems.append(Problem("document_date_in_notice", gettext_noop("成文日期须在公示期结束（%(ends)s）之后"),
                                    "document_date", params={"ends": notice.ends.isoformat()}))  # fmt: skip
        if issued > ctx.today:
            problems.append(Problem("document_date_future", gettext_noop("成文日期不能晚于今天"), "document_date"))
    number = ctx.inputs.get("document_number")
    if isinstance(number, str) and number.strip() and not _asked(ctx, "document_number"):
        problems += document_number_problems(number, issued)
    return problems


@check("决定为批准建设、不予批准或暂缓之一，申报在名单中")
def decision_known(ctx) -> list[Problem]:
    problems = []
    if not _asked(ctx, "decision") and ctx.inputs.get("decision") not in {d.value for d in ListDecision}:
        problems.append(Problem("decision_unknown", gettext_noop("决定须为批准建设、不予批准或暂缓"), "decision"))
    app = ctx.inputs.get("application")
    if isinstance(app, int) and app not in {c.application_id for c in _list(ctx).candidates}:
        problems.append(Problem("not_in_list", gettext_noop("该申报不在本批次名单中"), "application"))
    return problems


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _list_counts(ctx) -> dict:
    facts = _list(ctx)
    approved = sum(1 for d in facts.decisions.values() if d is ListDecision.APPROVE)
    return {"approved": approved, "others": len(facts.decisions) - approved}


NOTICE_DAYS = Input("notice_days", gettext_noop("公示天数"), InputKind.INT, minimum=1, maximum=NOTICE_DAYS_MAX)
DECIDED = Input("application", gettext_noop("申报"), InputKind.INT, required=True, minimum=1)
DECISION = Input("decision", gettext_noop("决定"), required=True, max_length=20)
DOCUMENT_NUMBER = Input("document_number", gettext_noop("发文字号"), required=True, max_length=40)
DOCUMENT_DATE = Input("document_date", gettext_noop("成文日期"), required=True, max_length=10)  # YYYY-MM-DD

APPROVAL_LIST = Workflow(
    kind="approval_list",
    label=gettext_noop("批准建设名单"),
    states=ApprovalListState,
    state_labels={ApprovalListState.DRAFT: gettext_noop("拟定中"), ApprovalListState.ON_NOTICE: gettext_noop("公示中"),
                  ApprovalListState.FINAL: gettext_noop("已发文")},
    transitions=(
        Transition("draft", pgettext("programme action", "拟定名单"), (None,), ApprovalListState.DRAFT, MINISTRY,
                   guards=(has_candidates,), effects=("create_entries",), stage=Stage.PUBLIC_NOTICE),
        Transition("decide", pgettext("programme action", "调整名单决定"), (ApprovalListState.DRAFT,), ApprovalListState.DRAFT,
                   MINISTRY, guards=(decision_known,), inputs=(DECIDED, DECISION, OPTIONAL_REASON), effects=("store_decision",),
                   stage=Stage.PUBLIC_NOTICE),
        Transition("publish_notice", pgettext("programme action", "发布公示"), (ApprovalListState.DRAFT,),
                   ApprovalListState.ON_NOTICE, MINISTRY, guards=(decisions_reasoned, inspections_done),
                   inputs=(NOTICE_DAYS,), effects=("start_notice",), notify=(Role.PROVINCIAL_OFFICER,),
                   stage=Stage.PUBLIC_NOTICE,
                   consequence=gettext_noop("名单（拟批准%(approved)d个）将在公示页面向社会公开，公示期内任何人可提出异议；公示期间不能修改名单。"),
                   consequence_params=_list_counts),
        Transition("withdraw_notice", pgettext("programme action", "撤回公示"), (ApprovalListState.ON_NOTICE,),
                   ApprovalListState.DRAFT, MINISTRY, inputs=(REQUIRED_REASON,), effects=("end_notice",),
                   stage=Stage.PUBLIC_NOTICE,
                   consequence=gettext_noop("公示页面将撤下，名单回到拟定中；重新公示时公示期重新计算。")),
        Transition("finalise", pgettext("programme action", "发文公布"), (ApprovalListState.ON_NOTICE,), ApprovalListState.FINAL,
                   MINISTRY, guards=(notice_over, no_open_objections, document_valid),
                   inputs=(DOCUMENT_NUMBER, DOCUMENT_DATE), effects=("decide_applications",),
                   notify=(Role.PROVINCIAL_OFFICER, Role.COUNTY_OFFICER), stage=Stage.PUBLICATION,
                   consequence=gettext_noop("%(approved)d个县（市）批准建设并进入建设期，其余%(others)d个未获批准或暂缓；发文后名单不能再改。"),
                   consequence_params=_list_counts),
    ),
    initial=None,
    description=gettext_noop("一个批次的批准建设名单：科技部拟定，公示，期满且异议处理完毕后发文公布"),
)  # fmt: skip


# --- objections (公示期异议) --------------------------------------------------------------------------------
class ObjectionState(StrEnum):
    LODGED = "lodged"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class ObjectionOutcome(StrEnum):
    REMOVE = "remove"
    HOLD = "hold"

    @property
    def label(self) -> str:
        return {"remove": gettext_noop("移出名单"), "hold": gettext_noop("暂缓批准")}[self.value]


@check("名单在公示中，今天在公示期内（含首尾两日）")
def within_notice(ctx) -> list[Problem]:
    notice = _fact(ctx, "notice")
    if _fact(ctx, "list_on_notice") and notice is not None and notice.open_on(ctx.today):
        return []
    return [Problem("notice_closed", gettext_noop("当前不在公示期内，不能提出异议"))]


@check("名单仍在公示中")
def list_on_notice(ctx) -> list[Problem]:
    if _fact(ctx, "list_on_notice"):
        return []
    return [Problem("list_not_on_notice", gettext_noop("名单已不在公示中，不能再处理异议"))]


@check("处理方式为移出名单或暂缓批准")
def outcome_known(ctx) -> list[Problem]:
    if _asked(ctx, "outcome") or ctx.inputs.get("outcome") in {o.value for o in ObjectionOutcome}:
        return []
    return [Problem("outcome_unknown", gettext_noop("异议成立时须选择处理方式：移出名单或暂缓批准"), "outcome")]


OBJECTION = Workflow(
    kind="objection",
    label=gettext_noop("公示异议"),
    states=ObjectionState,
    state_labels={ObjectionState.LODGED: gettext_noop("待处理"), ObjectionState.UPHELD: gettext_noop("异议成立"),
                  ObjectionState.DISMISSED: gettext_noop("异议不成立")},
    transitions=(
        Transition("lodge", pgettext("programme action", "提出异议"), (None,), ObjectionState.LODGED, SYSTEM,
                   guards=(within_notice,), notify=(Role.MINISTRY_OFFICER,), stage=Stage.PUBLIC_NOTICE),
        Transition("uphold", pgettext("programme action", "异议成立"), (ObjectionState.LODGED,), ObjectionState.UPHELD, MINISTRY,
                   guards=(list_on_notice, outcome_known),
                   inputs=(REQUIRED_REASON, Input("outcome", gettext_noop("处理方式"), required=True, max_length=10)),
                   effects=("apply_objection",), stage=Stage.PUBLIC_NOTICE,
                   consequence=gettext_noop("该县（市）将移出批准建设名单或暂缓批准，理由记入名单。")),
        Transition("dismiss", pgettext("programme action", "异议不成立"), (ObjectionState.LODGED,), ObjectionState.DISMISSED,
                   MINISTRY, guards=(list_on_notice,), inputs=(REQUIRED_REASON,), stage=Stage.PUBLIC_NOTICE),
    ),
    initial=None,
    description=gettext_noop("公示期内社会公众对名单中县（市）提出的异议，科技部核实后认定成立或不成立"),
)  # fmt: skip
