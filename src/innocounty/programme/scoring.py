"""Consultation scoring (咨询评议评分): the rubric, one review's total, a panel's aggregation.

**The default rubric** follows the plan's structure (guideline §四(二)) and its six key tasks (§三): one
criterion per plan section, except 建设任务, which the guideline spells out as the six key tasks and is
scored as those six. Each criterion is scored 0–10; weights sum to 100:

    建设基础 10 · 思路目标 10 · 建设定位 8 · six key tasks 8 each (48) · 进度安排 8 ·
    组织管理与运行机制 8 · 配套政策与保障措施 8

The ministry may change criteria, weights and score ranges per batch (:func:`rubric_problems` says what
is wrong with a proposed rubric).

**A review's total** is on 0–100: ``100 · Σ wᵢ·(sᵢ − minᵢ)/(maxᵢ − minᵢ) / Σ wᵢ``.

**A panel's aggregation** (:func:`summarise`) over the submitted totals: n in (of n expected), mean,
trimmed mean (drop ⌊n·trim⌋ lowest and as many highest, default trim 0.2: with 5 reviews the lowest and the
highest go; with fewer than 5 nothing goes), sample standard deviation (n − 1; None below 2), minimum,
maximum, and the count of each recommendation.

**Disagreement** (:class:`DisagreementRule`): with at least two reviews in, the panel disagrees strongly
when the range (max − min) exceeds ``max_range`` (default 20 points), or the SD exceeds ``max_sd``
(default 10 points), or one expert recommends approval while another recommends rejection.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .plans import KeyTask, PlanSection
from .problems import Msg, Problem, gettext_noop

MAX_CRITERIA = 40
SCORE_LIMIT = 1000  # |score bounds| of any criterion
WEIGHT_LIMIT = 1000
COMMENT_MAX = 2000


class Recommendation(StrEnum):
    APPROVE = "approve"
    APPROVE_AFTER_REVISION = "approve_after_revision"
    REJECT = "reject"

    @property
    def label(self) -> str:
        return RECOMMENDATION_LABELS[self]


RECOMMENDATION_LABELS = {
    Recommendation.APPROVE: gettext_noop("建议批准"),
    Recommendation.APPROVE_AFTER_REVISION: gettext_noop("修改后批准"),
    Recommendation.REJECT: gettext_noop("不建议批准"),
}


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric. ``ref``: the plan section or key task it scores ("sections.basis",
    "key_tasks.leading_industry") or "" for a criterion of the ministry's own."""

    code: str
    label: str
    weight: float
    min_score: float = 0.0
    max_score: float = 10.0
    ref: str = ""
    guidance: str = ""

    def as_json(self) -> dict:
        return {"code": self.code, "label": self.label, "weight": self.weight, "min_score": self.min_score,
                "max_score": self.max_score, "ref": self.ref, "guidance": self.guidance}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping) -> Criterion:
        return cls(str(data["code"]), str(data["label"]), float(data["weight"]), float(data.get("min_score", 0)),
                   float(data.get("max_score", 10)), str(data.get("ref", "")), str(data.get("guidance", "")))  # fmt: skip


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]

    def as_json(self) -> list[dict]:
        return [c.as_json() for c in self.criteria]

    @classmethod
    def from_json(cls, data: Sequence[Mapping]) -> Rubric:
        return cls(tuple(Criterion.from_json(d) for d in data))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)


_SECTION_WEIGHTS = {
    PlanSection.BASIS: 10, PlanSection.APPROACH_AND_GOALS: 10, PlanSection.POSITIONING: 8,
    PlanSection.SCHEDULE: 8, PlanSection.ORGANISATION: 8, PlanSection.POLICIES_AND_SAFEGUARDS: 8,
}  # fmt: skip
_GUIDANCE = {
    PlanSection.BASIS: gettext_noop("创新基础、主导产业和监测评价位置是否清楚、有数据支撑"),
    PlanSection.APPROACH_AND_GOALS: gettext_noop("思路是否清晰，目标是否量化、可考核、与建设主题相符"),
    PlanSection.POSITIONING: gettext_noop("定位是否符合本县（市）实际和所选建设主题"),
    PlanSection.SCHEDULE: gettext_noop("建设期各年度节点是否明确、可行"),
    PlanSection.ORGANISATION: gettext_noop("领导机构、责任分工和运行机制是否落实"),
    PlanSection.POLICIES_AND_SAFEGUARDS: gettext_noop("资金、人才、用地等配套政策是否具体、有保障"),
}
KEY_TASK_WEIGHT = 8


