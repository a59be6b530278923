"""The "start a run" form: the engine's method structure as form fields (methodology §2, §4, §5, §8)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innocounty.common.bounds import SEED_MAX, SEED_MIN, YEAR_MAX, YEAR_MIN
from innocounty.evaluations.models import DataScope
from innocounty.evaluations.runs import MAX_REPLICATES
from innocounty.evaluations.sensitivity import DEFAULT_BOOTSTRAP, MAX_BOOTSTRAP, MAX_SAMPLES
from innocounty.monitoring.models import Framework, FrameworkStatus

IMPUTE_CHOICES = [("mean", _("全国均值")), ("group_mean", _("本省均值")), ("none", _("不插补"))]
NORMALISE_CHOICES = [("minmax", _("最小-最大（区间）")), ("zscore", _("z 分数"))]
AGGREGATE_CHOICES = [("arithmetic", _("算术平均")), ("geometric", _("几何平均")), ("harmonic", _("调和平均"))]
DEGENERATE_CHOICES = [("error", _("报错并终止")), ("midpoint", _("取中点")), ("exclude", _("排除该指标"))]
COMPOSITE_RULES = [("top_share", _("省内前 p 比例")), ("top_n", _("省内前 N 名")), ("off", _("不考核综合指数"))]
COMBINE_CHOICES = [("and", _("两项均须满足")), ("or", _("满足其一")), ("composite_only", _("仅综合指数")),
                   ("indicators_only", _("仅指标数"))]
RANGE_LIMIT = 1e6  # bounds of the normalisation interval
COUNT_LIMIT = 10_000  # more counties than any province has, more indicators than any framework
GEOMETRIC_SAFE_NORMALISATIONS = [{"method": "minmax", "range": [1, 100]}, {"method": "zscore", "mean": 10, "sd": 2}]


SCENARIO_NORMALISE = [("", _("同本次运行")), ("minmax", _("最小-最大（区间 0–100）")), ("zscore", _("z 分数")),
                      ("rank", _("名次")), ("prank", _("百分位名次"))]
SCENARIO_AGGREGATE = [("", _("同本次运行")), ("arithmetic", _("算术平均")), ("geometric", _("几何平均（区间 1–100）"))]
SCENARIO_COUNT = 2
WEIGHT_LIMIT = 1000.0
WEIGHTS_PATTERN = re.compile(r"^\s*([A-Za-z0-9_.-]{1,32})\s*[=:：]\s*([0-9]+(?:\.[0-9]+)?)\s*$")


def parse_weights(text: str) -> dict[str, float]:
    """"D1=2; D2=1" (also , ， ； or new lines between entries) → {code: weight}; ValueError with a message."""
    out: dict[str, float] = {}
    for part in re.split(r"[;,；，\n]+", text or ""):
        if not part.strip():
            continue
        match = WEIGHTS_PATTERN.match(part)
        if not match:
            raise ValueError(_("无法识别“%(part)s”：请写成 代码=权重，例如 D1=2; D2=1。") % {"part": part.strip()[:40]})
        value = float(match.group(2))
        if value > WEIGHT_LIMIT:
            raise ValueError(_("权重须在 0–%(max)d 之间。") % {"max": int(WEIGHT_LIMIT)})
        out[match.group(1)] = value
    return out


class RunForm(forms.Form):
    year = forms.IntegerField(label=_("监测年度"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    framework = forms.ModelChoiceField(label=_("指标体系"), queryset=Framework.objects.exclude(
        status=FrameworkStatus.DRAFT).order_by("code", "-imported_at"))
    scope = forms.ChoiceField(label=_("数据范围"), choices=DataScope.choices, initial=DataScope.ACCEPTED)
    label = forms.CharField(label=_("说明"), max_length=200, required=False)
    impute_method = forms.ChoiceField(label=_("缺失值插补"), choices=IMPUTE_CHOICES, initial="mean")
    treat = forms.BooleanField(label=_("异常值处理（偏度/峰度规则，缩尾）"), required=False, initial=True)
    winmax = forms.IntegerField(label=_("最多缩尾个数 winmax"), min_value=0, max_value=50, initial=5)
    normalise_method = forms.ChoiceField(label=_("标准化方法"), choices=NORMALISE_CHOICES, initial="minmax")
    range_lower = forms.FloatField(label=_("区间下限"), initial=0, min_value=-RANGE_LIMIT, max_value=RANGE_LIMIT)
    range_upper = forms.FloatField(label=_("区间上限"), initial=100, min_value=-RANGE_LIMIT, max_value=RANGE_LIMIT)
    degenerate = forms.ChoiceField(label=_("退化列处理（全部取值相同）"), choices=DEGENERATE_CHOICES, initial="error")
    aggregate_method = forms.ChoiceField(label=_("汇总方法"), choices=AGGREGATE_CHOICES, initial="arithmetic")
    replicates = forms.IntegerField(label=_("不确定性分析重复次数"), min_value=0, max_value=MAX_REPLICATES, initial=1000)
    seed = forms.IntegerField(label=_("随机种子（留空则随机生成并记录）"), min_value=SEED_MIN, max_value=SEED_MAX, required=False)
    sensitivity_n = forms.IntegerField(
        label=_("敏感性分析样本数 N（0 = 不做；共 N×(输入数+2) 次计算）"), min_value=0, max_value=MAX_SAMPLES, initial=0,
        required=False)
    sensitivity_nboot = forms.IntegerField(label=_("自助重抽样次数（指数的 5%–95% 区间）"), min_value=1,
                                           max_value=MAX_BOOTSTRAP, initial=DEFAULT_BOOTSTRAP, required=False)
    composite_rule = forms.ChoiceField(label=_("综合指数条件"), choices=COMPOSITE_RULES, initial="top_share")
    composite_p = forms.FloatField(label=_("前 p 比例"), min_value=0.0, max_value=1.0, initial=0.25)
    composite_n = forms.IntegerField(label=_("前 N 名"), min_value=1, max_value=COUNT_LIMIT, required=False, initial=10)
    indicator_share = forms.FloatField(label=_("指标位居前列的比例 q"), min_value=0.0, max_value=1.0, initial=0.25)
    indicator_min_count = forms.IntegerField(
        label=_("至少几项指标位居前列（留空 = 指标数的一半，向上取整）"), min_value=0, max_value=COUNT_LIMIT, required=False)
    combine = forms.ChoiceField(label=_("两项条件的组合"), choices=COMBINE_CHOICES, initial="and")
    scenario_1_label = forms.CharField(label=_("情景一：名称"), max_length=60, required=False)
    scenario_1_weights = forms.CharField(label=_("情景一：权重（代码=权重，例如 D1=2; D2=1；留空 = 指标体系权重）"),
                                         max_length=500, required=False)
    scenario_1_normalise = forms.ChoiceField(label=_("情景一：标准化方法"), choices=SCENARIO_NORMALISE, required=False)
    scenario_1_aggregate = forms.ChoiceField(label=_("情景一：汇总方法"), choices=SCENARIO_AGGREGATE, required=False)
    scenario_2_label = forms.CharField(label=_("情景二：名称"), max_length=60, required=False)
    scenario_2_weights = forms.CharField(label=_("情景二：权重（代码=权重）"), max_length=500, required=False)
    scenario_2_normalise = forms.ChoiceField(label=_("情景二：标准化方法"), choices=SCENARIO_NORMALISE, required=False)
    scenario_2_aggregate = forms.ChoiceField(label=_("情景二：汇总方法"), choices=SCENARIO_AGGREGATE, required=False)

    FIELDSETS = [
        (_("数据"), ["year", "framework", "scope", "label"]),
        (_("方法"), ["impute_method", "treat", "winmax", "normalise_method", "range_lower", "range_upper",
                   "degenerate", "aggregate_method"]),
        (_("不确定性分析（权重 ±25% 扰动与标准化方法的蒙特卡洛模拟）"), ["replicates", "seed"]),
        (_("敏感性分析（Saltelli 方法：权重与标准化方法各自对名次的影响；可不做）"),
         ["sensitivity_n", "sensitivity_nboot"]),
        (_("“位居本省前列”资格规则（暂行）"), ["composite_rule", "composite_p", "composite_n", "indicator_share",
                                     "indicator_min_count", "combine"]),
        (_("情景分析（备选权重与方法，与本次运行的名次并列比较；可不填）"),
         [f"scenario_{i}_{part}" for i in range(1, SCENARIO_COUNT + 1)
          for part in ("label", "weights", "normalise", "aggregate")]),
    ]

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean(self):
        data = super().clean()
        if data.get("range_lower") is not None and data.get("range_upper") is not None \
                and data["range_lower"] >= data["range_upper"]:
            self.add_error("range_upper", _("区间上限必须大于下限。"))
        if data.get("composite_rule") == "top_n" and not data.get("composite_n"):
            self.add_error("composite_n", _("选择“省内前 N 名”时须填写 N。"))
        if data.get("aggregate_method") in ("geometric", "harmonic") and data.get("normalise_method") == "minmax" \
                and data.get("range_lower") is not None and data["range_lower"] <= 0:
            self.add_error("range_lower", _("几何/调和平均要求所有得分大于 0：请把区间下限设为大于 0，例如 1。"))
        self._clean_scenarios(data)
        return data

    def _clean_scenarios(self, data) -> None:
        framework = data.get("framework")
        codes = set(framework.nodes.values_list("code", flat=True)) if framework is not None else None
        self.scenarios = []
        for i in range(1, SCENARIO_COUNT + 1):
            field = f"scenario_{i}_weights"
            try:
                weights = parse_weights(data.get(field) or "")
            except ValueError as exc:
                self.add_error(field, str(exc))
                continue
            unknown = sorted(set(weights) - codes) if codes is not None else []
            if unknown:
                self.add_error(field, _("指标体系中没有这些代码：%(codes)s。") % {"codes": "、".join(unknown[:5])})
                continue
            method: dict[str, Any] = {}
            norm, agg = data.get(f"scenario_{i}_normalise"), data.get(f"scenario_{i}_aggregate")
            if norm:
                method["normalise"] = {"method": norm, **({"range": [0.0, 100.0]} if norm == "minmax" else {})}
            if agg:
                method["aggregate"] = {"method": agg}
                if agg == "geometric":
                    method["normalise"] = GEOMETRIC_SAFE_NORMALISATIONS[0] if norm in ("", "minmax", None) else \
                        GEOMETRIC_SAFE_NORMALISATIONS[1] if norm == "zscore" else method.get("normalise", {})
                    if norm in ("rank", "prank"):
                        self.add_error(f"scenario_{i}_aggregate", _("几何平均要求得分大于 0：请选用最小-最大或 z 分数。"))
                        continue
            if weights or method:
                label = (data.get(f"scenario_{i}_label") or "").strip() or _("情景%(n)d") % {"n": i}
                self.scenarios.append({"id": f"S{i}", "label": str(label), "weights": weights, "method": method})

    def method(self) -> dict[str, Any]:
        """The engine's method dict (validated again by the engine when the run starts)."""
        method = method_from_settings(self.cleaned_data)
        if getattr(self, "scenarios", None):
            method["scenarios"] = self.scenarios
        if self.cleaned_data.get("sensitivity_n"):
            method["sensitivity"] = {"n": self.cleaned_data["sensitivity_n"],
                                     "Nboot": self.cleaned_data.get("sensitivity_nboot") or DEFAULT_BOOTSTRAP}
        return method


