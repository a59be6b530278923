"""The data of the target-realism chart (drawn by static/construction/realism.js with the vendored ECharts).

One chart per target: each comparable county's three-year improvement as a dot, lines at the median and
the 95th percentile, the target's improvement and the county's own past improvement (all in per cent).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innocounty.evaluation.target_realism import Realism


def _pct(x):
    return None if x is None else round(100 * x, 2)


def realism_chart(comparisons) -> dict:
    charts = []
    for target, c in comparisons:
        if c.realism is Realism.UNKNOWN and not c.peer_improvements:
            continue
        charts.append({
            "id": f"realism-{c.code}", "title": target.indicator_name or c.code,
            "peers": [_pct(v) for v in c.peer_improvements], "p50": _pct(c.p50), "p95": _pct(c.p95),
            "target": _pct(c.target_improvement), "own": _pct(c.own_improvement),
        })  # fmt: skip
    return {"charts": charts, "labels": {
        "peers": _("可比县（市）近三年改进幅度"), "p50": _("中位数"), "p95": _("第95百分位"),
        "target": _("本县目标（折算为三年）"), "own": _("本县近三年实际"), "axis": _("三年改进幅度（%）")}}  # fmt: skip


REALISM_LABELS = {
    Realism.BEYOND_P95: gettext_lazy("高于可比县（市）第95百分位：目标可能过高"),
    Realism.BELOW_MEDIAN: gettext_lazy("低于可比县（市）中位数：目标可能偏低"),
    Realism.PLAUSIBLE: gettext_lazy("在可比县（市）的中位数与第95百分位之间"),
    Realism.UNKNOWN: gettext_lazy("可比数据不足，无法判断"),
}
