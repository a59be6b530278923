"""The construction period (组织建设): one project per approved application, its annual progress reports.

- :class:`ConstructionProject`: created when an application becomes 批准建设 (``receivers.py``) or by
  :func:`~innocounty.construction.services.ensure_projects`; the construction (= reporting) years are the
  batch's (:attr:`Batch.construction_years`: the 2018 batch builds 2019–2021).
- :class:`ReportDeadline`: a batch's own due date for one report year (default 31 March of the next year).
- :class:`AnnualReport`: subject ``annual_report`` of the workflow machine (``programme.annual_reports``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.bounds import YEAR_MAX, YEAR_MIN
from innocounty.common.fields import ClockTimeField
from innocounty.common.states import StatefulModel
from innocounty.programme.annual_reports import STATE_LABELS, ReportState, report_due

YEARS = [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
REPORT_STATE_CHOICES = [(s.value, _(label)) for s, label in STATE_LABELS.items()]  # noqa: INT001 (message ids)


class ConstructionProject(models.Model):
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="construction_project",
        verbose_name=_("申报"),
    )
    batch = models.ForeignKey(
        "batches.Batch", on_delete=models.PROTECT, related_name="+", verbose_name=_("批次")
    )
    county = models.ForeignKey(
        "regions.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("县（市）")
    )
    plan_version = models.ForeignKey(
        "applications.PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准的建设方案版本"),
    )
    created_at = ClockTimeField(_("创建时间"))

    class Meta:
        ordering = ["batch", "county"]
        verbose_name = _("建设项目")
        verbose_name_plural = _("建设项目")

    def __str__(self) -> str:
        return f"{self.county.name}（{self.batch.name}）"

    @property
    def years(self) -> tuple[int, ...]:
        return self.batch.construction_years

    def plan_json(self) -> dict:
        """The approved plan: the frozen version the ministry approved, else the application's working copy."""
        if self.plan_version is not None:
            return dict(self.plan_version.content or {})
        return self.application.plan_json()


class ReportDeadline(models.Model):
    """A batch's due date for the reports on one year (without a row: 31 March of the following year)."""

    batch = models.ForeignKey(
        "batches.Batch", on_delete=models.CASCADE, related_name="+", verbose_name=_("批次")
    )
    year = models.PositiveSmallIntegerField(_("报告年度"), validators=YEARS)
    due = models.DateField(_("报送截止日期"))

    class Meta:
        ordering = ["batch", "year"]
        constraints = [models.UniqueConstraint(fields=["batch", "year"], name="report_deadline_unique")]
        verbose_name = _("年度报告截止日期")
        verbose_name_plural = _("年度报告截止日期")

    def __str__(self) -> str:
        return f"{self.batch} {self.year}: {self.due}"


def due_date(batch_id: int, year: int):
    override = (
        ReportDeadline.objects.filter(batch_id=batch_id, year=year).values_list("due", flat=True).first()
    )
    return report_due(year, override)


class AnnualReport(StatefulModel):
    STATE_FIELDS = ("state",)
    INITIAL_STATES = {"state": ("",)}

    project = models.ForeignKey(
        ConstructionProject, on_delete=models.PROTECT, related_name="reports", verbose_name=_("建设项目")
    )
    year = models.PositiveSmallIntegerField(_("报告年度"), validators=YEARS)
    state = models.CharField(_("状态"), max_length=32, choices=REPORT_STATE_CHOICES, blank=True)
    content = models.JSONField(_("报告内容"), default=dict, blank=True)
    revision = models.PositiveIntegerField(_("保存次数"), default=0)
    first_submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)
    passed_at = models.DateTimeField(_("省级审核通过时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("科技部接收时间"), null=True, blank=True)
    return_reasons = models.JSONField(_("最近一次退回的理由（分部分）"), default=dict, blank=True)
    returned_by = models.CharField(_("退回方"), max_length=32, blank=True)
    created_at = ClockTimeField(_("创建时间"))
    updated_at = ClockTimeField(_("最后保存"), on_update=True)

    class Meta:
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="annual_report_unique")]
        indexes = [models.Index(fields=["state", "year"])]
        verbose_name = _("年度建设进展报告")
        verbose_name_plural = _("年度建设进展报告")

    def __str__(self) -> str:
        return f"{self.project.county.name}{self.year}年度建设进展报告"

    @property
    def report_state(self) -> ReportState | None:
        return ReportState(self.state) if self.state else None

    @property
    def due(self):
        return due_date(self.project.batch_id, self.year)


class ReportEvent(models.Model):
    """One step of a report's history (mirrors the audit log): who did what, when and why."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=32)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(blank=True)
    section_reasons = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.transition}"


class ReportComment(models.Model):
    """A ministry (or province) comment on a report; no state change."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("意见"), max_length=2000)
    at = ClockTimeField(_("时间"))

    class Meta:
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


def report_attachment_path(instance: ReportAttachment, filename: str) -> str:
    return f"reports/{instance.report.project_id}/{instance.report_id}/{instance.token}"


class ReportAttachment(models.Model):
    """A supporting file of a report, stored privately (checked by ``common.filecheck``)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True, editable=False)
    title = models.CharField(_("说明"), max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=report_attachment_path, max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = ClockTimeField(_("上传时间"))
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