def method_from_settings(d: dict[str, Any]) -> dict[str, Any]:
    normalise: dict[str, Any] = {"method": d["normalise_method"], "degenerate": d["degenerate"]}
    if d["normalise_method"] == "minmax":
        normalise["range"] = [float(d["range_lower"]), float(d["range_upper"])]
    composite: dict[str, Any] = {"rule": d["composite_rule"]}
    if d["composite_rule"] == "top_share":
        composite["p"] = d["composite_p"]
    elif d["composite_rule"] == "top_n":
        composite["N"] = d["composite_n"]
    indicator: dict[str, Any] = {"share": d["indicator_share"]}
    if d.get("indicator_min_count") is not None:
        indicator["min_count"] = d["indicator_min_count"]
    method: dict[str, Any] = {
        "impute": {"method": d["impute_method"]},
        "treat": {"method": "jrc" if d["treat"] else "none", "winmax": d["winmax"]},
        "normalise": normalise,
        "aggregate": {"method": d["aggregate_method"]},
        "group_by": ["province"],
        "eligibility": {"composite": composite, "indicator": indicator, "combine": d["combine"]},
        # Fixed 80/60 classes need an absolute scale; with relative normalisation only the EIS-style
        # classes (relative to the national mean) are meaningful, and z-scores suit neither.
        "groups": {"fixed": False} if d["normalise_method"] == "minmax" else {"relative": False},
    }
    if d["aggregate_method"] != "arithmetic":
        method["uncertainty"] = {"inputs": [
            {"name": "weights", "kind": "weights", "noise": 0.25},
            {"name": "normalise", "kind": "discrete", "key": "normalise", "values": GEOMETRIC_SAFE_NORMALISATIONS},
        ]}
    return method


DEFAULT_SETTINGS = {name: field.initial for name, field in RunForm.base_fields.items() if field.initial is not None}
DEFAULT_METHOD = method_from_settings({**DEFAULT_SETTINGS, "seed": None, "indicator_min_count": None})
