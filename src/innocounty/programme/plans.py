"""The construction plan (建设方案): themes, key tasks, the seven sections, milestones, targets.

:func:`completeness` lists **every** missing or faulty part at once, each with a field path and a
Chinese message, so a county sees the whole list on submit. Warnings (e.g. a target that does not
improve on its baseline) never block.

Field paths: ``theme``, ``sections.<section>``, ``key_tasks.<task>``, ``milestones.<year>``,
``milestones[<i>]``, ``targets``, ``targets[<i>].indicator_code``, ``targets[<i>].baseline``,
``targets[<i>].values.<year>``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .problems import Problem, warning
from .text import html_to_text, text_length


class Theme(StrEnum):
    """建设主题: the county picks exactly one (guideline §三)."""

    INDUSTRY = "industry"
    ECOLOGY = "ecology"
    LIVELIHOOD = "livelihood"

    @property
    def label(self) -> str:
        return _THEME_LABELS[self]


_THEME_LABELS = {
    Theme.INDUSTRY: "科技支撑产业发展",
    Theme.ECOLOGY: "科技支撑生态文明",
    Theme.LIVELIHOOD: "科技支撑民生改善",
}
ALL_THEMES: frozenset[Theme] = frozenset(Theme)


class KeyTask(StrEnum):
    """重点任务: the guideline's six task areas, in its order."""

    POLICY_IMPLEMENTATION = "policy_implementation"
    RESOURCE_AGGLOMERATION = "resource_agglomeration"
    TECHNOLOGY_TRANSFER = "technology_transfer"
    LEADING_INDUSTRY = "leading_industry"
    PUBLIC_BENEFIT = "public_benefit"
    INSTITUTIONAL_INNOVATION = "institutional_innovation"

    @property
    def label(self) -> str:
        return _KEY_TASK_LABELS[self]


_KEY_TASK_LABELS = {
    KeyTask.POLICY_IMPLEMENTATION: "抓创新创业政策落地",
    KeyTask.RESOURCE_AGGLOMERATION: "抓创新创业要素集聚",
    KeyTask.TECHNOLOGY_TRANSFER: "抓科技成果转移转化",
    KeyTask.LEADING_INDUSTRY: "抓主导产业创新发展",
    KeyTask.PUBLIC_BENEFIT: "抓科技创新为民惠民",
    KeyTask.INSTITUTIONAL_INNOVATION: "抓体制机制全面创新",
}


class PlanSection(StrEnum):
    """The seven sections the guideline lists (§四(二)); the list ends with 等, so extras are allowed."""

    BASIS = "basis"
    APPROACH_AND_GOALS = "approach_and_goals"
    POSITIONING = "positioning"
    TASKS = "tasks"
    SCHEDULE = "schedule"
    ORGANISATION = "organisation"
    POLICIES_AND_SAFEGUARDS = "policies_and_safeguards"

    @property
    def title(self) -> str:
        return _SECTION_TITLES[self]


_SECTION_TITLES = {
    PlanSection.BASIS: "建设基础",
    PlanSection.APPROACH_AND_GOALS: "思路目标",
    PlanSection.POSITIONING: "建设定位",
    PlanSection.TASKS: "建设任务",
    PlanSection.SCHEDULE: "进度安排",
    PlanSection.ORGANISATION: "组织管理与运行机制",
    PlanSection.POLICIES_AND_SAFEGUARDS: "配套政策与保障措施",
}


def section_title(key: str) -> str:
    """The Chinese title of a required section, or the key itself for an extra section."""
    try:
        return PlanSection(key).title
    except ValueError:
        return key


