"""The expert pool (专家库), expert assignments (分配) and consultation reviews (咨询评议).

Assignment and Review carry a ``purpose`` ("consultation" now; "acceptance" later reuses them) with the
application they are about and a nullable generic reference (``subject_type``/``subject_id``) for a later
purpose whose subject is not the application itself (an acceptance report).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innocounty.common.fields import ClockTimeField
from innocounty.common.states import StatefulModel
from innocounty.programme.consultation import AssignmentState, Purpose, ReviewState
from innocounty.programme.scoring import DEFAULT_RUBRIC, DisagreementRule, Rubric

PURPOSE_CHOICES = [(Purpose.CONSULTATION.value, _("咨询评议")), (Purpose.ACCEPTANCE.value, _("评估验收"))]
ASSIGNMENT_STATE_CHOICES = [
    (AssignmentState.PROPOSED.value, _("拟分配")), (AssignmentState.INVITED.value, _("已邀请")),
    (AssignmentState.ACCEPTED.value, _("已接受")), (AssignmentState.DECLARED.value, _("已声明无利益冲突")),
    (AssignmentState.DECLINED.value, _("已谢绝")), (AssignmentState.REMOVED.value, _("已撤销")),
]  # fmt: skip
REVIEW_STATE_CHOICES = [(ReviewState.DRAFT.value, _("草稿")), (ReviewState.SUBMITTED.value, _("已提交")),
                        (ReviewState.REOPENED.value, _("已退回修改"))]  # fmt: skip
RECOMMENDATION_CHOICES = [("approve", _("建议批准")), ("approve_after_revision", _("修改后批准")),
                          ("reject", _("不建议批准"))]  # fmt: skip
LIVE_STATES = [s.value for s in (AssignmentState.PROPOSED, AssignmentState.INVITED, AssignmentState.ACCEPTED,
                                 AssignmentState.DECLARED)]  # fmt: skip
PANEL_MIN, PANEL_MAX = 1, 15
LOAD_MIN, LOAD_MAX = 1, 50


class Expert(models.Model):
    """One expert of the pool: a user holding the expert role, with fields of expertise and declared conflicts.

    ``fields``: theme values ("industry", …) and key-task values ("leading_industry", …); ``keywords``: free
    keywords; ``conflict_orgs``: organisations the expert declares a conflict with (names)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile"
    )
    name = models.CharField(_("姓名"), max_length=64)
    organisation = models.CharField(_("工作单位"), max_length=200)
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("所在省份"))  # fmt: skip
    title = models.CharField(_("职称/职务"), max_length=100, blank=True)
    fields = models.JSONField(_("专业领域（建设主题、重点任务）"), default=list, blank=True)
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    conflict_counties = models.ManyToManyField("regions.County", blank=True, related_name="+",
                                               verbose_name=_("须回避的县（市）"))  # fmt: skip
    conflict_orgs = models.JSONField(_("须回避的单位"), default=list, blank=True)
    conflict_statement = models.TextField(_("利益关系说明"), blank=True, max_length=2000)
    max_load = models.PositiveSmallIntegerField(_("本人评审上限"), null=True, blank=True,
                                                validators=[MinValueValidator(LOAD_MIN), MaxValueValidator(LOAD_MAX)])  # fmt: skip
    active = models.BooleanField(_("启用"), default=True)
    created_at = ClockTimeField(_("创建时间"))
    updated_at = ClockTimeField(_("更新时间"), on_update=True)

    class Meta:
        ordering = ["province_id", "name", "pk"]
        verbose_name = _("专家")
        verbose_name_plural = _("专家")

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"


class BatchRubric(models.Model):
    """A batch's consultation rubric and aggregation settings (the core's default until the ministry edits)."""

    batch = models.OneToOneField("batches.Batch", on_delete=models.CASCADE, related_name="rubric")
    criteria = models.JSONField(_("评分标准"), default=list)
    max_range = models.FloatField(_("分歧阈值：极差"), default=DisagreementRule().max_range,
                                  validators=[MinValueValidator(0), MaxValueValidator(100)])  # fmt: skip
    max_sd = models.FloatField(_("分歧阈值：标准差"), default=DisagreementRule().max_sd,
                               validators=[MinValueValidator(0), MaxValueValidator(100)])  # fmt: skip
    updated_at = ClockTimeField(_("更新时间"), on_update=True)

    class Meta:
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")

    def __str__(self) -> str:
        return f"{self.batch} · {_('评分标准')}"

    def rubric(self) -> Rubric:
        return Rubric.from_json(self.criteria) if self.criteria else DEFAULT_RUBRIC

    def disagreement_rule(self) -> DisagreementRule:
        return DisagreementRule(max_range=self.max_range, max_sd=self.max_sd)


