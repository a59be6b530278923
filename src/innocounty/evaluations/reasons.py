"""The eligibility reason of a county as one Chinese sentence (methodology §5), e.g.

    综合指数省内排名第3/45（前25%线为第12名）；12项指标位居省内前25%（要求≥12项）

Pure functions over the rule the engine applied (``eligibility.attrs["rule"]``) and one county's numbers.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any


def percent_text(share: Any) -> str:
    """0.25 → "25%"; "1/3" → "33.3%" (exact where the share is a whole percentage)."""
    value = Fraction(str(share)) * 100
    if value.denominator == 1:
        return f"{value.numerator}%"
    return f"{float(value):.1f}%"


def composite_text(rule: dict[str, Any], rank: int | None, n_group: int | None, cutoff: int | None) -> str:
    composite = rule.get("composite", {})
    kind = composite.get("rule", "top_share")
    if kind == "off":
        return "综合指数不作要求"
    if rank is None:
        return "综合指数缺失，未参与省内排名"
    head = f"综合指数省内排名第{rank}/{n_group}"
    if kind == "top_n":
        return f"{head}（要求前{composite.get('N')}名）"
    return f"{head}（前{percent_text(composite.get('p', 0.25))}线为第{cutoff}名）"


def indicator_text(rule: dict[str, Any], count: int | None, min_count: int | None) -> str:
    share = percent_text(rule.get("indicator", {}).get("share", 0.25))
    if count is None:
        return "指标数据不足，未参与指标排名"
    return f"{count}项指标位居省内前{share}（要求≥{min_count}项）"


def eligibility_reason(rule: dict[str, Any] | None, *, active: bool, rank: int | None, n_group: int | None,
                       cutoff: int | None, count: int | None, min_count: int | None) -> str:
    """The sentence for one county; ``active`` is False for a county screened out for lack of data."""
    if not rule:
        return ""
    if not active:
        return "数据完整度不足，未参加评价"
    combine = rule.get("combine", "and")
    if combine == "composite_only":
        return composite_text(rule, rank, n_group, cutoff)
    if combine == "indicators_only":
        return indicator_text(rule, count, min_count)
    text = f"{composite_text(rule, rank, n_group, cutoff)}；{indicator_text(rule, count, min_count)}"
    return f"{text}（满足其一即可）" if combine == "or" else text
