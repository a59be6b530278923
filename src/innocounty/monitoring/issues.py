"""Problems found in an uploaded workbook, and the report that lists all of them at once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"

# Rule code → the short Chinese name shown in the report's 规则 column.
RULE_LABELS = {
    "file_too_large": "文件过大",
    "not_xlsx": "不是 xlsx 文件",
    "macro_enabled": "含宏文件",
    "unreadable": "无法读取",
    "missing_sheet": "缺少数据工作表",
    "missing_column": "缺少必需的列",
    "duplicate_column": "列重复",
    "unknown_column": "无法识别的列",
    "formula": "含公式",
    "missing_county_code": "缺少行政区划代码",
    "unknown_county": "未知的行政区划代码",
    "other_province": "非本省县（市）",
    "duplicate_row": "重复的行",
    "not_numeric": "非数值",
    "negative": "不能为负数",
    "not_positive": "必须大于 0",
    "percent_range": "百分比超出 0–100",
    "large_change": "与上年相比变化过大",
    "no_rows": "没有数据行",
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
    sheet: str = ""

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row_count": len(self.rows),
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "issues": [i.as_dict() for i in self.issues],
        }


def display_value(value) -> str:
    """A cell's value as the report shows it (short, never None)."""
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
