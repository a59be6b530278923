"""Lifecycle I of a county application, declared in one table: :data:`TRANSITIONS`.

Every transition names who may perform it (role, scoped to the application's county, its province or
the nation), the states it leaves and the state it reaches, the stage of the batch it belongs to (the
batch must include that stage), the inputs it requires (e.g. a reason) and its guards. :func:`check`
answers "may this happen, and if not, why?"; :func:`perform` also says what to record and whom to
notify. Order of checks: role and scope first (a stranger learns nothing else), then the state and
the stage, then every input and guard together, so all reasons are listed at once.

``submit_recommendation_list`` acts on a province's whole list: it moves every recommended
application of that province to ``forwarded`` (the adapter applies it to each) and locks the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .context import Role, Scope, TransitionContext
from .guards import (
    Guard,
    Refusal,
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
    priorities_contiguous,
    priority_in_range,
    quota_available,
    recommendation_list_open,
    recommendation_window_open,
    single_application,
    theme_offered,
    unit_type_eligible,
)
from .problems import Decision, Problem
from .stages import Stage
from .states import ApplicationState as S

INPUT_LABELS = {
    "reason": "理由",
    "response": "修改说明",
    "priority": "推荐顺序",
    "failed_items": "未通过的审查项",
    "eligibility_reason": "推荐不符合申报条件县（市）的理由",
}


# Optional inputs that a guard demands in some cases (the form asks for them when it applies).
GUARD_REQUIRED_INPUTS = frozenset({"eligibility_reason"})


class Subject(StrEnum):
    APPLICATION = "application"  # one application
    PROVINCE_LIST = "province_list"  # every recommended application of one province


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    from_states: tuple[S | None, ...]  # None: the application does not exist yet
    to_state: S
    role: Role
    scope: Scope
    stage: Stage
    guards: tuple[Guard, ...] = ()
    required_inputs: tuple[str, ...] = ()
    optional_inputs: tuple[str, ...] = ()
    notify: tuple[Role, ...] = ()
    subject: Subject = Subject.APPLICATION


COUNTY, PROVINCE, NATION = Scope.COUNTY, Scope.PROVINCE, Scope.NATION
COUNTY_OFFICER, PROVINCIAL_OFFICER, MINISTRY_OFFICER = (
    Role.COUNTY_OFFICER,
    Role.PROVINCIAL_OFFICER,
    Role.MINISTRY_OFFICER,
)
_EDITING = (batch_open, application_window_open, theme_offered)
_PROVINCE_DECIDING = (batch_open, recommendation_window_open, recommendation_list_open)

# fmt: off
TRANSITIONS: tuple[Transition, ...] = (
    # 申报 — the county, during the application window
    Transition("create_draft", "创建申报", (None,), S.DRAFT, COUNTY_OFFICER, COUNTY, Stage.APPLICATION,
               guards=(*_EDITING, unit_type_eligible, single_application)),
    Transition("save_draft", "保存草稿", (S.DRAFT,), S.DRAFT, COUNTY_OFFICER, COUNTY, Stage.APPLICATION,
               guards=_EDITING),
    Transition("submit", "提交申报", (S.DRAFT,), S.SUBMITTED, COUNTY_OFFICER, COUNTY, Stage.APPLICATION,
               guards=(*_EDITING, unit_type_eligible, application_complete, eligibility_gate), notify=(PROVINCIAL_OFFICER,)),
    Transition("withdraw", "撤回申报", (S.DRAFT, S.SUBMITTED, S.RETURNED_BY_PROVINCE, S.RECOMMENDED),
               S.WITHDRAWN, COUNTY_OFFICER, COUNTY, Stage.APPLICATION,
               guards=(batch_active,), optional_inputs=("reason",), notify=(PROVINCIAL_OFFICER,)),
    # 答复退回 — the county answers the province's return while the province can still decide
    Transition("save_revision", "保存修改", (S.RETURNED_BY_PROVINCE,), S.RETURNED_BY_PROVINCE,
               COUNTY_OFFICER, COUNTY, Stage.APPLICATION,
               guards=(batch_open, recommendation_window_open, recommendation_list_open, theme_offered)),
    Transition("resubmit", "修改后重新提交", (S.RETURNED_BY_PROVINCE,), S.SUBMITTED,
               COUNTY_OFFICER, COUNTY, Stage.APPLICATION,
               guards=(*_PROVINCE_DECIDING, unit_type_eligible, theme_offered, application_complete, eligibility_gate),
               required_inputs=("response",), notify=(PROVINCIAL_OFFICER,)),
    # 地方推荐 — the provincial S&T department
    Transition("return_for_revision", "退回修改", (S.SUBMITTED,), S.RETURNED_BY_PROVINCE,
               PROVINCIAL_OFFICER, PROVINCE, Stage.RECOMMENDATION,
               guards=_PROVINCE_DECIDING, required_inputs=("reason",), notify=(COUNTY_OFFICER,)),
    Transition("reject", "不予推荐", (S.SUBMITTED, S.RETURNED_BY_PROVINCE), S.REJECTED_BY_PROVINCE,
               PROVINCIAL_OFFICER, PROVINCE, Stage.RECOMMENDATION,
               guards=_PROVINCE_DECIDING, required_inputs=("reason",), notify=(COUNTY_OFFICER,)),
    Transition("recommend", "推荐", (S.SUBMITTED,), S.RECOMMENDED, PROVINCIAL_OFFICER, PROVINCE,
               Stage.RECOMMENDATION, guards=(*_PROVINCE_DECIDING, quota_available, priority_in_range, eligibility_gate, eligibility_reason_given),
               optional_inputs=("priority", "eligibility_reason"), notify=(COUNTY_OFFICER,)),
    Transition("withdraw_recommendation", "撤销推荐", (S.RECOMMENDED,), S.SUBMITTED,
               PROVINCIAL_OFFICER, PROVINCE, Stage.RECOMMENDATION,
               guards=_PROVINCE_DECIDING, optional_inputs=("reason",), notify=(COUNTY_OFFICER,)),
    Transition("submit_recommendation_list", "报送推荐名单", (S.RECOMMENDED,), S.FORWARDED,
               PROVINCIAL_OFFICER, PROVINCE, Stage.RECOMMENDATION,
               guards=(*_PROVINCE_DECIDING, no_undecided_applications, list_not_empty, list_within_quota,
                       priorities_contiguous),
               notify=(MINISTRY_OFFICER, COUNTY_OFFICER), subject=Subject.PROVINCE_LIST),
    # 形式审查 — the ministry
    Transition("pass_formal_review", "形式审查通过", (S.FORWARDED,), S.FORMAL_REVIEW_PASSED,
               MINISTRY_OFFICER, NATION, Stage.FORMAL_REVIEW,
               guards=(batch_active, formal_review_checklist_passed),
               notify=(COUNTY_OFFICER, PROVINCIAL_OFFICER)),
    Transition("fail_formal_review", "形式审查不通过", (S.FORWARDED,), S.FORMAL_REVIEW_FAILED,
               MINISTRY_OFFICER, NATION, Stage.FORMAL_REVIEW, guards=(batch_active,),
               required_inputs=("reason",), optional_inputs=("failed_items",),
               notify=(COUNTY_OFFICER, PROVINCIAL_OFFICER)),
    # 数据评价 — the ministry marks who goes on to the experts (only in batches with this stage)
    Transition("select_for_consultation", "确定进入专家评议", (S.FORMAL_REVIEW_PASSED, S.NOT_SELECTED),
               S.SELECTED_FOR_CONSULTATION, MINISTRY_OFFICER, NATION, Stage.DATA_EVALUATION,
               guards=(batch_active, data_evaluation_open)),
    Transition("mark_not_selected", "确定不进入专家评议", (S.FORMAL_REVIEW_PASSED, S.SELECTED_FOR_CONSULTATION),
               S.NOT_SELECTED, MINISTRY_OFFICER, NATION, Stage.DATA_EVALUATION,
               guards=(batch_active, data_evaluation_open), optional_inputs=("reason",)),
)
# fmt: on
WORKFLOW: Mapping[str, Transition] = {t.name: t for t in TRANSITIONS}
assert len(WORKFLOW) == len(TRANSITIONS), "transition names must be unique"


def transition(name: str) -> Transition:
    return WORKFLOW[name]


def transitions_from(state: S | None) -> tuple[Transition, ...]:
    """Transitions declared from ``state`` (whether or not a given actor may perform them)."""
    return tuple(t for t in TRANSITIONS if state in t.from_states)


@dataclass(frozen=True)
class Recipient:
    """Whom to notify: officers of ``role`` for the given county / province (None: nation-wide)."""

    role: Role
    province_code: str | None = None
    county_code: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The result of :func:`perform`: refused (with reasons) or the state change to apply and record."""

    transition: str
    label: str
    decision: Decision
    from_state: S | None = None
    to_state: S | None = None
    notify: tuple[Recipient, ...] = ()
    audit: Mapping[str, Any] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def reasons(self) -> tuple[Problem, ...]:
        return self.decision.reasons

    def require(self) -> Outcome:
        """Return self if allowed, else raise :class:`TransitionRefused` (handy inside a transaction)."""
        if not self.allowed:
            raise TransitionRefused(self)
        return self


