"""What the Django adapter tells the core before asking "may this actor do this?".

The adapter fills a :class:`TransitionContext` from the database: who acts (:class:`Actor` with scoped
:class:`RoleGrant`s), the batch (:class:`BatchSnapshot`), the application (:class:`ApplicationSnapshot`),
the province's recommendation list (:class:`ProvinceListSnapshot`), today's date in China and the
user's inputs (e.g. ``{"reason": "..."}``). Everything is a plain frozen value; nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from .deadlines import Window
from .plans import ALL_THEMES, ConstructionPlan, Theme
from .problems import gettext_noop
from .stages import StageSequence
from .states import ApplicationState


class Role(StrEnum):
    """The platform's roles; values match ``accounts.Role``."""

    COUNTY_OFFICER = "county_officer"
    PROVINCIAL_OFFICER = "provincial_officer"
    MINISTRY_OFFICER = "ministry_officer"
    EXPERT = "expert"
    AUDITOR = "auditor"
    SYSTEM = "system"  # the platform itself (a background job); never a person's role

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.COUNTY_OFFICER: "县（市）",
    Role.PROVINCIAL_OFFICER: "省级科技管理部门",
    Role.MINISTRY_OFFICER: "科技部",
    Role.EXPERT: "评审专家",
    Role.AUDITOR: "审计员",
    Role.SYSTEM: "系统（后台任务）",
}


class Scope(StrEnum):
    """How a transition's actor must relate to the subject: its county, its province, the nation, or
    assigned to this very subject (an expert). ``machine.Relation`` is this enum."""

    COUNTY = "county"
    PROVINCE = "province"
    NATION = "nation"
    ASSIGNED = "assigned"

    @property
    def label(self) -> str:
        return {"county": "本县（市）", "province": "本省", "nation": "全国", "assigned": "分配给本人"}[self.value]


@dataclass(frozen=True)
class RoleGrant:
    """One role of the actor, with its scope: a county code for a county officer, a province code
    (2 digits) for a provincial officer, neither for the ministry, experts and auditors."""

    role: Role
    province_code: str | None = None
    county_code: str | None = None


@dataclass(frozen=True)
class Actor:
    grants: tuple[RoleGrant, ...]
    user_id: Any = None
    name: str = ""

    def grants_for(self, role: Role) -> tuple[RoleGrant, ...]:
        return tuple(g for g in self.grants if g.role == role)

    def has_role(self, role: Role) -> bool:
        return bool(self.grants_for(role))


class BatchStatus(StrEnum):
    DRAFT = "draft"  # being prepared by the ministry; nobody else acts
    OPEN = "open"  # call published: counties and provinces act, subject to the dates
    CLOSED = "closed"  # call closed: only the ministry's screening continues
    ARCHIVED = "archived"  # read-only

    @property
    def label(self) -> str:
        return {"draft": gettext_noop("筹备中"), "open": gettext_noop("进行中"), "closed": gettext_noop("已截止"),
                "archived": gettext_noop("已归档")}[self.value]


# County-level unit types (MCA classification) eligible by default: every kind except 市辖区.
DEFAULT_ELIGIBLE_UNIT_TYPES: frozenset[str] = frozenset(
    {"县", "县级市", "自治县", "旗", "自治旗", "林区", "特区"}
)


class EligibilityRule(StrEnum):
    """What the monitoring test "位居本省前列" (申报条件) means for a batch's applications."""

    GATE = "gate"  # an ineligible county cannot submit, nor be recommended
    WARNING = "warning"  # the province may recommend an ineligible county only with a stated reason
    OFF = "off"  # shown for information only

    @property
    def label(self) -> str:
        return _ELIGIBILITY_RULE_LABELS[self]


_ELIGIBILITY_RULE_LABELS = {
    EligibilityRule.GATE: "硬性条件：不符合的县（市）不能提交申报",
    EligibilityRule.WARNING: "提示：省级推荐不符合的县（市）须说明理由，理由报科技部",
    EligibilityRule.OFF: "仅供参考：不影响申报和推荐",
}


@dataclass(frozen=True)
class BatchSnapshot:
    """The batch (批次) as the rules need it.

    ``recommendation_closes``: last day a province may decide and submit its list (inclusive); None
    means no date beyond the list being submitted. ``quotas``: province code → number of
    recommendations allowed. ``construction_years``: the calendar years the plans must schedule (see
    :func:`~innocounty.programme.deadlines.reporting_years`).
    """

    name: str
    status: BatchStatus
    stages: StageSequence
    application_window: Window
    construction_years: tuple[int, ...]
    quotas: Mapping[str, int] = field(default_factory=dict)
    recommendation_closes: date | None = None
    themes: frozenset[Theme] = ALL_THEMES
    eligible_unit_types: frozenset[str] = DEFAULT_ELIGIBLE_UNIT_TYPES
    data_evaluation_closed: bool = False
    eligibility_rule: EligibilityRule = EligibilityRule.OFF

    def quota_for(self, province_code: str) -> int | None:
        return self.quotas.get(province_code)

    @property
    def evaluation_state(self):
        from .states import DataEvaluationState

        return DataEvaluationState.CLOSED if self.data_evaluation_closed else DataEvaluationState.OPEN


@dataclass(frozen=True)
class ApplicationSnapshot:
    """The application (申报). ``state`` is None for one not created yet (``create_draft``).

    ``recommendation_priority`` is the province's ordering (1 = first) once recommended.
    ``eligible``: the county's result of "位居本省前列" in the batch's monitoring run (None: not judged),
    with ``eligibility_reason`` the run's sentence explaining it.
    """

    county_code: str
    province_code: str
    unit_type: str
    state: ApplicationState | None
    plan: ConstructionPlan = field(default_factory=ConstructionPlan)
    recommendation_priority: int | None = None
    application_id: Any = None
    eligible: bool | None = None
    eligibility_reason: str = ""


@dataclass(frozen=True)
class ProvinceListSnapshot:
    """One province's recommendation list in the batch.

    ``undecided_count``: the province's applications still waiting for its decision (submitted or
    returned for revision). ``priorities``: the priorities of the recommended applications.
    """

    province_code: str
    recommended_count: int = 0
    undecided_count: int = 0
    submitted: bool = False
    priorities: tuple[int, ...] = ()

    @property
    def state(self):
        from .states import ProvinceListState

        return ProvinceListState.SUBMITTED if self.submitted else ProvinceListState.OPEN


@dataclass(frozen=True)
class TransitionContext:
    """Everything a transition check needs. ``application`` is None only for the province-list act;
    ``province`` is needed for the province's acts (recommend, submit the list) and is otherwise
    used when present (a recommended application cannot be withdrawn from a locked list)."""

    actor: Actor
    batch: BatchSnapshot
    today: date
    application: ApplicationSnapshot | None = None
    province: ProvinceListSnapshot | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    county_has_other_application: bool = False  # another live application of this county in this batch
    via: str | None = None  # the list-level act driving this transition (``province_list.submit``), if any
    list_subject: bool = False  # the subject is the province's list, not one application

    @property
    def subject_state(self):
        if self.list_subject:
            return self.province.state if self.province is not None else None
        return self.application.state if self.application is not None else None

    @property
    def subject_assignees(self) -> frozenset:
        return frozenset()

    @property
    def subject_province_code(self) -> str | None:
        if self.application is not None:
            return self.application.province_code
        return self.province.province_code if self.province is not None else None

    @property
    def subject_county_code(self) -> str | None:
        if self.list_subject:
            return None
        return self.application.county_code if self.application is not None else None
