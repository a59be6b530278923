"""Acceptance evaluation (评估验收): one :class:`Acceptance` per construction project, one
:class:`AcceptanceList` per batch, the summary's attachments, and the three-year work plan (三年工作方案).

State columns are moved only by the workflow adapter (tables in :mod:`innocounty.programme.acceptance`).
The work plan's annual reports are :class:`~innocounty.construction.models.AnnualReport` rows of the same
project for the plan's years (the same form, route, deadlines and reminders as the construction years).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.fields import ClockTimeField
from innocounty.common.states import StatefulModel
from innocounty.programme.acceptance import LIST_LABELS, STATE_LABELS

STATE_CHOICES = [(s.value, _(label)) for s, label in STATE_LABELS.items()]  # noqa: INT001 (message ids)
LIST_CHOICES = [(s.value, _(label)) for s, label in LIST_LABELS.items()]  # noqa: INT001 (message ids)
SUMMARY_MAX = 20000


class Acceptance(StatefulModel):
    STATE_FIELDS = ("state",)
    INITIAL_STATES = {"state": ("",)}

    project = models.OneToOneField("construction.ConstructionProject", on_delete=models.PROTECT,
                                   related_name="acceptance", verbose_name=_("建设项目"))  # fmt: skip
    state = models.CharField(_("状态"), max_length=32, choices=STATE_CHOICES, blank=True)
    summary = models.TextField(_("总结材料"), blank=True, max_length=SUMMARY_MAX)
    summary_submitted_at = models.DateTimeField(_("总结材料提交时间"), null=True, blank=True)
    defence_at = models.CharField(_("答辩时间"), max_length=40, blank=True)
    defence_venue = models.CharField(_("视频链接或会议室"), max_length=300, blank=True)
    defence_outcome = models.TextField(_("答辩情况"), blank=True)
    recheck_on = models.DateField(_("复核日期"), null=True, blank=True)
    recheck_team = models.CharField(_("复核组成员"), max_length=500, blank=True)
    recheck_findings = models.TextField(_("复核意见"), blank=True)
    score = models.FloatField(_("专家评分（截尾均值）"), null=True, blank=True)
    decision_reason = models.TextField(_("验收结论理由"), blank=True)
    decided_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    follow_up_findings = models.TextField(_("整改核查意见"), blank=True)
    followed_up_at = models.DateTimeField(_("整改核查时间"), null=True, blank=True)
    created_at = ClockTimeField(_("创建时间"))
    updated_at = ClockTimeField(_("最后保存"), on_update=True)

    class Meta:
        ordering = ["project"]
        verbose_name = _("评估验收")
        verbose_name_plural = _("评估验收")

    def __str__(self) -> str:
        return f"{self.project.county.name}评估验收"


def attachment_path(instance: AcceptanceAttachment, filename: str) -> str:
    return f"acceptance/{instance.acceptance_id}/{instance.token}"


class AcceptanceAttachment(models.Model):
    """A file of the summary (总结材料), stored privately (checked by ``common.filecheck``)."""

    acceptance = models.ForeignKey(Acceptance, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True, editable=False)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=attachment_path, max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = ClockTimeField(_("上传时间"))

    class Meta:
        ordering = ["acceptance", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class AcceptanceList(StatefulModel):
    STATE_FIELDS = ("state",)
    INITIAL_STATES = {"state": ("",)}

    batch = models.OneToOneField("batches.Batch", on_delete=models.PROTECT, related_name="acceptance_list",
                                 verbose_name=_("批次"))  # fmt: skip
    state = models.CharField(_("状态"), max_length=16, choices=LIST_CHOICES, blank=True)
    notice_starts = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends = models.DateField(_("公示结束"), null=True, blank=True)
    published_at = models.DateTimeField(_("发文时间"), null=True, blank=True)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    created_at = ClockTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("验收结论名单")
        verbose_name_plural = _("验收结论名单")

    def __str__(self) -> str:
        return f"{self.batch.name}验收结论"


class WorkPlan(models.Model):
    """The three-year work plan (三年工作方案) of a county that passed acceptance."""

    project = models.OneToOneField("construction.ConstructionProject", on_delete=models.PROTECT,
                                   related_name="work_plan", verbose_name=_("建设项目"))  # fmt: skip
    first_year = models.PositiveSmallIntegerField(_("首年"))
    last_year = models.PositiveSmallIntegerField(_("末年"))
    goals = models.TextField(_("工作目标"), max_length=8000)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = ClockTimeField(_("启动时间"))

    class Meta:
        verbose_name = _("三年工作方案")
        verbose_name_plural = _("三年工作方案")

    def __str__(self) -> str:
        return f"{self.project.county.name}三年工作方案（{self.first_year}—{self.last_year}）"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))


class AcceptanceRubric(models.Model):
    """A batch's acceptance rubric (the core's ``ACCEPTANCE_RUBRIC`` until the ministry edits)."""

    batch = models.OneToOneField("batches.Batch", on_delete=models.CASCADE, related_name="acceptance_rubric")
    criteria = models.JSONField(_("评分标准"), default=list)
    updated_at = ClockTimeField(_("更新时间"), on_update=True)

    class Meta:
        verbose_name = _("验收评分标准")
        verbose_name_plural = _("验收评分标准")

    def __str__(self) -> str:
        return f"{self.batch} · {_('验收评分标准')}"
