"""Questioning, field inspection, the approval list with its entries, objections, and document templates.

Every subject with states (question, inspection, approval list, objection) is a :class:`StatefulModel`
changed only through the workflow adapter (:mod:`innocounty.approvals.bindings`). Files (inspection photos
and attachments, objection attachments) are stored under MEDIA_ROOT with random names, never served
directly: the views stream them after a permission check.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.fields import ClockTimeField
from innocounty.common.states import StatefulModel
from innocounty.programme.approval import (
    ApprovalListState,
    InspectionState,
    ObjectionOutcome,
    ObjectionState,
    QuestionState,
)
from innocounty.programme.approval_rules import InspectionConclusion, ListDecision

TEXT_MAX = 4000


def _token() -> str:
    return secrets.token_hex(16)


class Question(StatefulModel):
    INITIAL_STATES = {"state": (QuestionState.OPEN.value,)}

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="questions")
    state = models.CharField(_("状态"), max_length=16, default=QuestionState.OPEN.value)
    text = models.TextField(_("问题"), max_length=2000)
    deadline = models.DateField(_("答复期限"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = ClockTimeField(_("提出时间"))
    answer = models.TextField(_("答复"), max_length=TEXT_MAX, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")  # fmt: skip
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["application", "asked_at", "id"]
        verbose_name = _("质询问题")
        verbose_name_plural = _("质询问题")

    def __str__(self) -> str:
        return f"{self.application.county.name}：{self.text[:20]}"


class Inspection(StatefulModel):
    INITIAL_STATES = {"state": (InspectionState.DRAFT.value,)}

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="inspections")
    state = models.CharField(_("状态"), max_length=16, default=InspectionState.DRAFT.value)
    starts = models.DateField(_("考察开始日期"), null=True, blank=True)
    ends = models.DateField(_("考察结束日期"), null=True, blank=True)
    team = models.TextField(_("考察组（专家与工作人员）"), max_length=2000, blank=True)
    team_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                        verbose_name=_("考察组中的平台用户"))  # fmt: skip
    itinerary = models.TextField(_("行程"), max_length=TEXT_MAX, blank=True)
    findings = models.JSONField(_("各重点任务的考察发现"), default=dict, blank=True)
    conclusion = models.CharField(_("考察结论"), max_length=16, blank=True,
                                  choices=[(c.value, c.label) for c in InspectionConclusion])  # fmt: skip
    conclusion_text = models.TextField(_("结论说明"), max_length=TEXT_MAX, blank=True)
    province_may_see = models.BooleanField(_("省级可见"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = ClockTimeField(_("创建时间"))
    updated_at = ClockTimeField(_("最后保存"), on_update=True)

    class Meta:
        ordering = ["application", "starts", "id"]
        verbose_name = _("实地考察记录")
        verbose_name_plural = _("实地考察记录")

    def __str__(self) -> str:
        return f"{self.application.county.name}实地考察"


def inspection_file_path(instance: InspectionFile, filename: str) -> str:
    return f"inspections/{instance.inspection_id}/{instance.token}"


class InspectionFile(models.Model):
    PHOTO, ATTACHMENT = "photo", "attachment"
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="files")
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    purpose = models.CharField(_("用途"), max_length=12, choices=[(PHOTO, _("照片")), (ATTACHMENT, _("附件"))])
    kind = models.CharField(_("类型"), max_length=8)
    title = models.CharField(_("说明"), max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=inspection_file_path, max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = ClockTimeField(_("上传时间"))

    class Meta:
        ordering = ["inspection", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ApprovalList(StatefulModel):
    INITIAL_STATES = {"state": (ApprovalListState.DRAFT.value,)}

    batch = models.OneToOneField("batches.Batch", on_delete=models.CASCADE, related_name="approval_list")
    state = models.CharField(_("状态"), max_length=16, default=ApprovalListState.DRAFT.value)
    places = models.PositiveSmallIntegerField(_("拟批准数量"), null=True, blank=True)
    plan = models.JSONField(_("布局计划（各区域、主题的计划数）"), default=dict, blank=True)
    notice_starts = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_ends = models.DateField(_("公示结束日期"), null=True, blank=True)
    document_number = models.CharField(_("发文字号"), max_length=40, blank=True)
    document_date = models.DateField(_("成文日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = ClockTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("批准建设名单")
        verbose_name_plural = _("批准建设名单")

    def __str__(self) -> str:
        return f"{self.batch.name}批准建设名单"


class ListEntry(models.Model):
    """One application on the list: what was weighed (at drafting) and the ministry's decision."""

    approval_list = models.ForeignKey(ApprovalList, on_delete=models.CASCADE, related_name="entries")
    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="list_entry")
    score = models.FloatField(_("咨询评议得分"), null=True, blank=True)
    evaluation_rank = models.PositiveIntegerField(_("数据评价全国排名"), null=True, blank=True)
    order = models.PositiveIntegerField(_("评分排序"), default=0)
    decision = models.CharField(_("决定"), max_length=16, blank=True,
                                choices=[(d.value, d.label) for d in ListDecision])  # fmt: skip
    reason = models.TextField(_("理由"), max_length=2000, blank=True)

    class Meta:
        ordering = ["approval_list", "order", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.decision or '—'}"


def objection_file_path(instance: Objection, filename: str) -> str:
    return f"objections/{instance.approval_list_id}/{instance.token}"


class Objection(StatefulModel):
    INITIAL_STATES = {"state": (ObjectionState.LODGED.value,)}

    approval_list = models.ForeignKey(ApprovalList, on_delete=models.CASCADE, related_name="objections")
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="objections",
                                    verbose_name=_("所涉县（市）"))  # fmt: skip
    state = models.CharField(_("状态"), max_length=16, default=ObjectionState.LODGED.value)
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    name = models.CharField(_("姓名或单位"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"), max_length=TEXT_MAX)
    attachment = models.FileField(upload_to=objection_file_path, max_length=255, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_kind = models.CharField(max_length=8, blank=True)
    client_address = models.CharField(max_length=64, blank=True)  # for the rate limit; never shown
    lodged_at = ClockTimeField(_("提出时间"))
    outcome = models.CharField(_("处理方式"), max_length=10, blank=True,
                               choices=[(o.value, o.label) for o in ObjectionOutcome])  # fmt: skip
    reason = models.TextField(_("处理理由"), max_length=2000, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")  # fmt: skip
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["approval_list", "lodged_at", "id"]
        indexes = [models.Index(fields=["client_address", "lodged_at"])]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")


class DocumentKind(models.TextChoices):
    PUBLIC_NOTICE = "public_notice", _("公示通知")
    PUBLICATION = "publication", _("发文公布通知")
    RECOMMENDATION_LETTER = "recommendation_letter", _("省级推荐函")
    APPLICATION_FORM = "application_form", _("申报书")


class DocumentTemplate(models.Model):
    """The ministry's text of one kind of document; ``{placeholders}`` are filled at rendering."""

    kind = models.CharField(_("文书类型"), max_length=32, choices=DocumentKind.choices, unique=True)
    office = models.CharField(_("发文机关标志"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    addressee = models.CharField(_("主送机关"), max_length=200, blank=True)
    body = models.TextField(_("正文"), max_length=8000)
    signature = models.CharField(_("落款"), max_length=100)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")  # fmt: skip
    updated_at = ClockTimeField(_("最后修改"), on_update=True)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")

    def __str__(self) -> str:
        return self.get_kind_display()
