"""A county's application (申报) in a batch, its construction plan (建设方案), attachments and versions.

The plan is stored on the application as the working copy (edited while a draft or returned);
every submission freezes it into a :class:`PlanVersion`. :meth:`Application.plan` converts the stored
JSON into the core's :class:`~innocounty.programme.ConstructionPlan`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innocounty.applications.plan_data import plan_from_json
from innocounty.common import clock
from innocounty.common.fields import ClockTimeField
from innocounty.common.labels import STATE_LABELS, THEME_LABELS
from innocounty.common.states import StatefulModel
from innocounty.programme import ApplicationState, ConstructionPlan

STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in ApplicationState]
THEME_CHOICES = [(t.value, label) for t, label in THEME_LABELS.items()]
# States in which the province still has to decide (core: ProvinceListSnapshot.undecided_count).
UNDECIDED_STATES = (ApplicationState.SUBMITTED.value, ApplicationState.RETURNED_BY_PROVINCE.value)
# States in which the county edits the working copy.
EDITABLE_STATES = (ApplicationState.DRAFT.value, ApplicationState.RETURNED_BY_PROVINCE.value)
# States after the province's list reached the ministry.
AT_MINISTRY_STATES = (
    ApplicationState.FORWARDED.value,
    ApplicationState.FORMAL_REVIEW_PASSED.value,
    ApplicationState.FORMAL_REVIEW_FAILED.value,
    ApplicationState.SELECTED_FOR_CONSULTATION.value,
    ApplicationState.NOT_SELECTED.value,
)


class Application(StatefulModel):
    STATE_FIELDS = ("state",)
    INITIAL_STATES = {"state": (ApplicationState.DRAFT.value,)}

    batch = models.ForeignKey("batches.Batch", on_delete=models.PROTECT, related_name="applications")
    county = models.ForeignKey("regions.County", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=32, choices=STATE_CHOICES, default=ApplicationState.DRAFT)
    theme = models.CharField(_("建设主题"), max_length=16, choices=THEME_CHOICES, blank=True)
    sections = models.JSONField(_("建设方案各部分（HTML）"), default=dict, blank=True)
    key_tasks = models.JSONField(_("重点任务落实"), default=dict, blank=True)
    milestones = models.JSONField(_("进度安排节点"), default=list, blank=True)
    targets = models.JSONField(_("量化目标"), default=list, blank=True)
    recommendation_priority = models.PositiveSmallIntegerField(_("推荐顺序"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = ClockTimeField(_("创建时间"))
    updated_at = ClockTimeField(_("最后保存"), on_update=True)
    submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    # Part key ("sections.basis", "key_tasks", "milestones", "targets") → how often it was saved: the
    # version token an editor sends back with each save, so a stale save is refused (editing.py).
    revisions = models.JSONField(_("各部分保存次数"), default=dict, blank=True)
    # The county lets its province read the draft and comment on it before submission (guidance).
    shared_with_province = models.BooleanField(_("草稿已共享给省级"), default=False)
    shared_at = models.DateTimeField(_("共享时间"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "county"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "county"],
                condition=~Q(state=ApplicationState.WITHDRAWN.value),
                name="one_live_application_per_county_and_batch",
            )
        ]
        indexes = [models.Index(fields=["batch", "state"])]

    def __str__(self) -> str:
        return f"{self.county.name} · {self.batch.name}"

    @property
    def application_state(self) -> ApplicationState:
        return ApplicationState(self.state)

    @property
    def province_id(self) -> str:
        return self.county.province_id

    @property
    def is_editable_state(self) -> bool:
        return self.state in EDITABLE_STATES

    def plan(self) -> ConstructionPlan:
        return plan_from_json(self.plan_json())

    def revision(self, part: str) -> int:
        """The version token of one part of the working copy (0 before its first save)."""
        return int((self.revisions or {}).get(part, 0))

    def plan_json(self) -> dict:
        """The working copy as stored in a version."""
        return {
            "theme": self.theme or None,
            "sections": dict(self.sections),
            "key_tasks": dict(self.key_tasks),
            "milestones": list(self.milestones),
            "targets": list(self.targets),
        }


class PlanVersion(models.Model):
    """The plan as submitted (one per submission): never changed afterwards."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    content = models.JSONField(_("内容"))
    attachments = models.JSONField(_("附件清单"), default=list)
    note = models.TextField(_("修改说明"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = ClockTimeField(_("提交时间"))

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("申报版本")
        verbose_name_plural = _("申报版本")
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"

    def plan(self) -> ConstructionPlan:
        return plan_from_json(self.content)


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random; the original name is kept in the row, never used as a path.
    return f"applications/{instance.application.batch_id}/{instance.application_id}/{instance.token}"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word（.docx）"
    XLSX = "xlsx", "Excel（.xlsx）"


class CurrentAttachments(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Attachment(models.Model):
    """A file attached to an application, stored under MEDIA_ROOT (not served) and streamed after a check."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True, editable=False)
    title = models.CharField(_("说明"), max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = ClockTimeField(_("上传时间"))
    removed_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    objects = models.Manager()
    current = CurrentAttachments()

    class Meta:
        ordering = ["application", "uploaded_at", "id"]
        verbose_name = _("申报附件")
        verbose_name_plural = _("申报附件")

    def __str__(self) -> str:
        return self.original_name

    def as_listed(self) -> dict:
        return {"id": self.pk, "name": self.original_name, "title": self.title, "kind": self.kind,
                "size": self.size, "sha256": self.sha256}  # fmt: skip


class ApplicationEvent(models.Model):
    """One step of an application's history: who did what, when and why (mirrors the audit log)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(_("操作"), max_length=40)
    label = models.CharField(_("操作名称"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=32, choices=STATE_CHOICES, blank=True)
    to_state = models.CharField(_("新状态"), max_length=32, choices=STATE_CHOICES)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(_("办理角色"), max_length=32)
    stage = models.CharField(_("环节"), max_length=32)
    reason = models.TextField(_("理由 / 说明"), blank=True)
    details = models.JSONField(_("其他"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"), default=clock.now)

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("申报办理记录")
        verbose_name_plural = _("申报办理记录")

    def __str__(self) -> str:
        return f"{self.application_id} {self.label}"


COMMENT_PARTS = ("general", "theme", "key_tasks", "milestones", "targets")


class PlanComment(models.Model):
    """The province's comment on one part of a shared draft, and the county's answer.

    Comments are never deleted or edited: they stay with the application as part of its history.
    ``part`` is a section key (``basis`` …) or one of :data:`COMMENT_PARTS`.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    part = models.CharField(_("方案部分"), max_length=40)
    text = models.TextField(_("指导意见"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = ClockTimeField(_("提出时间"))
    answer = models.TextField(_("县（市）答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        verbose_name = _("省级指导意见")
        verbose_name_plural = _("省级指导意见")

    def __str__(self) -> str:
        return f"{self.application_id} {self.part}"
