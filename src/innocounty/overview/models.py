"""Cached effect estimates: computing one takes seconds (the regression library's first call most of it).

A row holds the result of :func:`innocounty.evaluation.effect.estimate` for one outcome over one *run set*:
the key is a hash of the runs (the latest published run of each year the reader may see), the approvals
(county → approval year), the window and the estimator's version — so a new publication or a new approval
gives a new key and the old rows are simply not read again. Rows are immutable; ``prune`` drops old keys.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.fields import ClockTimeField


class EffectEstimate(models.Model):
    key = models.CharField(_("运行集合与批准名单的摘要"), max_length=64)
    outcome = models.CharField(_("结果变量"), max_length=32)
    result = models.JSONField(_("估计结果"), default=dict)  # EffectResult.as_dict(), or {"error": code}
    run_ids = models.JSONField(_("评价运行"), default=list)
    computed_at = ClockTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("建设成效估计")
        verbose_name_plural = _("建设成效估计")
        constraints = [models.UniqueConstraint(fields=["key", "outcome"], name="effect_estimate_unique")]

    def __str__(self) -> str:
        return f"{self.outcome} @ {self.key[:12]}"
