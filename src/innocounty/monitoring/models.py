"""Monitoring data collection: indicator frameworks, yearly data rounds, province submissions, uploaded
workbooks and the indicator values they carry, with provenance and revision history.

The evaluation runs (rankings, profiles, maps) live in this app too and reference a :class:`Framework`
version and the values of accepted :class:`ProvinceSubmission` rows; a published run locks its framework
with :meth:`Framework.lock`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.states import StatefulModel

# --- frameworks -----------------------------------------------------------------------------------


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("启用")
    SUPERSEDED = "superseded", _("已被新版本取代")


class Framework(StatefulModel):
    """One version of an indicator framework (指标体系), imported from a framework file.

    ``status`` changes only through the workflow adapter (``framework``: activate, supersede)."""

    STATE_FIELDS = ("status",)
    INITIAL_STATES = {"status": ("draft",)}

    code = models.SlugField(_("代码"), max_length=64, help_text=_("如 provisional-23"))
    version = models.CharField(_("版本"), max_length=32)
    name = models.CharField(_("名称"), max_length=200)
    source_name = models.CharField(_("来源文件"), max_length=255)
    source_sha256 = models.CharField(_("来源文件 SHA-256"), max_length=64)
    status = models.CharField(_("状态"), max_length=16, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT)
    locked = models.BooleanField(
        _("已锁定"), default=False, help_text=_("被已发布的评价引用后锁定：不可修改，只能以新版本取代。")
    )
    locked_reason = models.CharField(_("锁定原因"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("导入人"),
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-imported_at"]
        verbose_name = _("指标体系")
        verbose_name_plural = _("指标体系")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="framework_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code} v{self.version}）"

    def is_in_use(self) -> bool:
        """True when the framework may no longer change: locked by a published run or used by a data round."""
        return self.locked or self.data_rounds.exists()

    def lock(self, reason: str) -> None:
        """Called by the evaluation runs when a run using this framework is published."""
        if not self.locked:
            self.locked = True
            self.locked_reason = reason[:200]
            self.save(update_fields=["locked", "locked_reason"])

    def indicator_nodes(self):
        return self.nodes.filter(level=1).order_by("position")

    @property
    def is_provisional(self) -> bool:
        return "暂行" in self.name or "provisional" in self.code


class FrameworkNode(models.Model):
    """One row of a framework file: the root (level 3), a dimension (2) or an indicator (1)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("指标体系"))
    position = models.PositiveIntegerField(_("顺序"))
    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    weight = models.FloatField(_("权重"), default=1.0)
    direction = models.SmallIntegerField(_("方向"), default=1, help_text=_("1 = 越大越好，-1 = 越小越好"))
    unit = models.CharField(_("单位"), max_length=32, blank=True)
    denominator = models.CharField(_("分母（单位数据列）"), max_length=32, blank=True)
    node_type = models.CharField(_("类型"), max_length=16, blank=True)
    extra = models.JSONField(_("其他说明列"), default=dict, blank=True)

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="framework_node_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_indicator(self) -> bool:
        return self.level == 1


# --- rounds and submissions -----------------------------------------------------------------------


from innocounty.monitoring.text_fields import TextValue as TextValue  # noqa: E402  (free-text fields)


class RoundStatus(models.TextChoices):
    OPEN = "open", _("填报中")
    CLOSED = "closed", _("已关闭")


