"""Evaluation runs and their stored results.

An :class:`EvaluationRun` is one run of the index engine (:mod:`innocounty.evaluation`) on one monitoring
year's values under one framework version, with the fully resolved method, the uncertainty replicates and
seed, checksums of its input, configuration and results, and its status. Once it has succeeded it is
immutable: only the publication fields may change (:data:`PUBLICATION_FIELDS`).

Results are stored flat for fast reading: one :class:`CountyResult` per (run, county) with the index,
dimension scores, ranks, rank intervals, eligibility and performance group, and one
:class:`IndicatorResult` per (run, county, indicator). :class:`RunNodeWeight` keeps the weights and effective
weights of every framework node as the run used them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.fields import ClockTimeField
from innocounty.common.states import StatefulModel


class ImmutableRunError(Exception):
    """A succeeded run (or its results) was about to be changed."""


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class DataScope(models.TextChoices):
    ACCEPTED = "accepted", _("仅已接收的省级数据")
    ALL = "all", _("全部已导入数据（含未接收，仅供试算/演示）")


# The only fields of a succeeded run that may still change.
PUBLICATION_FIELDS = frozenset({"published", "published_at", "published_by", "public_visible", "partial_confirmed"})
# The statuses of a run still in the queue or being computed (one per request fingerprint).
ACTIVE_STATUSES = ("queued", "running")


class EvaluationRun(StatefulModel):
    STATE_FIELDS = ("status", "published")
    INITIAL_STATES = {"status": ("queued",), "published": (False,)}

    year = models.PositiveSmallIntegerField(_("监测年度"), db_index=True)
    framework = models.ForeignKey(
        "monitoring.Framework", on_delete=models.PROTECT, related_name="evaluation_runs", verbose_name=_("指标体系")
    )
    data_round = models.ForeignKey(
        "monitoring.DataRound", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluation_runs",
        verbose_name=_("数据填报轮次"),
    )
    data_scope = models.CharField(_("数据范围"), max_length=16, choices=DataScope.choices, default=DataScope.ACCEPTED)
    label = models.CharField(_("说明"), max_length=200, blank=True)
    method = models.JSONField(_("方法配置（完整解析）"), default=dict)
    method_input = models.JSONField(_("方法配置（用户输入）"), default=dict)
    replicates = models.PositiveIntegerField(_("不确定性分析重复次数"), default=1000)
    seed = models.BigIntegerField(_("随机种子"))
    status = models.CharField(_("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    progress_message = models.CharField(_("进度说明"), max_length=200, blank=True)
    created_at = ClockTimeField(_("创建时间"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    warnings = models.JSONField(_("警告"), default=list, blank=True)
    input_sha256 = models.CharField(_("输入数据 SHA-256"), max_length=64, blank=True)
    config_sha256 = models.CharField(_("配置 SHA-256"), max_length=64, blank=True)
    result_sha256 = models.CharField(_("结果 SHA-256"), max_length=64, blank=True)
    result_checksums = models.JSONField(_("各结果表 SHA-256"), default=dict, blank=True)
    engine_version = models.CharField(_("引擎版本"), max_length=64, blank=True)
    applied_rules = models.JSONField(_("适用的分组与资格规则"), default=dict, blank=True)
    unit_count = models.PositiveIntegerField(_("参评县数"), default=0)
    failed_replicates = models.PositiveIntegerField(_("失败的重复"), default=0)
    synthetic_data = models.BooleanField(_("模拟数据"), default=False, help_text=_("输入含演示用模拟数据"))
    coverage = models.JSONField(
        _("覆盖范围"), default=dict, blank=True,
        help_text=_("参评的省份与县（市）及其占全国符合条件县（市）的比例（见 evaluations/coverage.py）"),
    )
    request_sha256 = models.CharField(
        _("请求指纹"), max_length=64, blank=True,
        help_text=_("年度、指标体系、方法、重复次数、种子与数据范围的指纹：同一请求只能有一个排队中或运行中的运行"),
    )
    attempt = models.PositiveSmallIntegerField(_("第几次执行"), default=1)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    partial_confirmed = models.BooleanField(_("已确认部分覆盖发布"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("发起人"),
    )
    supersedes = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="superseded_by",
        verbose_name=_("取代的运行"),
    )
    published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("发布人"),
    )
    public_visible = models.BooleanField(_("向公众公开"), default=False)

    class Meta:
        ordering = ["-year", "-created_at", "-pk"]
        verbose_name = _("评价运行")
        verbose_name_plural = _("评价运行")
        indexes = [models.Index(fields=["year", "published", "-published_at"], name="evalrun_year_published")]
        constraints = [
            models.UniqueConstraint(
                fields=["request_sha256"], condition=models.Q(status__in=ACTIVE_STATUSES) & ~models.Q(request_sha256=""),
                name="evalrun_one_active_per_request",
            ),
        ]

    def __str__(self) -> str:
        name = _("%(year)d 年度评价 #%(pk)s") % {"year": self.year, "pk": self.pk}
        if (self.coverage or {}).get("missing_counties"):  # stored coverage only: no query here
            name += str(_("（部分覆盖）"))
        return name

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        only_publication = fields is not None and set(fields) <= PUBLICATION_FIELDS
        if (not self._state.adding and not only_publication
                and EvaluationRun.objects.filter(pk=self.pk, status=RunStatus.SUCCEEDED).exists()):
            raise ImmutableRunError(str(_("已完成的评价运行不可修改（只能发布或调整公开范围）。")))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.published:
            raise ImmutableRunError(str(_("已发布的评价运行不可删除。")))
        return super().delete(*args, **kwargs)

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class _ResultRow(models.Model):
    """Rows written once in bulk while the run is running; never edited afterwards."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if EvaluationRun.objects.filter(pk=self.run_id, status=RunStatus.SUCCEEDED).exists():
            raise ImmutableRunError(str(_("已完成的评价运行的结果不可修改。")))
        super().save(*args, **kwargs)