class Direction(StrEnum):
    """Which way an indicator improves."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


@dataclass(frozen=True)
class Milestone:
    """A milestone of the schedule (进度安排) in one calendar year of the construction period."""

    year: int
    text: str


@dataclass(frozen=True)
class QuantitativeTarget:
    """A quantified target for one monitoring indicator: a baseline and a value per construction year."""

    indicator_code: str
    baseline: float | None
    values: Mapping[int, float] = field(default_factory=dict)
    direction: Direction = Direction.HIGHER_IS_BETTER
    baseline_year: int | None = None
    indicator_name: str = ""


@dataclass(frozen=True)
class ConstructionPlan:
    """One version of an application's content: the theme and the plan written around it.

    ``sections`` maps a section identifier to rich text (HTML); ``key_tasks`` maps a key-task identifier
    to how the plan covers it (plain text or HTML).
    """

    theme: Theme | None = None
    sections: Mapping[str, str] = field(default_factory=dict)
    key_tasks: Mapping[str, str] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()
    targets: tuple[QuantitativeTarget, ...] = ()


@dataclass(frozen=True)
class LengthRule:
    """Length of visible text (HTML stripped, whitespace not counted), both bounds inclusive."""

    min_chars: int
    max_chars: int


@dataclass(frozen=True)
class PlanRules:
    """The configurable rules of :func:`completeness`. Defaults are the platform's choice, not official."""

    section_length: LengthRule = LengthRule(200, 20_000)
    section_length_overrides: Mapping[str, LengthRule] = field(default_factory=dict)
    key_task_min_chars: int = 20
    milestone_min_chars: int = 4
    min_targets: int = 3
    known_indicator_codes: frozenset[str] | None = None  # None: do not check against a framework

    def length_rule(self, section: str) -> LengthRule:
        return self.section_length_overrides.get(section, self.section_length)


DEFAULT_PLAN_RULES = PlanRules()


def completeness(
    plan: ConstructionPlan,
    *,
    construction_years: Sequence[int],
    rules: PlanRules = DEFAULT_PLAN_RULES,
) -> list[Problem]:
    """Every missing or faulty part of ``plan`` (errors) and every doubtful one (warnings), in plan order."""
    problems: list[Problem] = []
    if plan.theme is None:
        problems.append(Problem("theme_missing", "未选择建设主题（须选择且只能选择一个）", "theme"))
    problems += _section_problems(plan, rules)
    problems += _key_task_problems(plan, rules)
    problems += _milestone_problems(plan, construction_years, rules)
    problems += _target_problems(plan, construction_years, rules)
    return problems


def _section_problems(plan: ConstructionPlan, rules: PlanRules) -> list[Problem]:
    problems = []
    for section in PlanSection:
        path = f"sections.{section.value}"
        length = text_length(plan.sections.get(section.value))
        rule = rules.length_rule(section.value)
        if length == 0:
            problems.append(Problem("section_missing", f"「{section.title}」未填写", path))
        elif length < rule.min_chars:
            problems.append(
                Problem(
                    "section_too_short",
                    f"「{section.title}」正文不少于{rule.min_chars}字（当前{length}字）",
                    path,
                )
            )
        elif length > rule.max_chars:
            problems.append(
                Problem(
                    "section_too_long",
                    f"「{section.title}」正文不超过{rule.max_chars}字（当前{length}字）",
                    path,
                )
            )
    return problems


def _key_task_problems(plan: ConstructionPlan, rules: PlanRules) -> list[Problem]:
    problems = []
    known = {task.value for task in KeyTask}
    for key in sorted(set(plan.key_tasks) - known):
        problems.append(Problem("key_task_unknown", f"未知的重点任务：{key}", f"key_tasks.{key}"))
    for task in KeyTask:
        path = f"key_tasks.{task.value}"
        length = text_length(plan.key_tasks.get(task.value))
        if length == 0:
            problems.append(Problem("key_task_missing", f"未说明重点任务「{task.label}」的落实安排", path))
        elif length < rules.key_task_min_chars:
            problems.append(
                Problem(
                    "key_task_too_short",
                    f"重点任务「{task.label}」的说明不少于{rules.key_task_min_chars}字（当前{length}字）",
                    path,
                )
            )
    return problems


