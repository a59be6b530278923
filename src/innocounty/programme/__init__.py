"""The programme's rules as plain Python: stages, the application workflow, plans, quotas, deadlines.

No Django here (a test enforces it). The Django apps build a :class:`TransitionContext` from the
database, call :func:`check` / :func:`perform`, and apply the :class:`Outcome` (state change, audit
record, notifications) in one transaction. See ``docs/programme.md`` for the workflow table.
"""

from .balance import THREE_BELTS, BalanceEntry, Belt, RegionalBalance, Tally, belt_of, regional_balance
from .context import (
    DEFAULT_ELIGIBLE_UNIT_TYPES,
    Actor,
    ApplicationSnapshot,
    BatchSnapshot,
    BatchStatus,
    ProvinceListSnapshot,
    Role,
    RoleGrant,
    Scope,
    TransitionContext,
)
from .deadlines import (
    NOTICE_PERIOD_DAYS,
    ReportDeadline,
    Window,
    WindowStatus,
    annual_report_due,
    next_report_year,
    notice_period,
    report_schedule,
    reporting_years,
    today_in_china,
)
from .formal_review import ChecklistItem, formal_review_checklist
from .guards import Guard, MissingContext, Refusal
from .machine import ActorRule, Input, InputKind, Relation, SubjectContext, Workflow
from .plans import (
    ALL_THEMES,
    DEFAULT_PLAN_RULES,
    ConstructionPlan,
    Direction,
    KeyTask,
    LengthRule,
    Milestone,
    PlanRules,
    PlanSection,
    QuantitativeTarget,
    Theme,
    completeness,
    missing_sections,
)
from .problems import Decision, Msg, Problem, Severity, gettext_noop
from .quotas import PriorityList, QuotaError, priority_problems
from .stages import (
    CATALOGUE,
    FIRST_BATCH_2018,
    SECOND_BATCH_2023,
    InvalidStageSequence,
    Stage,
    StageSequence,
    StageStep,
    validate_stage_sequence,
)
from .states import ApplicationState, DataEvaluationState, ProvinceListState
from .text import html_to_text, text_length
from .versions import ChangeStatus, PlanComparison, SectionDiff, compare_versions
from .workflow import (
    APPLICATION,
    DATA_EVALUATION,
    PROVINCE_LIST,
    TRANSITIONS,
    WORKFLOW,
    Outcome,
    Recipient,
    Transition,
    TransitionRefused,
    available,
    check,
    perform,
    transitions_from,
)

__all__ = [
    "APPLICATION", "DATA_EVALUATION", "PROVINCE_LIST", "ActorRule", "DataEvaluationState", "Input", "InputKind",
    "Msg", "ProvinceListState", "Relation", "SubjectContext", "Workflow", "gettext_noop",
    "ALL_THEMES", "CATALOGUE", "DEFAULT_ELIGIBLE_UNIT_TYPES", "DEFAULT_PLAN_RULES", "FIRST_BATCH_2018",
    "NOTICE_PERIOD_DAYS", "SECOND_BATCH_2023", "THREE_BELTS", "TRANSITIONS", "WORKFLOW",
    "Actor", "ApplicationSnapshot", "ApplicationState", "BalanceEntry", "BatchSnapshot", "BatchStatus", "Belt",
    "ChangeStatus", "ChecklistItem", "ConstructionPlan", "Decision", "Direction", "Guard",
    "InvalidStageSequence", "KeyTask", "LengthRule", "Milestone", "MissingContext", "Outcome", "PlanComparison",
    "PlanRules", "PlanSection", "PriorityList", "Problem", "ProvinceListSnapshot", "QuantitativeTarget",
    "QuotaError", "Recipient", "Refusal", "RegionalBalance", "ReportDeadline", "Role", "RoleGrant", "Scope",
    "SectionDiff", "Severity", "Stage", "StageSequence", "StageStep", "Tally", "Theme", "Transition",
    "TransitionContext", "TransitionRefused", "Window", "WindowStatus",
    "annual_report_due", "available", "belt_of", "check", "compare_versions", "completeness",
    "formal_review_checklist", "html_to_text", "missing_sections", "next_report_year", "notice_period",
    "perform", "priority_problems", "regional_balance", "report_schedule", "reporting_years",
    "text_length", "today_in_china", "transitions_from", "validate_stage_sequence",
]  # fmt: skip
