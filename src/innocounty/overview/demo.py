"""Demo step (``manage.py demo``, last): estimate the programme's effect on the demo's published runs once, so
the effect page opens at once, and print the index's estimate.

The demo's approved counties and their approval years are those of :mod:`innocounty.evaluations.demo_cohorts`
(its synthetic panel carries the planted effect, ``demo_values.PLANTED_EFFECT``); they count as approved here
once the batch demos have moved their applications to 批准建设 (the approval branch's ``finalise``). Until then
the page explains that there are too few approved counties, and so does this step.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from innocounty.overview import effect_service


def build(stdout) -> None:
    view = effect_service.effects(AnonymousUser())
    result = view.results.get(effect_service.INDEX)
    if result is None:
        code = view.errors.get(effect_service.INDEX, "no_runs")
        stdout.write(
            f"建设成效：暂无估计（{code}；批准建设的县（市）{view.approved} 个，已发布年度 {len(view.runs)} 个）"
        )
        return
    att = result.att
    stdout.write(f"建设成效（模拟数据，关联估计）：综合指数批准后平均差异 {att.estimate:+.2f} 分，"
                 f"95% 置信区间 [{att.low:+.2f}, {att.high:+.2f}]，前期趋势检验 p = {result.pretrend.p_value:.3f}；"
                 f"处理组 {result.n_treated} 个，对照组 {result.n_controls} 个")  # fmt: skip