class PanelPlan(models.Model):
    """A batch's panel settings for one purpose and the last proposal's quality (shown on the page)."""

    batch = models.ForeignKey("batches.Batch", on_delete=models.CASCADE, related_name="panel_plans")
    purpose = models.CharField(
        _("用途"), max_length=16, choices=PURPOSE_CHOICES, default=Purpose.CONSULTATION.value
    )
    panel_size = models.PositiveSmallIntegerField(_("每组专家人数"), default=5,
                                                  validators=[MinValueValidator(PANEL_MIN), MaxValueValidator(PANEL_MAX)])  # fmt: skip
    max_load = models.PositiveSmallIntegerField(_("每位专家最多评审数（K）"), default=5,
                                                validators=[MinValueValidator(LOAD_MIN), MaxValueValidator(LOAD_MAX)])  # fmt: skip
    quality = models.JSONField(_("最近一次方案的质量"), default=dict, blank=True)
    proposed_at = models.DateTimeField(_("最近生成方案时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认并发出邀请时间"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "purpose"], name="one_panel_plan_per_purpose")
        ]
        verbose_name = _("评审组设置")
        verbose_name_plural = _("评审组设置")

    def __str__(self) -> str:
        return f"{self.batch} · {self.purpose}"


class Assignment(StatefulModel):
    STATE_FIELDS = ("state",)
    INITIAL_STATES = {"state": (AssignmentState.PROPOSED.value,)}

    purpose = models.CharField(
        _("用途"), max_length=16, choices=PURPOSE_CHOICES, default=Purpose.CONSULTATION.value
    )
    batch = models.ForeignKey("batches.Batch", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="expert_assignments"
    )
    subject_type = models.CharField(_("评审对象类型"), max_length=40, blank=True)  # a later purpose's subject
    subject_id = models.PositiveBigIntegerField(_("评审对象"), null=True, blank=True)
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    state = models.CharField(
        _("状态"), max_length=16, choices=ASSIGNMENT_STATE_CHOICES, default=AssignmentState.PROPOSED.value
    )
    match = models.FloatField(_("专业匹配度"), default=0.0)
    reason = models.TextField(_("谢绝或撤销理由"), blank=True)
    invited_at = models.DateTimeField(_("邀请时间"), null=True, blank=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    declared_at = models.DateTimeField(_("声明无利益冲突时间"), null=True, blank=True)
    declaration = models.TextField(_("声明内容"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = ClockTimeField(_("创建时间"))

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("专家分配")
        verbose_name_plural = _("专家分配")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "application", "expert"], condition=Q(state__in=LIVE_STATES),
                                    name="one_live_assignment_per_expert_and_application"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["batch", "purpose", "state"])]

    def __str__(self) -> str:
        return f"{self.expert.name} · {self.application.county.name}"

    @property
    def assignment_state(self) -> AssignmentState:
        return AssignmentState(self.state)


class Review(StatefulModel):
    STATE_FIELDS = ("state",)
    INITIAL_STATES = {"state": (ReviewState.DRAFT.value,)}

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    purpose = models.CharField(
        _("用途"), max_length=16, choices=PURPOSE_CHOICES, default=Purpose.CONSULTATION.value
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="expert_reviews"
    )
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField(
        _("状态"), max_length=16, choices=REVIEW_STATE_CHOICES, default=ReviewState.DRAFT.value
    )
    scores = models.JSONField(_("分项评分"), default=dict, blank=True)
    comments = models.JSONField(_("分项意见"), default=dict, blank=True)
    overall_comment = models.TextField(_("总体意见"), blank=True, max_length=4000)
    recommendation = models.CharField(
        _("总体建议"), max_length=32, choices=RECOMMENDATION_CHOICES, blank=True
    )
    total = models.FloatField(_("总分"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("退回理由"), blank=True)
    updated_at = ClockTimeField(_("最后保存"), on_update=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("评议意见")
        verbose_name_plural = _("评议意见")

    def __str__(self) -> str:
        return f"{self.expert.name} · {self.application.county.name}"
