"""Data quality: validation rules per framework, outlier thresholds, county entries and confirmed flags.

Imported by :mod:`innocounty.monitoring.models` (one app, one migration history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.states import StatefulModel


class Importance(models.TextChoices):
    ERROR = "error", _("错误（阻止）")
    WARNING = "warning", _("警告（须确认）")


class Operator(models.TextChoices):
    LE = "<=", "≤"
    LT = "<", "<"
    GE = ">=", "≥"
    GT = ">", ">"
    EQ = "==", "="
    NE = "!=", "≠"


class ValidationRule(models.Model):
    """One cross-indicator rule of a framework (校验规则): ``left operator right`` over indicator codes."""

    framework = models.ForeignKey(
        "monitoring.Framework", on_delete=models.CASCADE, related_name="rules", verbose_name=_("指标体系")
    )
    code = models.SlugField(_("规则代码"), max_length=64)
    left = models.CharField(_("左侧表达式"), max_length=300)
    operator = models.CharField(_("比较"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("右侧表达式"), max_length=300)
    importance = models.CharField(
        _("重要程度"), max_length=8, choices=Importance.choices, default=Importance.ERROR
    )
    tolerance = models.FloatField(
        _("容差（相对）"), default=0.0, help_text=_("= 与 ≠ 的相对容差，0.05 即 5%")
    )
    message_zh = models.CharField(_("中文说明"), max_length=300)
    message_en = models.CharField(_("英文说明"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更新人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), null=True, blank=True)

    class Meta:
        ordering = ["framework", "position", "code"]
        verbose_name = _("校验规则")
        verbose_name_plural = _("校验规则")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="validation_rule_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.left} {self.operator} {self.right}"


class ScreeningSettings(models.Model):
    """Outlier thresholds of a framework, or of one round (which then wins); absent: the defaults."""

    framework = models.OneToOneField(
        "monitoring.Framework",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="screening",
        verbose_name=_("指标体系"),
    )
    data_round = models.OneToOneField(
        "monitoring.DataRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="screening",
        verbose_name=_("数据填报轮次"),
    )
    history_z = models.FloatField(_("历史变化稳健 z 阈值"), default=3.5)
    peer_z = models.FloatField(_("同类县修正 z 阈值"), default=3.5)
    min_change = models.FloatField(_("最小变化幅度"), default=0.5, help_text=_("0.5 即 ±50%"))
    min_peers = models.PositiveSmallIntegerField(_("最少同类县数"), default=8)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更新人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异常值筛查阈值")
        verbose_name_plural = _("异常值筛查阈值")

    def __str__(self) -> str:
        return str(self.data_round or self.framework)


class CountyEntryState(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交省级")
    ACCEPTED = "accepted", _("省级已接收")
    RETURNED = "returned", _("已退回")


class CountyEntry(StatefulModel):
    """A county's own entry of its values for a round (县级在线填报), submitted to its province.

    ``values`` is the form's content (code → number or None); submitting writes it into
    :class:`~innocounty.monitoring.models.IndicatorValue` with the county entry as its provenance.
    ``state`` changes only through the workflow adapter (``county_entry``)."""

    STATE_FIELDS = ("state",)
    INITIAL_STATES = {"state": ("not_started",)}

    data_round = models.ForeignKey(
        "monitoring.DataRound",
        on_delete=models.CASCADE,
        related_name="county_entries",
        verbose_name=_("数据填报轮次"),
    )
    county = models.ForeignKey(
        "regions.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("县（市）")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=CountyEntryState.choices, default=CountyEntryState.NOT_STARTED
    )
    values = models.JSONField(_("填报数值"), default=dict, blank=True)
    confirmed_warnings = models.JSONField(_("已确认的警告"), default=list, blank=True)
    saved_at = models.DateTimeField(_("保存时间"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("保存人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    return_reason = models.TextField(_("退回原因"), blank=True)

    class Meta:
        ordering = ["data_round", "county"]
        verbose_name = _("县级在线填报")
        verbose_name_plural = _("县级在线填报")
        constraints = [models.UniqueConstraint(fields=["data_round", "county"], name="county_entry_unique")]

    def __str__(self) -> str:
        return f"{self.data_round} · {self.county}"


class FlagKind(models.TextChoices):
    RULE = "rule", _("校验规则")
    OUTLIER = "outlier", _("异常值")


class FlagConfirmation(models.Model):
    """The province confirmed a warning (a rule warning or an outlier) of a county's value as correct."""

    data_round = models.ForeignKey(
        "monitoring.DataRound",
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("数据填报轮次"),
    )
    county = models.ForeignKey(
        "regions.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("县（市）")
    )
    kind = models.CharField(_("类别"), max_length=8, choices=FlagKind.choices)
    key = models.CharField(_("规则或指标"), max_length=80)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("确认人")
    )
    confirmed_at = models.DateTimeField(_("确认时间"))

    class Meta:
        ordering = ["data_round", "county", "kind", "key"]
        verbose_name = _("已确认的警告")
        verbose_name_plural = _("已确认的警告")
        constraints = [
            models.UniqueConstraint(
                fields=["data_round", "county", "kind", "key"], name="flag_confirmation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.kind}:{self.key}"
