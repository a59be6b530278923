"""Problems found in an uploaded workbook, and the report that lists all of them at once.

A report is stored with its upload (``Upload.report``, JSON) and is audit material: each issue keeps its
finished Chinese ``message`` and ``rule_label``. Issues also keep the message's source text (``template``,
the msgid) and its ``params``, so the report page can show the message in the reader's language
(:func:`localized_issue`); reports stored before this was added show their stored Chinese text.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext, gettext_noop

ERROR = "error"
WARNING = "warning"
STORED_PER_RULE = 200  # a stored report keeps the first problems of each rule, and counts all of them

# Rule code → the short Chinese name shown in the report's 规则 column (stored in Chinese, shown translated).
RULE_LABELS = {
    "file_too_large": gettext_noop("文件过大"),
    "not_xlsx": gettext_noop("不是 xlsx 文件"),
    "macro_enabled": gettext_noop("含宏文件"),
    "damaged": gettext_noop("文件已损坏或含不允许的内容"),
    "unreadable": gettext_noop("无法读取"),
    "oversize_part": gettext_noop("工作簿超出模板范围"),
    "merged_cells": gettext_noop("含合并单元格"),
    "too_many_rows": gettext_noop("行数超出范围"),
    "missing_sheet": gettext_noop("缺少数据工作表"),
    "missing_column": gettext_noop("缺少必需的列"),
    "duplicate_column": gettext_noop("列重复"),
    "unknown_column": gettext_noop("无法识别的列"),
    "formula": gettext_noop("含公式"),
    "missing_county_code": gettext_noop("缺少行政区划代码"),
    "unknown_county": gettext_noop("未知的行政区划代码"),
    "other_province": gettext_noop("非本省县（市）"),
    "duplicate_row": gettext_noop("重复的行"),
    "not_numeric": gettext_noop("非数值"),
    "negative": gettext_noop("不能为负数"),
    "not_positive": gettext_noop("必须大于 0"),
    "percent_range": gettext_noop("百分比超出 0–100"),
    "out_of_range": gettext_noop("超出合理范围"),
    "clears_values": gettext_noop("将清空已填数值"),
    "large_change": gettext_noop("与上年相比变化过大"),
    "no_rows": gettext_noop("没有数据行"),
    "validation_rule": gettext_noop("校验规则"),
    "outlier": gettext_noop("异常值"),
    "county_conflict": gettext_noop("与县级填报不一致"),
}


@dataclass(frozen=True)
class Issue:
    """One problem. ``row`` is the Excel row number, ``column`` the column letter, ``header`` its header."""

    severity: str
    rule: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    header: str = ""
    value: str = ""
    county: str = ""  # the county of the row, "甲县（970121）", when the row names a known county
    template: str = ""  # the message's source text (msgid) with %(name)s placeholders; "" for a literal message
    params: dict = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def build(cls, severity: str, rule: str, template: str, params: dict | None = None, **where) -> Issue:
        """An issue whose ``message`` is ``template % params`` in Chinese (the stored text), translatable later."""
        params = dict(params or {})
        return cls(severity, rule, template % params if params else template, template=template, params=params,
                   **where)

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)

    def as_dict(self) -> dict:
        return {**asdict(self), "rule_label": self.rule_label}


@dataclass
class ValidationReport:
    """Every issue found, the parsed rows (county code → {column code: value or None}) and what was read."""

    issues: list[Issue] = field(default_factory=list)
    rows: dict[str, dict[str, float | None]] = field(default_factory=dict)
    row_numbers: dict[str, int] = field(default_factory=dict)  # county code → its Excel row
    sheet: str = ""
    refused: bool = False  # the file itself was refused (not opened as a workbook)
    conflicts: list[dict] = field(default_factory=list)  # values a county entered that the file would change

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def rule_counts(self) -> list[dict]:
        """Problems per rule (errors first), with how many of them a stored report keeps."""
        counts: dict[tuple[str, str], int] = {}
        for issue in self.issues:
            counts[(issue.severity, issue.rule)] = counts.get((issue.severity, issue.rule), 0) + 1
        return [
            {"severity": severity, "rule": rule, "rule_label": RULE_LABELS.get(rule, rule), "count": count,
             "stored": min(count, STORED_PER_RULE)}
            for (severity, rule), count in sorted(counts.items(), key=lambda kv: (kv[0][0] != ERROR, -kv[1]))
        ]

    def as_dict(self) -> dict:
        """The stored report: bounded to the first ``STORED_PER_RULE`` problems of each rule plus the counts."""
        kept: list[Issue] = []
        seen: dict[tuple[str, str], int] = {}
        for issue in self.issues:
            key = (issue.severity, issue.rule)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] <= STORED_PER_RULE:
                kept.append(issue)
        return {
            "sheet": self.sheet,
            "row_count": len(self.rows),
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "rule_counts": self.rule_counts(),
            "truncated": len(kept) < len(self.issues),
            "issues": [i.as_dict() for i in kept],
            "conflicts": self.conflicts,
        }


def localized_issue(stored: dict) -> dict:
    """A stored issue (``Issue.as_dict``) with ``message`` and ``rule_label`` in the active language.

    Stored reports are never rewritten: the translation is applied when the report is shown. An issue without
    ``template`` (reports stored earlier, or a message that is not a catalogue string) shows its stored text.
    """
    issue = dict(stored)
    issue.setdefault("county", "")
    rule = issue.get("rule", "")
    if rule in RULE_LABELS:
        issue["rule_label"] = gettext(RULE_LABELS[rule])
    template = issue.get("template")
    if template:
        params = issue.get("params") or {}
        # A translation whose placeholders do not match the parameters keeps the stored text.
        with contextlib.suppress(KeyError, TypeError, ValueError):
            issue["message"] = gettext(template) % params if params else gettext(template)
    return issue


def localized_counts(report: dict) -> list[dict]:
    """The stored per-rule counts with the rule names in the active language."""
    return [{**c, "rule_label": gettext(RULE_LABELS[c["rule"]]) if c.get("rule") in RULE_LABELS else c.get("rule_label", "")}
            for c in report.get("rule_counts", [])]


def display_value(value) -> str:
    """A cell's value as the report shows it (short, never None)."""
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
