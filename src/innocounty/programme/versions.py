"""Compare two versions of an application's plan, section by section (difflib, no HTML in the diff).

Entries come in plan order: the theme, the seven sections, any extra sections, the six key tasks,
the milestones of each year, then the targets by indicator. Each entry says unchanged / changed /
added / removed and carries a unified line diff and an inline (character-level) diff of the
visible text, ready for a template to colour.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .plans import ConstructionPlan, Direction, KeyTask, PlanSection, QuantitativeTarget, section_title
from .text import html_to_text


class ChangeStatus(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {"unchanged": "未修改", "changed": "已修改", "added": "新增", "removed": "删除"}[self.value]


class InlineOp(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class InlineSegment:
    op: InlineOp
    text: str


@dataclass(frozen=True)
class SectionDiff:
    key: str  # e.g. "theme", "sections.basis", "key_tasks.technology_transfer", "milestones.2020"
    title: str
    status: ChangeStatus
    before: str
    after: str
    unified: str
    inline: tuple[InlineSegment, ...]


@dataclass(frozen=True)
class PlanComparison:
    entries: tuple[SectionDiff, ...]

    @property
    def changed(self) -> tuple[SectionDiff, ...]:
        return tuple(e for e in self.entries if e.status is not ChangeStatus.UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return bool(self.changed)

    def __getitem__(self, key: str) -> SectionDiff:
        for entry in self.entries:
            if entry.key == key:
                return entry
        raise KeyError(key)


def compare_versions(
    before: ConstructionPlan,
    after: ConstructionPlan,
    *,
    before_name: str = "旧版本",
    after_name: str = "新版本",
) -> PlanComparison:
    """Section-by-section differences from ``before`` to ``after``."""
    old, new = _as_texts(before), _as_texts(after)
    keys = list(old) + [k for k in new if k not in old]
    entries = []
    for key in sorted(keys, key=lambda k: _order(k, keys)):
        title, a = old.get(key, (None, ""))
        title_b, b = new.get(key, (None, ""))
        entries.append(_diff(key, title or title_b or key, a, b, before_name, after_name))
    return PlanComparison(tuple(entries))


def _diff(key: str, title: str, a: str, b: str, before_name: str, after_name: str) -> SectionDiff:
    if a == b:
        status = ChangeStatus.UNCHANGED
    elif not a:
        status = ChangeStatus.ADDED
    elif not b:
        status = ChangeStatus.REMOVED
    else:
        status = ChangeStatus.CHANGED
    unified = ""
    if status is not ChangeStatus.UNCHANGED:
        unified = "\n".join(
            difflib.unified_diff(
                a.splitlines(), b.splitlines(), f"{before_name} {title}", f"{after_name} {title}", lineterm=""
            )
        )
    return SectionDiff(key, title, status, a, b, unified, inline_diff(a, b))


def inline_diff(a: str, b: str) -> tuple[InlineSegment, ...]:
    """Character-level diff (Chinese has no word spaces), merged into runs of equal/insert/delete."""
    segments: list[InlineSegment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(InlineSegment(InlineOp.EQUAL, a[i1:i2]))
            continue
        if i2 > i1:
            segments.append(InlineSegment(InlineOp.DELETE, a[i1:i2]))
        if j2 > j1:
            segments.append(InlineSegment(InlineOp.INSERT, b[j1:j2]))
    return tuple(segments)


def _as_texts(plan: ConstructionPlan) -> dict[str, tuple[str, str]]:
    """Every comparable part of a plan as key → (title, visible text); empty parts are left out."""
    parts: dict[str, tuple[str, str]] = {}
    if plan.theme is not None:
        parts["theme"] = ("建设主题", plan.theme.label)
    for key, html in plan.sections.items():
        text = html_to_text(html)
        if text:
            parts[f"sections.{key}"] = (section_title(key), text)
    for task in KeyTask:
        text = html_to_text(plan.key_tasks.get(task.value))
        if text:
            parts[f"key_tasks.{task.value}"] = (f"重点任务：{task.label}", text)
    for year in sorted({m.year for m in plan.milestones}):
        lines = [html_to_text(m.text) for m in plan.milestones if m.year == year]
        parts[f"milestones.{year}"] = (f"进度安排：{year}年", "\n".join(line for line in lines if line))
    for target in plan.targets:
        code = target.indicator_code.strip()
        parts[f"targets.{code}"] = (f"量化目标：{target.indicator_name or code}", _target_text(target))
    return parts


def _target_text(target: QuantitativeTarget) -> str:
    baseline = "—" if target.baseline is None else f"{target.baseline:g}"
    lines = [f"基期值：{baseline}"] + [f"{year}年：{target.values[year]:g}" for year in sorted(target.values)]
    lines.append("方向：越高越好" if target.direction is Direction.HIGHER_IS_BETTER else "方向：越低越好")
    return "\n".join(lines)


_GROUP_ORDER = ("theme", "sections", "key_tasks", "milestones", "targets")
_SECTION_ORDER = {s.value: i for i, s in enumerate(PlanSection)}
_TASK_ORDER = {t.value: i for i, t in enumerate(KeyTask)}


def _order(key: str, keys: Iterable[str]) -> tuple:
    group, _, rest = key.partition(".")
    rank = _GROUP_ORDER.index(group)
    if group == "sections":
        return (rank, _SECTION_ORDER.get(rest, len(_SECTION_ORDER)), rest)
    if group == "key_tasks":
        return (rank, _TASK_ORDER[rest], rest)
    if group == "milestones":
        return (rank, int(rest), rest)
    if group == "targets":
        return (rank, list(keys).index(key), rest)
    return (rank, 0, rest)
