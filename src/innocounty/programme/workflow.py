"""The programme's workflows on the machine (:mod:`innocounty.programme.machine`), one table each.

- :data:`APPLICATION` — a county's application (申报) from draft to data evaluation;
- :data:`PROVINCE_LIST` — a province's recommendation list (推荐名单) in a batch: a subject of its own. Its
  ``submit`` checks every item of the list and, through the effect ``forward_recommended``, moves each
  recommended application on with the application's ``forward`` — which is declared ``driven_by`` the list
  and so can never run on one application by itself;
- :data:`DATA_EVALUATION` — the ministry's data evaluation of a batch (open → closed);
- the batch's own lifecycle is in :mod:`innocounty.programme.batch_lifecycle`.

Check order (the machine's): actor rule, state, preconditions (the batch has the stage), then every
input and guard together, so all reasons are listed at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .context import Role, Scope, TransitionContext
from .guards import (
    application_complete,
    application_window_open,
    batch_active,
    batch_open,
    data_evaluation_open,
    eligibility_gate,
    eligibility_reason_given,
    formal_review_checklist_passed,
    list_not_empty,
    list_within_quota,
    no_undecided_applications,
    no_undecided_consultation,
    priorities_contiguous,
    priority_in_range,
    quota_available,
    recommendation_list_open,
    recommendation_window_open,
    single_application,
    stage_in_batch,
    theme_offered,
    unit_type_eligible,
)
from .machine import (
    REASON,
    Input,
    InputKind,
    Outcome,
    Recipient,
    Relation,
    Transition,
    TransitionRefused,
    Workflow,
    by,
)
from .problems import Decision, gettext_noop, pgettext
from .stages import Stage
from .states import STATE_INFO, DataEvaluationState, ProvinceListState
from .states import ApplicationState as S

COUNTY_OFFICER, PROVINCIAL_OFFICER, MINISTRY_OFFICER = (
    Role.COUNTY_OFFICER,
    Role.PROVINCIAL_OFFICER,
    Role.MINISTRY_OFFICER,
)
COUNTY = by(COUNTY_OFFICER, Relation.COUNTY)
PROVINCE = by(PROVINCIAL_OFFICER, Relation.PROVINCE)
MINISTRY = by(MINISTRY_OFFICER, Relation.NATION)

RESPONSE = Input("response", gettext_noop("修改说明"), required=True)
PRIORITY = Input("priority", gettext_noop("推荐顺序"), InputKind.INT, minimum=1, maximum=100)
FAILED_ITEMS = Input("failed_items", gettext_noop("未通过的审查项"), InputKind.LIST, max_items=50)
APPLICATION_ID = Input("application", gettext_noop("申报"), InputKind.INT, required=True, minimum=1)
REQUIRED_REASON = Input("reason", gettext_noop("理由"), required=True)
# Asked for only when a guard needs it (recommending a county that is not eligible, under the "warning" rule).
ELIGIBILITY_REASON = Input("eligibility_reason", gettext_noop("推荐不符合申报条件县（市）的理由"), prompted=True)
INPUT_LABELS = {i.name: i.label for i in (REASON, RESPONSE, PRIORITY, FAILED_ITEMS, APPLICATION_ID, ELIGIBILITY_REASON)}

_EDITING = (batch_open, application_window_open, theme_offered)
_PROVINCE_DECIDING = (batch_open, recommendation_window_open, recommendation_list_open)
_APPLYING = (stage_in_batch(Stage.APPLICATION),)
_RECOMMENDING = (stage_in_batch(Stage.RECOMMENDATION),)
_FORMAL = (stage_in_batch(Stage.FORMAL_REVIEW),)
_DATA = (stage_in_batch(Stage.DATA_EVALUATION),)
# The applications an approval list is drawn from: selected for consultation (or, in a batch without data
# evaluation, passed formal review).
_LISTED = (S.SELECTED_FOR_CONSULTATION, S.FORMAL_REVIEW_PASSED)


def _t(name, label, sources, target, actors, pre, **kw) -> Transition:
    stage = {id(_APPLYING): Stage.APPLICATION, id(_RECOMMENDING): Stage.RECOMMENDATION,
             id(_FORMAL): Stage.FORMAL_REVIEW, id(_DATA): Stage.DATA_EVALUATION}[id(pre)]  # fmt: skip
    return Transition(name, label, sources, target, actors, preconditions=pre, stage=stage, **kw)


# fmt: off
APPLICATION_TRANSITIONS: tuple[Transition, ...] = (
    # 申报 — the county, during the application window
    _t("create_draft", pgettext("programme action", "创建申报"), (None,), S.DRAFT, COUNTY, _APPLYING,
       guards=(*_EDITING, unit_type_eligible, single_application)),
    _t("save_draft", pgettext("programme action", "保存草稿"), (S.DRAFT,), S.DRAFT, COUNTY, _APPLYING, guards=_EDITING),
    _t("submit", pgettext("programme action", "提交申报"), (S.DRAFT,), S.SUBMITTED, COUNTY, _APPLYING,
       guards=(*_EDITING, unit_type_eligible, application_complete, eligibility_gate), notify=(PROVINCIAL_OFFICER,),
       effects=("freeze_version",),
       consequence=gettext_noop("申报将报送省级科技管理部门，方案冻结为一个版本，提交后不能再修改（可撤回，或等省级退回后修改）。")),
    _t("withdraw", pgettext("programme action", "撤回申报"), (S.DRAFT, S.SUBMITTED, S.RETURNED_BY_PROVINCE, S.RECOMMENDED),
       S.WITHDRAWN, COUNTY, _APPLYING, guards=(batch_active,), inputs=(REASON,),
       notify=(PROVINCIAL_OFFICER,), effects=("leave_province_list",),
       consequence=gettext_noop("撤回后本申报终止，不能恢复；本批次如需再申报须重新创建。")),
    # 答复退回 — the county answers the province's return while the province can still decide
    _t("save_revision", pgettext("programme action", "保存修改"), (S.RETURNED_BY_PROVINCE,), S.RETURNED_BY_PROVINCE, COUNTY,
       _APPLYING, guards=(batch_open, recommendation_window_open, recommendation_list_open, theme_offered)),
    _t("resubmit", pgettext("programme action", "修改后重新提交"), (S.RETURNED_BY_PROVINCE,), S.SUBMITTED, COUNTY, _APPLYING,
       guards=(*_PROVINCE_DECIDING, unit_type_eligible, theme_offered, application_complete, eligibility_gate),
       inputs=(RESPONSE,), notify=(PROVINCIAL_OFFICER,), effects=("freeze_version",),
       consequence=gettext_noop("修改后的方案将再次报送省级科技管理部门，并冻结为新版本。")),
    # 地方推荐 — the provincial S&T department
    _t("return_for_revision", pgettext("programme action", "退回修改"), (S.SUBMITTED,), S.RETURNED_BY_PROVINCE, PROVINCE,
       _RECOMMENDING, guards=_PROVINCE_DECIDING, inputs=(REQUIRED_REASON,), notify=(COUNTY_OFFICER,)),
    _t("reject", pgettext("programme action", "不予推荐"), (S.SUBMITTED, S.RETURNED_BY_PROVINCE), S.REJECTED_BY_PROVINCE,
       PROVINCE, _RECOMMENDING, guards=_PROVINCE_DECIDING, inputs=(REQUIRED_REASON,), notify=(COUNTY_OFFICER,),
       consequence=gettext_noop("不予推荐是终止决定：该县（市）本批次的申报结束，不能恢复。")),
    _t("recommend", pgettext("programme action", "推荐"), (S.SUBMITTED,), S.RECOMMENDED, PROVINCE, _RECOMMENDING,
       guards=(*_PROVINCE_DECIDING, quota_available, priority_in_range, eligibility_gate, eligibility_reason_given),
       inputs=(PRIORITY, ELIGIBILITY_REASON),
       notify=(COUNTY_OFFICER,), effects=("join_province_list",)),
    _t("withdraw_recommendation", pgettext("programme action", "撤销推荐"), (S.RECOMMENDED,), S.SUBMITTED, PROVINCE,
       _RECOMMENDING, guards=_PROVINCE_DECIDING, inputs=(REASON,), notify=(COUNTY_OFFICER,),
       effects=("leave_province_list",)),
    _t("forward", pgettext("programme action", "随推荐名单报送"), (S.RECOMMENDED,), S.FORWARDED, PROVINCE, _RECOMMENDING,
       driven_by="province_list.submit"),
    # 形式审查 — the ministry
    _t("pass_formal_review", pgettext("programme action", "形式审查通过"), (S.FORWARDED,), S.FORMAL_REVIEW_PASSED, MINISTRY,
       _FORMAL, guards=(batch_active, formal_review_checklist_passed), notify=(COUNTY_OFFICER, PROVINCIAL_OFFICER),
       consequence=gettext_noop("审查结论将通知县（市）和省级科技管理部门，申报进入下一环节。")),
    _t("fail_formal_review", pgettext("programme action", "形式审查不通过"), (S.FORWARDED,), S.FORMAL_REVIEW_FAILED, MINISTRY,
       _FORMAL, guards=(batch_active,), inputs=(REQUIRED_REASON, FAILED_ITEMS),
       notify=(COUNTY_OFFICER, PROVINCIAL_OFFICER),
       consequence=gettext_noop("形式审查不通过是终止决定：该申报本批次结束，结论和理由通知县（市）和省级。")),
    # 数据评价 — the ministry marks who goes on to the experts (only in batches with this stage)
    _t("select_for_consultation", pgettext("programme action", "确定进入专家评议"), (S.FORMAL_REVIEW_PASSED, S.NOT_SELECTED),
       S.SELECTED_FOR_CONSULTATION, MINISTRY, _DATA, guards=(batch_active, data_evaluation_open)),
    _t("mark_not_selected", pgettext("programme action", "确定不进入专家评议"), (S.FORMAL_REVIEW_PASSED, S.SELECTED_FOR_CONSULTATION),
       S.NOT_SELECTED, MINISTRY, _DATA, guards=(batch_active, data_evaluation_open), inputs=(REASON,)),
    # 发文公布 — driven by the approval list's finalise (programme/approval.py), never on one application
    *(Transition(name, label, _LISTED, target, MINISTRY, preconditions=(stage_in_batch(Stage.PUBLICATION),),
                 stage=Stage.PUBLICATION, driven_by="approval_list.finalise", notify=(COUNTY_OFFICER,))
      for name, label, target in (("approve", pgettext("programme action", "批准建设"), S.APPROVED),
                                  ("not_approve", pgettext("programme action", "不予批准"), S.NOT_APPROVED),
                                  ("hold", pgettext("programme action", "暂缓批准"), S.HELD))),
)
# fmt: on

# Data evaluation is the ministry's internal step: counties and provinces see "形式审查通过" until the
# list of those going to the experts is published with the next stages.
_INTERNAL = {S.SELECTED_FOR_CONSULTATION: S.FORMAL_REVIEW_PASSED, S.NOT_SELECTED: S.FORMAL_REVIEW_PASSED}
INTERNAL_TRANSITIONS = frozenset({"select_for_consultation", "mark_not_selected"})

APPLICATION = Workflow(
    kind="application",
    label=gettext_noop("申报"),
    states=S,
    state_labels={state: info[0] for state, info in STATE_INFO.items()},
    transitions=APPLICATION_TRANSITIONS,
    initial=None,
    shown_as={COUNTY_OFFICER: _INTERNAL, PROVINCIAL_OFFICER: _INTERNAL, Role.EXPERT: _INTERNAL},
    hidden_transitions=dict.fromkeys((COUNTY_OFFICER, PROVINCIAL_OFFICER, Role.EXPERT), INTERNAL_TRANSITIONS),
    description=gettext_noop("县（市）的创新型县（市）建设申报，从草稿到数据评价"),
)


def _list_facts(ctx: TransitionContext) -> Mapping:
    p = ctx.province
    return {"count": p.recommended_count if p else 0}


# fmt: off
PROVINCE_LIST_TRANSITIONS: tuple[Transition, ...] = (
    Transition("reorder", pgettext("programme action", "调整推荐顺序"), (ProvinceListState.OPEN,), ProvinceListState.OPEN, PROVINCE,
               preconditions=_RECOMMENDING, guards=_PROVINCE_DECIDING, stage=Stage.RECOMMENDATION,
               inputs=(APPLICATION_ID, Input("priority", gettext_noop("推荐顺序"), InputKind.INT, required=True,
                                             minimum=1, maximum=100)),
               effects=("reorder_priorities",)),
    Transition("submit", pgettext("programme action", "报送推荐名单"), (ProvinceListState.OPEN,), ProvinceListState.SUBMITTED,
               PROVINCE, preconditions=_RECOMMENDING, stage=Stage.RECOMMENDATION,
               guards=(*_PROVINCE_DECIDING, no_undecided_applications, list_not_empty, list_within_quota,
                       priorities_contiguous),
               effects=("forward_recommended",), notify=(MINISTRY_OFFICER,),
               consequence=gettext_noop("本省%(count)d个拟推荐申报将按顺序报送科技部，名单随即锁定，不能再调整或撤销。"),
               consequence_params=_list_facts),
)
# fmt: on
PROVINCE_LIST = Workflow(
    kind="province_list",
    label=gettext_noop("推荐名单"),
    states=ProvinceListState,
    state_labels={ProvinceListState.OPEN: gettext_noop("编制中"), ProvinceListState.SUBMITTED: gettext_noop("已报送")},
    transitions=PROVINCE_LIST_TRANSITIONS,
    initial=ProvinceListState.OPEN,
    description=gettext_noop("一个省在一个批次的推荐名单（有排序），报送后锁定"),
)


def _evaluation_facts(ctx) -> Mapping:
    facts = ctx.facts or {}
    return {"selected": facts.get("selected", 0), "missing_lists": facts.get("missing_lists", 0),
            "days_left": facts.get("days_left", 0)}  # fmt: skip


DATA_EVALUATION = Workflow(
    kind="data_evaluation",
    label=gettext_noop("数据评价"),
    states=DataEvaluationState,
    state_labels={DataEvaluationState.OPEN: gettext_noop("进行中"), DataEvaluationState.CLOSED: gettext_noop("已结束")},
    transitions=(
        Transition("close", pgettext("programme action", "结束数据评价"), (DataEvaluationState.OPEN,), DataEvaluationState.CLOSED,
                   MINISTRY, preconditions=_DATA, guards=(no_undecided_consultation,), stage=Stage.DATA_EVALUATION,
                   consequence=gettext_noop("进入专家评议的%(selected)d份申报名单随即固定，不能再调整；仍有%(missing_lists)d个省"
                                            "未报送推荐名单，省级推荐截止尚余%(days_left)d天，之后报送的申报不再进入本批次数据评价。"),
                   consequence_params=_evaluation_facts),
    ),
    initial=DataEvaluationState.OPEN,
    description=gettext_noop("科技部对一个批次的数据评价，结束后进入专家评议名单固定"),
)

# --- compatibility with the table's first form (tests and the adapter read these names) -----------------
TRANSITIONS = APPLICATION_TRANSITIONS
WORKFLOW: Mapping[str, Transition] = APPLICATION.by_name


def transition(name: str) -> Transition:
    return WORKFLOW[name]


def transitions_from(state: S | None) -> tuple[Transition, ...]:
    return APPLICATION.transitions_from(state)


def check(name: str, ctx: TransitionContext) -> Decision:
    """May ``ctx.actor`` perform application transition ``name`` now? If not, every reason why."""
    return APPLICATION.check(name, ctx)


def perform(name: str, ctx: TransitionContext) -> Outcome:
    return APPLICATION.perform(name, ctx)


def available(ctx: TransitionContext, names: Iterable[str] | None = None) -> tuple[Transition, ...]:
    return APPLICATION.available(ctx, names)


__all__ = [
    "APPLICATION", "DATA_EVALUATION", "INTERNAL_TRANSITIONS", "PROVINCE_LIST", "TRANSITIONS", "WORKFLOW",
    "Outcome", "Recipient", "Scope", "Transition", "TransitionRefused", "available", "check", "perform",
    "transition", "transitions_from",
]  # fmt: skip
