"""Compare two versions of an application's plan, section by section (difflib, no HTML in the diff).

Entries come in plan order: the theme, the seven sections, any extra sections, the six key tasks,
the milestones of each year, then the targets by indicator. Each entry says unchanged / changed /
added / removed and carries a unified line diff and an inline diff of the visible text, ready for a
template to colour.

The inline diff compares **tokens**, not characters: a number (``2.5``, ``45000``, ``12%``,
``1,200``) and a Latin word are one token each, a CJK character or punctuation mark is one token, a
run of whitespace is one token. So 2.5 → 45000 reads "−2.5 +45000", never "2.45000".

Targets and milestones are also compared as tables (:class:`TableDiff`), cell by cell: one row per
indicator (baseline, each year's value, direction) and one row per construction year.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .plans import ConstructionPlan, Direction, KeyTask, PlanSection, QuantitativeTarget, section_title
from .problems import gettext_noop
from .text import html_to_text


class ChangeStatus(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {"unchanged": gettext_noop("未修改"), "changed": gettext_noop("已修改"), "added": gettext_noop("新增"),
                "removed": gettext_noop("删除")}[self.value]


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
class CellDiff:
    """One cell of a table comparison (``column`` is the column's title)."""

    column: str
    before: str
    after: str
    inline: tuple[InlineSegment, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class RowDiff:
    key: str  # indicator code, or the year of a milestone row
    title: str
    status: ChangeStatus
    cells: tuple[CellDiff, ...]


@dataclass(frozen=True)
class TableDiff:
    columns: tuple[str, ...] = ()
    rows: tuple[RowDiff, ...] = ()

    @property
    def changed(self) -> tuple[RowDiff, ...]:
        return tuple(r for r in self.rows if r.status is not ChangeStatus.UNCHANGED)


@dataclass(frozen=True)
class PlanComparison:
    entries: tuple[SectionDiff, ...]
    targets: TableDiff = TableDiff()
    milestones: TableDiff = TableDiff()

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
    return PlanComparison(tuple(entries), _target_table(before, after), _milestone_table(before, after))


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


# A number (with decimals, thousands separators, a percent or per-mille sign), a Latin word, a run of
# whitespace, or any other single character (each CJK character, each punctuation mark).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[%‰]?|[A-Za-z]+(?:['’-][A-Za-z]+)*|\s+|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    """``text`` cut into the tokens the inline diff compares; joined they give ``text`` back."""
    return _TOKEN.findall(text)


def inline_diff(a: str, b: str) -> tuple[InlineSegment, ...]:
    """Token-level diff (numbers and words whole, CJK per character), merged into runs of equal/insert/delete."""
    old, new = tokens(a), tokens(b)
    segments: list[InlineSegment] = []

    def add(op: InlineOp, parts: Sequence[str]) -> None:
        text = "".join(parts)
        if not text:
            return
        if segments and segments[-1].op is op:
            segments[-1] = InlineSegment(op, segments[-1].text + text)
        else:
            segments.append(InlineSegment(op, text))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(InlineOp.EQUAL, old[i1:i2])
            continue
        add(InlineOp.DELETE, old[i1:i2])
        add(InlineOp.INSERT, new[j1:j2])
    return tuple(segments)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _direction(target: QuantitativeTarget) -> str:
    return "越高越好" if target.direction is Direction.HIGHER_IS_BETTER else "越低越好"


def _row(
    key: str, title: str, columns: Sequence[str], old: Sequence[str] | None, new: Sequence[str] | None
) -> RowDiff:
    before = list(old) if old is not None else [""] * len(columns)
    after = list(new) if new is not None else [""] * len(columns)
    cells = tuple(
        CellDiff(column, a, b, inline_diff(a, b) if a != b else ())
        for column, a, b in zip(columns, before, after, strict=True)
    )
    if old is None:
        status = ChangeStatus.ADDED
    elif new is None:
        status = ChangeStatus.REMOVED
    else:
        status = ChangeStatus.CHANGED if any(c.changed for c in cells) else ChangeStatus.UNCHANGED
    return RowDiff(key, title, status, cells)


def _target_table(before: ConstructionPlan, after: ConstructionPlan) -> TableDiff:
    """Targets cell by cell: one row per indicator; columns 基期值, each year, 方向."""
    years = sorted({y for plan in (before, after) for t in plan.targets for y in t.values})
    columns = ("基期值", *(f"{y}年" for y in years), "方向")

    def cells(t: QuantitativeTarget) -> list[str]:
        return [_number(t.baseline), *(_number(t.values.get(y)) for y in years), _direction(t)]

    old = {t.indicator_code.strip(): t for t in before.targets}
    new = {t.indicator_code.strip(): t for t in after.targets}
    rows = []
    for code in list(old) + [c for c in new if c not in old]:
        a, b = old.get(code), new.get(code)
        title = (b or a).indicator_name or code
        rows.append(_row(code, title, columns, cells(a) if a else None, cells(b) if b else None))
    return TableDiff(columns, tuple(rows))


def _milestone_table(before: ConstructionPlan, after: ConstructionPlan) -> TableDiff:
    """Milestones cell by cell: one row per year with that year's nodes (one per line)."""

    def by_year(plan: ConstructionPlan) -> dict[int, str]:
        out: dict[int, list[str]] = {}
        for m in plan.milestones:
            text = html_to_text(m.text)
            if text:
                out.setdefault(m.year, []).append(text)
        return {year: "\n".join(lines) for year, lines in out.items()}

    old, new = by_year(before), by_year(after)
    columns = ("节点",)
    rows = [
        _row(str(y), f"{y}年", columns, [old[y]] if y in old else None, [new[y]] if y in new else None)
        for y in sorted(set(old) | set(new))
    ]
    return TableDiff(columns, tuple(rows))


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