class DataRound(StatefulModel):
    """The ministry's call for one monitoring year's county data under one framework version.

    ``status`` changes only through the workflow adapter (``data_round``: close)."""

    STATE_FIELDS = ("status",)
    INITIAL_STATES = {"status": ("open",)}

    year = models.PositiveSmallIntegerField(_("监测年度"), unique=True)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="data_rounds", verbose_name=_("指标体系")
    )
    deadline = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    notes = models.TextField(_("填报说明"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("发起人")
    )
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("数据填报轮次")
        verbose_name_plural = _("数据填报轮次")

    def __str__(self) -> str:
        return _("%(year)d 年度监测数据") % {"year": self.year}

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已接收")


class ProvinceSubmission(StatefulModel):
    """One province's data for one round; the province submits, the ministry accepts or returns it.

    The state changes only through the workflow adapter (``submission``, see
    :mod:`innocounty.monitoring.workflow`); accepted data is locked.
    """

    STATE_FIELDS = ("state",)
    INITIAL_STATES = {"state": ("draft",)}

    data_round = models.ForeignKey(
        DataRound, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("数据填报轮次")
    )
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("省份"))
    state = models.CharField(_("状态"), max_length=16, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    return_reason = models.TextField(_("退回原因"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("提交人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("审核人"),
    )

    class Meta:
        ordering = ["data_round", "province"]
        verbose_name = _("省级数据报送")
        verbose_name_plural = _("省级数据报送")
        constraints = [
            models.UniqueConstraint(fields=["data_round", "province"], name="submission_round_province_unique")
        ]

    def __str__(self) -> str:
        return f"{self.data_round} · {self.province}"

    @property
    def is_locked(self) -> bool:
        return self.state == SubmissionState.ACCEPTED

    @property
    def accepts_uploads(self) -> bool:
        return self.data_round.is_open and self.state in (SubmissionState.DRAFT, SubmissionState.RETURNED)


class SubmissionTransition(models.Model):
    """The history of a submission's state changes, shown on its page (the audit log has them too)."""

    submission = models.ForeignKey(
        ProvinceSubmission, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("省级数据报送")
    )
    action = models.CharField(_("操作"), max_length=16)
    from_state = models.CharField(_("原状态"), max_length=16, choices=SubmissionState.choices)
    to_state = models.CharField(_("新状态"), max_length=16, choices=SubmissionState.choices)
    reason = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("报送状态变更")
        verbose_name_plural = _("报送状态变更")

    def __str__(self) -> str:
        return f"{self.submission} {self.from_state} → {self.to_state}"


# --- uploads and values ---------------------------------------------------------------------------


def upload_path(instance: Upload, filename: str) -> str:
    """Private path under MEDIA_ROOT; the client's file name is kept in ``original_name`` only."""
    return f"monitoring/uploads/{instance.data_round.year}/{uuid.uuid4().hex}.xlsx"


class UploadStatus(models.TextChoices):
    REFUSED = "refused", _("文件被拒收")
    REJECTED = "rejected", _("校验未通过")
    NEEDS_CONFIRMATION = "needs_confirmation", _("待确认警告")
    IMPORTED = "imported", _("已导入")
    SUPERSEDED = "superseded", _("已被新上传取代")


class UploadSource(models.TextChoices):
    WORKBOOK = "workbook", _("省级上传的工作簿")
    COUNTY_ENTRY = "county_entry", _("县级在线填报")


class Upload(StatefulModel):
    """One uploaded workbook, its validation report and, once imported, the source of its values.

    A new upload starts in the state its checks give; later changes (confirming warnings, being superseded)
    go through the workflow adapter (``upload``)."""

    STATE_FIELDS = ("status",)
    INITIAL_STATES = {"status": ("refused", "rejected", "needs_confirmation", "imported")}

    data_round = models.ForeignKey(
        DataRound, on_delete=models.CASCADE, related_name="uploads", verbose_name=_("数据填报轮次")
    )
    submission = models.ForeignKey(
        ProvinceSubmission, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads",
        verbose_name=_("省级数据报送"), help_text=_("全国导入（管理命令）时为空"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    file = models.FileField(_("文件"), upload_to=upload_path, blank=True, max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("状态"), max_length=24, choices=UploadStatus.choices)
    report = models.JSONField(_("校验报告"), default=dict)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    warning_count = models.PositiveIntegerField(_("警告数"), default=0)
    row_count = models.PositiveIntegerField(_("数据行数"), default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("确认警告人"),
    )
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    values_created = models.PositiveIntegerField(_("新增数值"), default=0)
    values_changed = models.PositiveIntegerField(_("修改数值"), default=0)
    source = models.CharField(_("填报方式"), max_length=16, choices=UploadSource.choices,
                              default=UploadSource.WORKBOOK, db_default=UploadSource.WORKBOOK)
    county_entry = models.ForeignKey("monitoring.CountyEntry", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="uploads", verbose_name=_("县级在线填报"))

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("上传文件")
        verbose_name_plural = _("上传文件")

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"


class IndicatorValue(models.Model):
    """A county's raw value of one indicator (``I01``…) or unit-data column (``population_10k``…) in a round.

    ``value`` is None when missing. ``upload``/``updated_by``/``updated_at`` say where the current value
    came from; earlier values are in :class:`IndicatorValueRevision`.
    """

    # data_round and county are the leading columns of the unique and (county, code) indexes: no own index.
    data_round = models.ForeignKey(DataRound, on_delete=models.CASCADE, related_name="values", db_index=False,
                                   verbose_name=_("数据填报轮次"))
    county = models.ForeignKey("regions.County", on_delete=models.PROTECT, related_name="+", db_index=False,
                               verbose_name=_("县（市）"))
    code = models.CharField(_("指标代码"), max_length=32)
    value = models.FloatField(_("数值"), null=True, blank=True)
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="+", verbose_name=_("来源文件"))
    # No database constraint on the user columns: users are never deleted (PROTECT elsewhere), the value is
    # always request.user, and the per-row check would cost ~20% of a national import (docs/performance.md).
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   db_index=False, db_constraint=False, verbose_name=_("更新人"))
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        ordering = ["data_round", "county", "code"]
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        constraints = [
            models.UniqueConstraint(fields=["data_round", "county", "code"], name="indicator_value_unique")
        ]
        indexes = [models.Index(fields=["county", "code"])]

    def __str__(self) -> str:
        return f"{self.county_id} {self.code} = {self.value}"


class IndicatorValueRevision(models.Model):
    """One change of an :class:`IndicatorValue` after its first value: old and new value, both source uploads.

    The first value's provenance is the value row itself (``upload``, ``updated_by``, ``updated_at``) until it
    changes; each change then records where the replaced value had come from (``old_upload``), so the full
    history of a value is its revisions in order plus the current row.
    """

    indicator_value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="revisions",
                                        verbose_name=_("指标数值"))
    old_value = models.FloatField(_("原值"), null=True, blank=True)
    new_value = models.FloatField(_("新值"), null=True, blank=True)
    old_upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="+", verbose_name=_("原值来源文件"))
    old_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False,
                               db_constraint=False, verbose_name=_("原值更新人"))
    old_at = models.DateTimeField(_("原值更新时间"))
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="+", verbose_name=_("新值来源文件"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   db_index=False, db_constraint=False, verbose_name=_("修改人"))
    changed_at = models.DateTimeField(_("修改时间"))

    class Meta:
        ordering = ["indicator_value", "changed_at", "pk"]
        verbose_name = _("数值修订记录")
        verbose_name_plural = _("数值修订记录")

    def __str__(self) -> str:
        return f"{self.indicator_value_id}: {self.old_value} → {self.new_value}"


