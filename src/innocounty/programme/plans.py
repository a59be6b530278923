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

from .problems import Msg, Problem, gettext_noop, warning
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
    Theme.INDUSTRY: gettext_noop("科技支撑产业发展"),
    Theme.ECOLOGY: gettext_noop("科技支撑生态文明"),
    Theme.LIVELIHOOD: gettext_noop("科技支撑民生改善"),
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
    KeyTask.POLICY_IMPLEMENTATION: gettext_noop("抓创新创业政策落地"),
    KeyTask.RESOURCE_AGGLOMERATION: gettext_noop("抓创新创业要素集聚"),
    KeyTask.TECHNOLOGY_TRANSFER: gettext_noop("抓科技成果转移转化"),
    KeyTask.LEADING_INDUSTRY: gettext_noop("抓主导产业创新发展"),
    KeyTask.PUBLIC_BENEFIT: gettext_noop("抓科技创新为民惠民"),
    KeyTask.INSTITUTIONAL_INNOVATION: gettext_noop("抓体制机制全面创新"),
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
    PlanSection.BASIS: gettext_noop("建设基础"),
    PlanSection.APPROACH_AND_GOALS: gettext_noop("思路目标"),
    PlanSection.POSITIONING: gettext_noop("建设定位"),
    PlanSection.TASKS: gettext_noop("建设任务"),
    PlanSection.SCHEDULE: gettext_noop("进度安排"),
    PlanSection.ORGANISATION: gettext_noop("组织管理与运行机制"),
    PlanSection.POLICIES_AND_SAFEGUARDS: gettext_noop("配套政策与保障措施"),
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
        problems.append(
            Problem("theme_missing", gettext_noop("未选择建设主题（须选择且只能选择一个）"), "theme")
        )
    problems += _section_problems(plan, rules)
    problems += _key_task_problems(plan, rules)
    problems += _milestone_problems(plan, construction_years, rules)
    problems += _target_problems(plan, construction_years, rules)
    return problems


def _section_problems(plan: ConstructionPlan, rules: PlanRules) -> list[Problem]:
    problems = []
    for section in PlanSection:
        path = f"sections.{section.value}"
        title = {"section": Msg(section.title)}
        length = text_length(plan.sections.get(section.value))
        rule = rules.length_rule(section.value)
        if length == 0:
            problems.append(
                Problem("section_missing", gettext_noop("「%(section)s」未填写"), path, params=title)
            )
        elif length < rule.min_chars:
            problems.append(
                Problem(
                    "section_too_short",
                    gettext_noop("「%(section)s」正文不少于%(min)d字（当前%(length)d字）"),
                    path,
                    params={**title, "min": rule.min_chars, "length": length},
                )
            )
        elif length > rule.max_chars:
            problems.append(
                Problem(
                    "section_too_long",
                    gettext_noop("「%(section)s」正文不超过%(max)d字（当前%(length)d字）"),
                    path,
                    params={**title, "max": rule.max_chars, "length": length},
                )
            )
    return problems