class TransitionRefused(Exception):
    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        super().__init__("；".join(outcome.decision.messages))


def _refused(*problems: Problem) -> Decision:
    return Decision(False, tuple(problems))


def _permission(t: Transition, ctx: TransitionContext) -> list[Problem]:
    grants = ctx.actor.grants_for(t.role)
    if not grants:
        return [Problem(Refusal.WRONG_ROLE, f"「{t.label}」须由{t.role.label}办理")]
    if t.scope is Scope.NATION:
        return []
    if t.scope is Scope.COUNTY:
        wanted, held = ctx.subject_county_code, {g.county_code for g in grants}
    else:
        wanted, held = ctx.subject_province_code, {g.province_code for g in grants}
    if wanted is not None and wanted in held:
        return []
    return [Problem(Refusal.WRONG_SCOPE, f"您只能办理{t.scope.label}的事项，此申报不在您的管辖范围内")]


def _state(t: Transition, ctx: TransitionContext) -> list[Problem]:
    if t.subject is Subject.PROVINCE_LIST:
        return []
    state = ctx.application.state if ctx.application is not None else None
    if state in t.from_states:
        return []
    current = state.label if state is not None else "尚未创建"
    allowed = "、".join(s.label if s is not None else "尚未创建" for s in t.from_states)
    return [
        Problem(Refusal.WRONG_STATE, f"申报当前状态为「{current}」，不能「{t.label}」（须为：{allowed}）")
    ]