class DataComment(models.Model):
    """A remark on a county's row in a round, by the county's officers or the province."""

    data_round = models.ForeignKey(
        DataRound, on_delete=models.CASCADE, related_name="comments", verbose_name=_("数据填报轮次")
    )
    county = models.ForeignKey("regions.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("县（市）"))
    indicator_code = models.CharField(_("指标"), max_length=32, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("发表人")
    )
    text = models.TextField(_("意见"), max_length=2000)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("数据意见")
        verbose_name_plural = _("数据意见")

    def __str__(self) -> str:
        return f"{self.county_id} · {self.author}"


# Models of the same app (one registry, one migration history), re-exported here.
from innocounty.monitoring.quality_models import CountyEntry as CountyEntry  # noqa: E402
from innocounty.monitoring.quality_models import CountyEntryState as CountyEntryState  # noqa: E402
from innocounty.monitoring.quality_models import FlagConfirmation as FlagConfirmation  # noqa: E402
from innocounty.monitoring.quality_models import FlagKind as FlagKind  # noqa: E402
from innocounty.monitoring.quality_models import Importance as Importance  # noqa: E402
from innocounty.monitoring.quality_models import ScreeningSettings as ScreeningSettings  # noqa: E402
from innocounty.monitoring.quality_models import ValidationRule as ValidationRule  # noqa: E402