class CountyResult(_ResultRow):
    """One county's result in a run: everything the rankings, maps and profile pages list."""

    run = models.ForeignKey(EvaluationRun, on_delete=models.CASCADE, related_name="county_results")
    county = models.ForeignKey("regions.County", on_delete=models.PROTECT, related_name="+")
    county_name = models.CharField(_("名称"), max_length=64)
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, related_name="+")
    prefecture_code = models.CharField(_("地级行政区代码"), max_length=6)
    belt = models.CharField(_("区域（东中西）"), max_length=8)
    unit_type = models.CharField(_("类型"), max_length=8)
    status = models.CharField(_("参评状态"), max_length=16, default="ok")
    coverage = models.FloatField(_("数据完整度"), null=True)
    index_score = models.FloatField(_("综合指数"), null=True)
    dimension_scores = models.JSONField(_("维度得分"), default=dict)
    national_rank = models.PositiveIntegerField(_("全国排名"), null=True)
    national_n = models.PositiveIntegerField(_("全国参评数"), null=True)
    province_rank = models.PositiveIntegerField(_("省内排名"), null=True)
    province_n = models.PositiveIntegerField(_("省内参评数"), null=True)
    national_rank_q05 = models.FloatField(_("全国排名 5% 分位"), null=True)
    national_rank_q95 = models.FloatField(_("全国排名 95% 分位"), null=True)
    national_rank_median = models.FloatField(_("全国排名中位数"), null=True)
    province_rank_q05 = models.FloatField(_("省内排名 5% 分位"), null=True)
    province_rank_q95 = models.FloatField(_("省内排名 95% 分位"), null=True)
    province_rank_median = models.FloatField(_("省内排名中位数"), null=True)
    eligible_share = models.FloatField(_("综合指数达标的重复占比"), null=True)
    eligible = models.BooleanField(_("位居本省前列"), null=True)
    composite_pass = models.BooleanField(_("综合指数达标"), null=True)
    indicator_pass = models.BooleanField(_("指标数达标"), null=True)
    composite_cutoff = models.PositiveIntegerField(_("综合指数省内名次线"), null=True)
    top_indicator_count = models.PositiveIntegerField(_("省内前列指标数"), null=True)
    indicator_min_count = models.PositiveIntegerField(_("要求的前列指标数"), null=True)
    top_quartile_indicators = models.JSONField(_("省内前列指标"), default=list)
    indicators_with_data = models.PositiveIntegerField(_("有数据的指标数"), null=True)
    eligibility_reason = models.CharField(_("资格说明"), max_length=300, blank=True)
    performance_group = models.CharField(_("分档"), max_length=32, blank=True)
    performance_group_label = models.CharField(_("分档代码"), max_length=32, blank=True)
    performance_ratio = models.FloatField(_("相对全国均值（%）"), null=True)
    fixed_class = models.CharField(_("固定阈值分档"), max_length=8, blank=True)

    class Meta:
        ordering = ["run", "national_rank", "county_id"]
        verbose_name = _("县（市）评价结果")
        verbose_name_plural = _("县（市）评价结果")
        constraints = [models.UniqueConstraint(fields=["run", "county"], name="county_result_run_county_unique")]
        indexes = [
            models.Index(fields=["run", "national_rank"], name="countyres_run_nrank"),
            models.Index(fields=["run", "province", "province_rank"], name="countyres_run_prov_rank"),
            models.Index(fields=["run", "belt", "national_rank"], name="countyres_run_belt_rank"),
            models.Index(fields=["county", "run"], name="countyres_county_run"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.county_name}"


class IndicatorResult(_ResultRow):
    """One indicator of one county in a run: raw, denominated and normalised value, ranks and flags."""

    run = models.ForeignKey(EvaluationRun, on_delete=models.CASCADE, related_name="indicator_results")
    county = models.ForeignKey("regions.County", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, related_name="+")
    indicator_code = models.CharField(_("指标代码"), max_length=32)
    position = models.PositiveSmallIntegerField(_("顺序"))
    raw_value = models.FloatField(_("原始值"), null=True)
    denominated_value = models.FloatField(_("折算值"), null=True)
    normalised_score = models.FloatField(_("标准化得分"), null=True)
    national_rank = models.PositiveIntegerField(_("全国排名"), null=True)
    province_rank = models.PositiveIntegerField(_("省内排名"), null=True)
    top_quartile = models.BooleanField(_("位居省内前列"), default=False)
    imputed = models.BooleanField(_("插补"), default=False)
    treated = models.BooleanField(_("异常值处理"), default=False)

    class Meta:
        ordering = ["run", "county", "position"]
        verbose_name = _("指标评价结果")
        verbose_name_plural = _("指标评价结果")
        constraints = [
            models.UniqueConstraint(fields=["run", "county", "indicator_code"], name="indicator_result_unique")
        ]
        indexes = [
            models.Index(fields=["run", "indicator_code", "province", "province_rank"], name="indres_run_ind_prov"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.county_id} · {self.indicator_code}"


class RunNodeWeight(_ResultRow):
    """A framework node's weight and effective weight (§3) as the run used them."""

    run = models.ForeignKey(EvaluationRun, on_delete=models.CASCADE, related_name="node_weights")
    position = models.PositiveSmallIntegerField(_("顺序"))
    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=200)
    level = models.PositiveSmallIntegerField(_("层级"))
    parent_code = models.CharField(_("上级"), max_length=32, blank=True)
    direction = models.SmallIntegerField(_("方向"), default=1)
    unit = models.CharField(_("单位"), max_length=32, blank=True)
    weight = models.FloatField(_("权重"))
    effective_weight = models.FloatField(_("有效权重"))

    class Meta:
        ordering = ["run", "position"]
        verbose_name = _("节点权重")
        verbose_name_plural = _("节点权重")
        constraints = [models.UniqueConstraint(fields=["run", "code"], name="run_node_weight_unique")]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.code}"



class RunStatisticalAudit(_ResultRow):
    """The run's statistical audit (:mod:`innocounty.evaluation.statistical_audit`): per indicator coverage and
    skewness/kurtosis before and after treatment, the correlation matrix with its flags, Cronbach's α and the
    first principal component per dimension; and the scenarios asked for on the run form (alternative weights and
    methods, their ranks side by side) and the sensitivity analysis (methodology §9). Written with the other
    results, checksummed with them."""

    run = models.OneToOneField(EvaluationRun, on_delete=models.CASCADE, related_name="statistical_audit")
    report = models.JSONField(_("统计审计"), default=dict)
    scenarios = models.JSONField(
        _("情景分析"), default=dict, blank=True,
        help_text=_("运行表单中设定的备选权重与方法：各情景的全国排名与相对本次运行的名次变化"),
    )
    sensitivity = models.JSONField(
        _("敏感性分析"), default=dict, blank=True,
        help_text=_("运行表单中要求的敏感性分析：各不确定输入的一阶与总效应指数，各县（市）全国排名的变动范围"),
    )

    class Meta:
        verbose_name = _("统计审计")
        verbose_name_plural = _("统计审计")

    def __str__(self) -> str:
        return f"{self.run_id} · audit"