def _stage(t: Transition, ctx: TransitionContext) -> list[Problem]:
    if t.stage in ctx.batch.stages:
        return []
    return [Problem(Refusal.STAGE_NOT_IN_BATCH, f"批次「{ctx.batch.name}」不设「{t.stage.label}」环节")]


def _inputs(t: Transition, ctx: TransitionContext) -> list[Problem]:
    problems = []
    for name in t.required_inputs:
        value = ctx.inputs.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            label = INPUT_LABELS.get(name, name)
            problems.append(Problem(f"missing_{name}", f"「{t.label}」须填写{label}", name))
    return problems


def check(name: str, ctx: TransitionContext) -> Decision:
    """May ``ctx.actor`` perform transition ``name`` now? If not, every reason why."""
    t = WORKFLOW.get(name)
    if t is None:
        return _refused(Problem(Refusal.UNKNOWN_TRANSITION, f"未知的操作：{name}"))
    for step in (_permission, _state, _stage):
        problems = step(t, ctx)
        if problems:
            return _refused(*problems)
    problems = _inputs(t, ctx)
    for g in t.guards:
        problems.extend(g(ctx))
    return Decision.from_problems(problems)


def perform(name: str, ctx: TransitionContext) -> Outcome:
    """Check, then say what to do: the new state, the audit record and whom to notify.

    Nothing is changed here; the adapter applies ``to_state`` (to every recommended application of
    the province for a list-level transition), writes ``audit`` and sends to ``notify``, in one
    transaction.
    """
    decision = check(name, ctx)
    t = WORKFLOW.get(name)
    if t is None or not decision.allowed:
        return Outcome(name, t.label if t else name, decision)
    from_state = ctx.application.state if ctx.application is not None else t.from_states[0]
    return Outcome(
        transition=name,
        label=t.label,
        decision=decision,
        from_state=from_state,
        to_state=t.to_state,
        notify=_recipients(t, ctx),
        audit=_audit(t, ctx, from_state),
    )


def available(ctx: TransitionContext, names: Iterable[str] | None = None) -> tuple[Transition, ...]:
    """The transitions ``ctx.actor`` may perform right now (for the buttons of a page).

    Transitions that need inputs are checked as if the inputs were given: the form asks for them.
    """
    wanted = [WORKFLOW[n] for n in names] if names is not None else list(TRANSITIONS)
    out = []
    for t in wanted:
        asked = (*t.required_inputs, *(n for n in t.optional_inputs if n in GUARD_REQUIRED_INPUTS))
        placeholder = dict.fromkeys(asked, "…")
        trial = replace(ctx, inputs={**placeholder, **ctx.inputs})
        if check(t.name, trial).allowed:
            out.append(t)
    return tuple(out)


def _recipients(t: Transition, ctx: TransitionContext) -> tuple[Recipient, ...]:
    out = []
    for role in t.notify:
        if role is Role.COUNTY_OFFICER:
            out.append(Recipient(role, ctx.subject_province_code, ctx.subject_county_code))
        elif role is Role.PROVINCIAL_OFFICER:
            out.append(Recipient(role, ctx.subject_province_code))
        else:
            out.append(Recipient(role))
    return tuple(out)


def _audit(t: Transition, ctx: TransitionContext, from_state: S | None) -> dict[str, Any]:
    names = (*t.required_inputs, *t.optional_inputs)
    return {
        "transition": t.name,
        "label": t.label,
        "from_state": from_state.value if from_state is not None else None,
        "to_state": t.to_state.value,
        "subject": t.subject.value,
        "actor_user_id": ctx.actor.user_id,
        "actor_role": t.role.value,
        "county_code": ctx.subject_county_code,
        "province_code": ctx.subject_province_code,
        "date": ctx.today.isoformat(),
        "inputs": {name: ctx.inputs[name] for name in names if name in ctx.inputs},
    }