def _default_criteria() -> tuple[Criterion, ...]:
    out: list[Criterion] = []
    for section in PlanSection:
        if section is PlanSection.TASKS:  # scored as the six key tasks
            for task in KeyTask:
                out.append(Criterion(f"task_{task.value}", task.label, KEY_TASK_WEIGHT, ref=f"key_tasks.{task.value}",
                                     guidance=gettext_noop("任务是否具体、有抓手、有量化目标")))  # fmt: skip
            continue
        out.append(Criterion(f"section_{section.value}", section.title, _SECTION_WEIGHTS[section],
                             ref=f"sections.{section.value}", guidance=_GUIDANCE[section]))  # fmt: skip
    return tuple(out)


DEFAULT_RUBRIC = Rubric(_default_criteria())


def rubric_problems(rubric: Rubric) -> list[Problem]:
    """Everything wrong with a rubric the ministry proposes (each problem names the criterion's index)."""
    problems: list[Problem] = []
    if not rubric.criteria:
        return [Problem("rubric_empty", gettext_noop("评分标准至少须有一项"), "criteria")]
    if len(rubric.criteria) > MAX_CRITERIA:
        problems.append(Problem("rubric_too_long", gettext_noop("评分标准最多%(max)d项"), "criteria",
                                params={"max": MAX_CRITERIA}))  # fmt: skip
    seen: set[str] = set()
    for i, c in enumerate(rubric.criteria):
        path = f"criteria[{i}]"
        if not c.code or not c.code.replace("_", "").isalnum() or not c.code.isascii() or len(c.code) > 40:
            problems.append(Problem("criterion_code", gettext_noop("第%(n)d项的代码须为字母、数字或下划线（至多40个）"),
                                    f"{path}.code", params={"n": i + 1}))  # fmt: skip
        elif c.code in seen:
            problems.append(Problem("criterion_duplicate", gettext_noop("第%(n)d项的代码与前面重复"), f"{path}.code",
                                    params={"n": i + 1}))  # fmt: skip
        seen.add(c.code)
        if not c.label.strip() or len(c.label) > 100:
            problems.append(Problem("criterion_label", gettext_noop("第%(n)d项须有名称（至多100字）"), f"{path}.label",
                                    params={"n": i + 1}))  # fmt: skip
        numbers = (c.weight, c.min_score, c.max_score)
        if not all(math.isfinite(x) for x in numbers):
            problems.append(Problem("criterion_number", gettext_noop("第%(n)d项的权重和分值须为有限数"), path,
                                    params={"n": i + 1}))  # fmt: skip
            continue
        if not 0 < c.weight <= WEIGHT_LIMIT:
            problems.append(Problem("criterion_weight", gettext_noop("第%(n)d项的权重须大于0且不超过%(max)d"),
                                    f"{path}.weight", params={"n": i + 1, "max": WEIGHT_LIMIT}))  # fmt: skip
        if not -SCORE_LIMIT <= c.min_score < c.max_score <= SCORE_LIMIT:
            problems.append(Problem("criterion_range", gettext_noop("第%(n)d项的最低分须小于最高分（均在±%(max)d之内）"),
                                    f"{path}.max_score", params={"n": i + 1, "max": SCORE_LIMIT}))  # fmt: skip
    return problems


