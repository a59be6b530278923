"""The ministry's formal review (形式审查) of one application: the checklist as it was, and the decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.fields import ClockTimeField


class FormalReviewDecision(models.TextChoices):
    PASSED = "passed", _("通过")
    FAILED = "failed", _("不通过")


class FormalReview(models.Model):
    """``checklist``: one entry per item of the core's checklist — code, label, passed, the reasons
    computed, and the officer's note for items they failed."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="formal_review"
    )
    decision = models.CharField(_("结论"), max_length=8, choices=FormalReviewDecision.choices)
    checklist = models.JSONField(_("审查清单"), default=list)
    reason = models.TextField(_("不通过理由"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = ClockTimeField(_("审查时间"))

    class Meta:
        ordering = ["-reviewed_at"]
        verbose_name = _("形式审查")
        verbose_name_plural = _("形式审查")

    def __str__(self) -> str:
        return f"{self.application} · {self.get_decision_display()}"