def _key_task_problems(plan: ConstructionPlan, rules: PlanRules) -> list[Problem]:
    problems = []
    known = {task.value for task in KeyTask}
    for key in sorted(set(plan.key_tasks) - known):
        problems.append(Problem("key_task_unknown", gettext_noop("未知的重点任务：%(task)s"), f"key_tasks.{key}",
                                params={"task": key}))  # fmt: skip
    for task in KeyTask:
        path = f"key_tasks.{task.value}"
        length = text_length(plan.key_tasks.get(task.value))
        if length == 0:
            problems.append(Problem("key_task_missing", gettext_noop("未说明重点任务「%(task)s」的落实安排"), path,
                                    params={"task": Msg(task.label)}))  # fmt: skip
        elif length < rules.key_task_min_chars:
            problems.append(
                Problem(
                    "key_task_too_short",
                    gettext_noop("重点任务「%(task)s」的说明不少于%(min)d字（当前%(length)d字）"),
                    path,
                    params={"task": Msg(task.label), "min": rules.key_task_min_chars, "length": length},
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
            params = {"n": i + 1, "year": milestone.year}
            if years:
                message = gettext_noop("第%(n)d个节点的年份%(year)s不在建设期（%(first)s—%(last)s年）内")
                params |= {"first": min(years), "last": max(years)}
            else:
                message = gettext_noop("第%(n)d个节点的年份%(year)s不在建设期（未设定）内")
            problems.append(Problem("milestone_outside_period", message, path, params=params))
        if text_length(milestone.text) < rules.milestone_min_chars:
            problems.append(
                Problem(
                    "milestone_empty",
                    gettext_noop("第%(n)d个节点（%(year)s年）缺少具体内容"),
                    path,
                    params={"n": i + 1, "year": milestone.year},
                )
            )
    described = {m.year for m in plan.milestones if text_length(m.text) >= rules.milestone_min_chars}
    for year in construction_years:
        if year not in described:
            problems.append(
                Problem(
                    "milestones_missing_for_year",
                    gettext_noop("进度安排缺少%(year)s年度的节点目标"),
                    f"milestones.{year}",
                    params={"year": year},
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
                gettext_noop("量化目标不少于%(min)d项（当前%(count)d项）"),
                "targets",
                params={"min": rules.min_targets, "count": len(plan.targets)},
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
    about = _Indicator(target.indicator_name or code, i + 1)
    problems: list[Problem] = []
    if not code:
        problems.append(
            Problem(
                "target_indicator_missing",
                gettext_noop("第%(n)d项量化目标未选择指标"),
                f"{path}.indicator_code",
                params={"n": i + 1},
            )
        )
    elif rules.known_indicator_codes is not None and code not in rules.known_indicator_codes:
        problems.append(
            Problem(
                "target_indicator_unknown",
                gettext_noop("指标「%(code)s」不在监测指标体系中"),
                f"{path}.indicator_code",
                params={"code": code},
            )
        )
    if code and counts[code] > 1:
        problems.append(  # a code is there, so the indicator has a name
            Problem(
                "target_duplicate",
                gettext_noop("指标「%(name)s」的量化目标重复填写"),
                f"{path}.indicator_code",
                params={"name": about.name},
            )
        )
    if target.baseline is None:
        problems.append(
            about.problem(
                "target_baseline_missing",
                gettext_noop("指标「%(name)s」缺少基期值"),
                gettext_noop("指标「第%(n)d项」缺少基期值"),
                f"{path}.baseline",
            )
        )
    for year in sorted(set(target.values) - set(construction_years)):
        problems.append(
            about.problem(
                "target_year_outside_period",
                gettext_noop("指标「%(name)s」的%(year)s年目标不在建设期内"),
                gettext_noop("指标「第%(n)d项」的%(year)s年目标不在建设期内"),
                f"{path}.values.{year}",
                year=year,
            )
        )
    for year in construction_years:
        if target.values.get(year) is None:
            problems.append(
                about.problem(
                    "target_value_missing",
                    gettext_noop("指标「%(name)s」缺少%(year)s年目标值"),
                    gettext_noop("指标「第%(n)d项」缺少%(year)s年目标值"),
                    f"{path}.values.{year}",
                    year=year,
                )
            )
    problems += _direction_warnings(target, construction_years, about, path)
    return problems


@dataclass(frozen=True)
class _Indicator:
    """How a target's problems name its indicator: by name (or code), else by its place in the list."""

    name: str
    n: int

    def problem(
        self, code: str, named: str, numbered: str, path: str, warn: bool = False, **params
    ) -> Problem:
        message, params = (
            (named, {"name": self.name, **params}) if self.name else (numbered, {"n": self.n, **params})
        )
        return warning(code, message, path, params) if warn else Problem(code, message, path, params=params)


# fmt: off
_NOT_IMPROVING = {  # (named, numbered) for each direction
    1: (gettext_noop("指标「%(name)s」%(year)s年目标（%(value)s）未高于基期值（%(baseline)s），请核实"),
        gettext_noop("指标「第%(n)d项」%(year)s年目标（%(value)s）未高于基期值（%(baseline)s），请核实")),
    -1: (gettext_noop("指标「%(name)s」%(year)s年目标（%(value)s）未低于基期值（%(baseline)s），请核实"),
         gettext_noop("指标「第%(n)d项」%(year)s年目标（%(value)s）未低于基期值（%(baseline)s），请核实")),
}
# fmt: on


def _direction_warnings(
    target: QuantitativeTarget, construction_years: Sequence[int], about: _Indicator, path: str
) -> list[Problem]:
    """Targets should improve on the baseline and not fall back year on year (warnings only)."""
    better = 1 if target.direction is Direction.HIGHER_IS_BETTER else -1
    problems = []
    previous = target.baseline
    for year in construction_years:
        value = target.values.get(year)
        if value is None:
            continue
        if target.baseline is not None and (value - target.baseline) * better <= 0:
            problems.append(
                about.problem(
                    "target_not_improving",
                    *_NOT_IMPROVING[better],
                    f"{path}.values.{year}",
                    warn=True,
                    year=year,
                    value=f"{value:g}",
                    baseline=f"{target.baseline:g}",
                )
            )
        elif previous is not None and (value - previous) * better < 0:
            problems.append(
                about.problem(
                    "target_regresses",
                    gettext_noop(
                        "指标「%(name)s」%(year)s年目标（%(value)s）较上一年度目标（%(previous)s）倒退，请核实"
                    ),
                    gettext_noop(
                        "指标「第%(n)d项」%(year)s年目标（%(value)s）较上一年度目标（%(previous)s）倒退，请核实"
                    ),
                    f"{path}.values.{year}",
                    warn=True,
                    year=year,
                    value=f"{value:g}",
                    previous=f"{previous:g}",
                )
            )
        previous = value
    return problems


def missing_sections(plan: ConstructionPlan) -> list[PlanSection]:
    """The required sections that are missing entirely (formal review checks presence, not length)."""
    return [s for s in PlanSection if not html_to_text(plan.sections.get(s.value))]