def review_problems(rubric: Rubric, scores: Mapping[str, float | None], recommendation: str | None,
                    comments: Mapping[str, str] | None = None) -> list[Problem]:  # fmt: skip
    """What keeps a review from being submitted: every missing or out-of-range score, the recommendation."""
    problems: list[Problem] = []
    for c in rubric.criteria:
        value = scores.get(c.code)
        path = f"scores.{c.code}"
        if value is None:
            problems.append(Problem("score_missing", gettext_noop("「%(criterion)s」尚未评分"), path,
                                    params={"criterion": c.label}))  # fmt: skip
        elif not (
            isinstance(value, int | float) and math.isfinite(value) and c.min_score <= value <= c.max_score
        ):
            problems.append(Problem("score_out_of_range", gettext_noop("「%(criterion)s」的评分须在%(low)s至%(high)s之间"),
                                    path, params={"criterion": c.label, "low": _num(c.min_score),
                                                  "high": _num(c.max_score)}))  # fmt: skip
    for code, text in (comments or {}).items():
        if len(text or "") > COMMENT_MAX:
            problems.append(Problem("comment_too_long", gettext_noop("意见不能超过%(max)d字"), f"comments.{code}",
                                    params={"max": COMMENT_MAX}))  # fmt: skip
    if recommendation not in Recommendation._value2member_map_:
        problems.append(Problem("recommendation_missing", gettext_noop("请选择总体建议（%(choices)s）"), "recommendation",
                                params={"choices": Msg(gettext_noop("建议批准、修改后批准或不建议批准"))}))  # fmt: skip
    return problems


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def total_score(rubric: Rubric, scores: Mapping[str, float]) -> float:
    """The review's total on 0–100 (see the module); criteria without a score count as their minimum."""
    weights = sum(c.weight for c in rubric.criteria)
    if weights <= 0:
        return 0.0
    acc = 0.0
    for c in rubric.criteria:
        value = scores.get(c.code)
        value = c.min_score if value is None else min(max(float(value), c.min_score), c.max_score)
        acc += c.weight * (value - c.min_score) / (c.max_score - c.min_score)
    return 100.0 * acc / weights


@dataclass(frozen=True)
class DisagreementRule:
    max_range: float = 20.0
    max_sd: float = 10.0
    split_recommendation: bool = True  # approve and reject on the same panel


@dataclass(frozen=True)
class PanelSummary:
    n_expected: int
    n_in: int
    mean: float | None
    trimmed_mean: float | None
    sd: float | None
    minimum: float | None
    maximum: float | None
    disagreement: bool
    recommendations: dict[str, int] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()  # which disagreement tests fired: "range", "sd", "recommendation"

    @property
    def complete(self) -> bool:
        return self.n_in >= self.n_expected > 0

    @property
    def range(self) -> float | None:
        return None if self.minimum is None else self.maximum - self.minimum


def trimmed_mean(values: Sequence[float], trim: float = 0.2) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = int(math.floor(len(ordered) * trim + 1e-9))
    if 2 * k >= len(ordered):
        k = (len(ordered) - 1) // 2
    kept = ordered[k : len(ordered) - k]
    return math.fsum(kept) / len(kept)


def sample_sd(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))


def summarise(totals: Iterable[float], recommendations: Iterable[str], n_expected: int,
              rule: DisagreementRule = DisagreementRule(), trim: float = 0.2) -> PanelSummary:  # fmt: skip
    """The panel's aggregation over the submitted reviews' totals (see the module)."""
    values = [float(v) for v in totals]
    counts = {r.value: 0 for r in Recommendation}
    for r in recommendations:
        if r in counts:
            counts[r] += 1
    if not values:
        return PanelSummary(n_expected, 0, None, None, None, None, None, False, counts)
    mean = math.fsum(values) / len(values)
    sd = sample_sd(values)
    low, high = min(values), max(values)
    reasons = []
    if len(values) >= 2:
        if high - low > rule.max_range:
            reasons.append("range")
        if sd is not None and sd > rule.max_sd:
            reasons.append("sd")
        if rule.split_recommendation and counts["approve"] and counts["reject"]:
            reasons.append("recommendation")
    return PanelSummary(n_expected, len(values), mean, trimmed_mean(values, trim), sd, low, high, bool(reasons),
                        counts, tuple(reasons))  # fmt: skip
