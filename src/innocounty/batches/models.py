"""Batches (批次): one call for applications with its window, quotas, themes and stage sequence.

The rules live in :mod:`innocounty.programme`; :meth:`Batch.snapshot` turns a row into the
:class:`~innocounty.programme.BatchSnapshot` the core checks transitions against.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.bounds import CONSTRUCTION_PERIOD_MAX, CONSTRUCTION_PERIOD_MIN, YEAR_MAX, YEAR_MIN
from innocounty.common.fields import ClockTimeField
from innocounty.common.labels import BATCH_STATUS_LABELS, ELIGIBILITY_RULE_LABELS, THEME_LABELS
from innocounty.common.states import StatefulModel, StatefulQuerySet
from innocounty.programme import (
    SECOND_BATCH_2023,
    BatchSnapshot,
    BatchStatus,
    StageSequence,
    Theme,
    Window,
)
from innocounty.programme.batch_lifecycle import BatchDraft
from innocounty.programme.context import EligibilityRule
from innocounty.programme.deadlines import DEFAULT_CONSTRUCTION_PERIOD_YEARS

YEAR_VALIDATORS = [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]


class BatchStatusChoices(models.TextChoices):
    DRAFT = BatchStatus.DRAFT.value, BATCH_STATUS_LABELS[BatchStatus.DRAFT]
    OPEN = BatchStatus.OPEN.value, BATCH_STATUS_LABELS[BatchStatus.OPEN]
    CLOSED = BatchStatus.CLOSED.value, BATCH_STATUS_LABELS[BatchStatus.CLOSED]
    ARCHIVED = BatchStatus.ARCHIVED.value, BATCH_STATUS_LABELS[BatchStatus.ARCHIVED]


THEME_CHOICES = [(t.value, THEME_LABELS[t]) for t in Theme]
ELIGIBILITY_RULE_CHOICES = [(r.value, ELIGIBILITY_RULE_LABELS[r]) for r in EligibilityRule]


def default_themes() -> list[str]:
    return [t.value for t in Theme]


def default_stages() -> list[str]:
    return [s.value for s in SECOND_BATCH_2023]


class BatchQuerySet(StatefulQuerySet):
    def current(self):
        """Batches somebody still works in (not in preparation, not archived)."""
        return self.filter(status__in=[BatchStatus.OPEN, BatchStatus.CLOSED])


class Batch(StatefulModel):
    STATE_FIELDS = ("status", "data_evaluation_state")
    INITIAL_STATES = {"status": (BatchStatus.DRAFT.value,), "data_evaluation_state": ("open",)}

    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    call_text = models.TextField(_("申报通知"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=BatchStatusChoices.choices, default=BatchStatusChoices.DRAFT
    )
    application_opens = models.DateField(_("申报开始日期"))
    application_closes = models.DateField(_("申报截止日期"))
    recommendation_closes = models.DateField(
        _("省级推荐截止日期"), null=True, blank=True, help_text=_("留空：以报送推荐名单为准")
    )
    themes = models.JSONField(_("开放的建设主题"), default=default_themes)
    stages = models.JSONField(_("环节"), default=default_stages)
    construction_start_year = models.PositiveSmallIntegerField(_("建设期首年"), validators=YEAR_VALIDATORS)
    construction_period_years = models.PositiveSmallIntegerField(
        _("建设期（年）"),
        default=DEFAULT_CONSTRUCTION_PERIOD_YEARS,
        validators=[MinValueValidator(CONSTRUCTION_PERIOD_MIN), MaxValueValidator(CONSTRUCTION_PERIOD_MAX)],
    )
    data_evaluation_state = models.CharField(
        _("数据评价"), max_length=16, choices=[("open", _("进行中")), ("closed", _("已结束"))], default="open"
    )
    monitoring_run = models.ForeignKey(
        "evaluations.EvaluationRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("数据评价所用监测评价结果"),
        help_text=_("留空：使用与批次年度对应的监测评价结果（该年度及以前最新发布的一次）"),
    )
    eligibility_rule = models.CharField(
        _("申报条件（位居本省前列）的作用"),
        max_length=8,
        choices=ELIGIBILITY_RULE_CHOICES,
        default=EligibilityRule.WARNING.value,
        help_text=_("按批次所用监测评价结果判定；硬性条件：不符合的县（市）不能提交；提示：省级推荐须说明理由；仅供参考：无后果"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = ClockTimeField(_("创建时间"))
    updated_at = ClockTimeField(_("更新时间"), on_update=True)

    objects = BatchQuerySet.as_manager()

    @property
    def data_evaluation_closed(self) -> bool:
        return self.data_evaluation_state == "closed"

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="batch_year_range"),
            models.CheckConstraint(
                condition=models.Q(construction_start_year__gte=YEAR_MIN, construction_start_year__lte=YEAR_MAX),
                name="batch_construction_start_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    construction_period_years__gte=CONSTRUCTION_PERIOD_MIN,
                    construction_period_years__lte=CONSTRUCTION_PERIOD_MAX,
                ),
                name="batch_construction_period_range",
            ),
        ]
        verbose_name = _("批次")
        verbose_name_plural = _("批次")

    def __str__(self) -> str:
        return self.name

    @property
    def batch_status(self) -> BatchStatus:
        return BatchStatus(self.status)

    @property
    def construction_years(self) -> tuple[int, ...]:
        start = self.construction_start_year
        # Clamped: a value stored before the bounds existed must not make every page of the batch fail.
        period = min(max(self.construction_period_years or 0, 0), CONSTRUCTION_PERIOD_MAX)
        return tuple(range(start, start + period))

    @property
    def application_window(self) -> Window:
        return Window(self.application_opens, max(self.application_closes, self.application_opens))

    @property
    def stage_sequence(self) -> StageSequence:
        return StageSequence.of(*self.stages)

    @property
    def theme_objects(self) -> list[Theme]:
        return [Theme(t) for t in self.themes if t in Theme._value2member_map_]

    def stage_labels(self) -> list[str]:
        """The stages' labels in the user's language (the raw values when the sequence is invalid)."""
        from innocounty.common.labels import stage_label

        try:
            return [stage_label(stage) for stage in self.stage_sequence.stages]
        except ValueError:
            return list(self.stages)

    def quotas(self) -> dict[str, int]:
        return dict(self.provinces.values_list("province_id", "quota"))

    def snapshot(self) -> BatchSnapshot:
        from innocounty.regions.models import eligible_unit_types

        return BatchSnapshot(
            name=self.name,
            status=self.batch_status,
            stages=self.stage_sequence,
            application_window=self.application_window,
            construction_years=self.construction_years,
            quotas=self.quotas(),
            recommendation_closes=self.recommendation_closes,
            themes=frozenset(self.theme_objects),
            eligible_unit_types=eligible_unit_types(),
            data_evaluation_closed=self.data_evaluation_closed,
            eligibility_rule=EligibilityRule(self.eligibility_rule)
            if self.eligibility_rule in EligibilityRule._value2member_map_
            else EligibilityRule.OFF,
        )

    def draft(self) -> BatchDraft:
        return BatchDraft(
            status=self.batch_status,
            stages=list(self.stages),
            themes=list(self.themes),
            application_opens=self.application_opens,
            application_closes=self.application_closes,
            recommendation_closes=self.recommendation_closes,
            quotas=self.quotas(),
            construction_years=self.construction_years,
        )

    def evaluation_run(self):
        """The run an application of this batch is judged with (eligibility, position, baselines, data
        evaluation): the chosen one, else the run of the batch's era — the latest published run of a
        monitoring year up to the batch's year, else the earliest published one — never simply the
        newest data (a 2018 batch is not judged with 2025 values)."""
        if self.monitoring_run_id:
            return self.monitoring_run
        return era_run(self.year)

    @property
    def has_data_evaluation(self) -> bool:
        return "data_evaluation" in self.stages


def era_run(year: int):
    """The published run of ``year``'s era: the latest of a monitoring year ≤ ``year``, else the earliest."""
    from innocounty.evaluations.queries import published_runs

    runs = published_runs().select_related("framework")
    return runs.filter(year__lte=year).first() or runs.order_by("year", "-published_at", "-pk").first()


class BatchProvince(StatefulModel):
    """One province in a batch: its recommendation quota and whether its list has been submitted (locked)."""

    STATE_FIELDS = ("list_state",)
    INITIAL_STATES = {"list_state": ("open",)}

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="provinces")
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveSmallIntegerField(_("推荐名额"), default=0)
    list_state = models.CharField(
        _("推荐名单"), max_length=16, choices=[("open", _("编制中")), ("submitted", _("已报送"))], default="open"
    )
    list_submitted_at = models.DateTimeField(_("名单报送时间"), null=True, blank=True)
    list_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["batch", "province"]
        verbose_name = _("批次推荐名额")
        verbose_name_plural = _("批次推荐名额")
        constraints = [models.UniqueConstraint(fields=["batch", "province"], name="batch_province_unique")]

    def __str__(self) -> str:
        return f"{self.batch} · {self.province_id}：{self.quota}"

    @property
    def list_submitted(self) -> bool:
        return self.list_state == "submitted"