def _milestone_problems(
    plan: ConstructionPlan, construction_years: Sequence[int], rules: PlanRules
) -> list[Problem]:
    problems = []
    years = set(construction_years)
    for i, milestone in enumerate(plan.milestones):
        path = f"milestones[{i}]"
        if milestone.year not in years:
            problems.append(
                Problem(
                    "milestone_outside_period",
                    f"第{i + 1}个节点的年份{milestone.year}不在建设期（{_years_text(construction_years)}）内",
                    path,
                )
            )
        if text_length(milestone.text) < rules.milestone_min_chars:
            problems.append(
                Problem("milestone_empty", f"第{i + 1}个节点（{milestone.year}年）缺少具体内容", path)
            )
    described = {m.year for m in plan.milestones if text_length(m.text) >= rules.milestone_min_chars}
    for year in construction_years:
        if year not in described:
            problems.append(
                Problem(
                    "milestones_missing_for_year", f"进度安排缺少{year}年度的节点目标", f"milestones.{year}"
                )
            )
    return problems


def _target_problems(
    plan: ConstructionPlan, construction_years: Sequence[int], rules: PlanRules
) -> list[Problem]:
    problems: list[Problem] = []
    if len(plan.targets) < rules.min_targets:
        problems.append(
            Problem(
                "targets_too_few",
                f"量化目标不少于{rules.min_targets}项（当前{len(plan.targets)}项）",
                "targets",
            )
        )
    counts = Counter(t.indicator_code.strip() for t in plan.targets)
    for i, target in enumerate(plan.targets):
        problems += _one_target_problems(i, target, construction_years, rules, counts)
    return problems


def _one_target_problems(
    i: int,
    target: QuantitativeTarget,
    construction_years: Sequence[int],
    rules: PlanRules,
    counts: Counter,
) -> list[Problem]:
    path = f"targets[{i}]"
    code = target.indicator_code.strip()
    name = target.indicator_name or code or f"第{i + 1}项"
    problems: list[Problem] = []
    if not code:
        problems.append(
            Problem("target_indicator_missing", f"第{i + 1}项量化目标未选择指标", f"{path}.indicator_code")
        )
    elif rules.known_indicator_codes is not None and code not in rules.known_indicator_codes:
        problems.append(
            Problem("target_indicator_unknown", f"指标「{code}」不在监测指标体系中", f"{path}.indicator_code")
        )
    if code and counts[code] > 1:
        problems.append(
            Problem("target_duplicate", f"指标「{name}」的量化目标重复填写", f"{path}.indicator_code")
        )
    if target.baseline is None:
        problems.append(Problem("target_baseline_missing", f"指标「{name}」缺少基期值", f"{path}.baseline"))
    for year in sorted(set(target.values) - set(construction_years)):
        problems.append(
            Problem(
                "target_year_outside_period",
                f"指标「{name}」的{year}年目标不在建设期内",
                f"{path}.values.{year}",
            )
        )
    for year in construction_years:
        if target.values.get(year) is None:
            problems.append(
                Problem("target_value_missing", f"指标「{name}」缺少{year}年目标值", f"{path}.values.{year}")
            )
    problems += _direction_warnings(target, construction_years, name, path)
    return problems


def _direction_warnings(
    target: QuantitativeTarget, construction_years: Sequence[int], name: str, path: str
) -> list[Problem]:
    """Targets should improve on the baseline and not fall back year on year (warnings only)."""
    better = 1 if target.direction is Direction.HIGHER_IS_BETTER else -1
    wording = "高于" if better == 1 else "低于"
    problems = []
    previous = target.baseline
    for year in construction_years:
        value = target.values.get(year)
        if value is None:
            continue
        if target.baseline is not None and (value - target.baseline) * better <= 0:
            problems.append(
                warning(
                    "target_not_improving",
                    f"指标「{name}」{year}年目标（{value:g}）未{wording}基期值（{target.baseline:g}），请核实",
                    f"{path}.values.{year}",
                )
            )
        elif previous is not None and (value - previous) * better < 0:
            problems.append(
                warning(
                    "target_regresses",
                    f"指标「{name}」{year}年目标（{value:g}）较上一年度目标（{previous:g}）倒退，请核实",
                    f"{path}.values.{year}",
                )
            )
        previous = value
    return problems


def _years_text(years: Sequence[int]) -> str:
    years = list(years)
    if not years:
        return "未设定"
    return f"{min(years)}—{max(years)}年"


def missing_sections(plan: ConstructionPlan) -> list[PlanSection]:
    """The required sections that are missing entirely (formal review checks presence, not length)."""
    return [s for s in PlanSection if not html_to_text(plan.sections.get(s.value))]
