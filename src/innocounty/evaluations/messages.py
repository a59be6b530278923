"""Engine errors in words a ministry officer can act on: the stage in Chinese, a hint for the common
cases, and the engine's own message (which names the indicator, node or county code) kept verbatim."""

from __future__ import annotations

import re

STAGE_NAMES = {
    "framework": "指标体系校验",
    "method": "方法配置",
    "data": "数据读取",
    "denominate": "按分母折算",
    "screen": "按数据完整度筛选",
    "impute": "缺失值插补",
    "treat": "异常值处理",
    "normalise": "标准化",
    "weights": "权重",
    "aggregate": "逐级加权汇总",
    "rank": "排名",
    "groups": "分档",
    "eligibility": "资格判定",
    "uncertainty": "不确定性分析",
}

HINTS = [
    (re.compile(r"no observed value", re.I),
     "某项指标在全部参评县（市）均无数据：请核对数据，或将“退化列处理”改为“排除”。"),
    (re.compile(r"degenerate|constant|no spread|all equal|identical", re.I),
     "某项指标在全部参评县（市）取值相同，无法标准化：请核对该指标数据，或将“退化列处理”改为“取中点”或“排除”。"),
    (re.compile(r"geometric|harmonic", re.I),
     "几何/调和平均要求所有得分大于 0：请将标准化区间改为 [1, 100]，或改用算术平均。"),
    (re.compile(r"reference|mean of node .* <= 0", re.I),
     "相对分档要求得分以 0 表示“无”：z 分数标准化不适用，请改用最小-最大标准化。"),
    (re.compile(r"group_by|group column", re.I), "数据缺少分组列（省份）。"),
]


def _stage_of(exc: Exception, text: str) -> str | None:
    stage = getattr(exc, "stage", None)
    if stage:
        return stage
    match = re.match(r"(?:method: )?([a-z_]+)[:.]", text)
    return match.group(1) if match else None


def engine_error_text(exc: Exception) -> str:
    """e.g. "评价运行失败（标准化）：… 原始信息：normalise: indicator I05 has no spread …"."""
    text = str(exc)
    stage = _stage_of(exc, text)
    where = STAGE_NAMES.get(stage or "", "评价引擎")
    hint = next((h for pattern, h in HINTS if pattern.search(text)), "")
    return f"评价运行失败（{where}）：{hint}原始信息：{text}" if hint else f"评价运行失败（{where}）。原始信息：{text}"
