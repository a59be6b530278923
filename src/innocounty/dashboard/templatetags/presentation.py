"""Presentation filters shared by the pages: measured values with sensible decimals, and an evaluation
method as rows of a readable table instead of a Python dict.

    {% load presentation %}
    {{ value|measure }}            78.3791946561628 → 78.38; 3235.0 → 3235; None → ""
    {% for row in run.method|method_rows %}{{ row.section }} {{ row.key }} {{ row.value }}{% endfor %}
"""

from __future__ import annotations

import math

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()


def format_measure(value, decimals: int = 2) -> str:
    """A measured value for reading: integers without decimals, others rounded to ``decimals`` (trailing
    zeros dropped); tiny non-zero values keep four significant digits so they do not read as 0."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return str(value)
    if number.is_integer():
        return str(int(number))
    if abs(number) < 10**-decimals:
        return f"{number:.4g}"
    text = f"{number:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@register.filter
def measure(value, decimals=2):
    try:
        decimals = int(decimals)
    except (TypeError, ValueError):
        decimals = 2
    return format_measure(value, decimals)


SECTION_LABELS = {
    "screen": gettext_lazy("数据筛查"),
    "denominate": gettext_lazy("按规模折算"),
    "impute": gettext_lazy("缺失值插补"),
    "treat": gettext_lazy("异常值处理"),
    "normalise": gettext_lazy("标准化"),
    "weights": gettext_lazy("权重"),
    "aggregate": gettext_lazy("合成"),
    "group_by": gettext_lazy("分组"),
    "groups": gettext_lazy("分档"),
    "eligibility": gettext_lazy("“位居本省前列”资格规则"),
    "uncertainty": gettext_lazy("不确定性分析"),
}


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float):
        return format_measure(value, 4)
    if isinstance(value, dict):
        return "；".join(f"{k}: {_text(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value) or "—"
    return str(value)


def _rows(prefix: str, value, out: list) -> None:
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            _rows(f"{prefix}.{key}" if prefix else str(key), inner, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, inner in enumerate(value, start=1):
            _rows(f"{prefix}[{i}]", inner, out)
    else:
        out.append((prefix, _text(value)))


@register.filter
def method_rows(method) -> list[dict]:
    """One row per setting: the section's label (数据筛查, 标准化…), the setting's dotted key and its value."""
    rows = []
    for section, value in (method or {}).items():
        label = SECTION_LABELS.get(section, section)
        settings: list = []
        _rows("", value, settings)
        for i, (key, text) in enumerate(settings):
            rows.append({"section": label, "code": section, "first": i == 0, "span": len(settings),
                         "key": key or "—", "value": text})  # fmt: skip
    return rows
