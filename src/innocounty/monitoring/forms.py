"""Forms of the monitoring pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innocounty.common.bounds import YEAR_MAX, YEAR_MIN
from innocounty.monitoring.models import Framework, FrameworkStatus

FRAMEWORK_FILE_LIMIT = 1024 * 1024


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("监测年度"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    framework = forms.ModelChoiceField(label=_("指标体系"), queryset=Framework.objects.none(), empty_label=_("请选择指标体系"))
    deadline = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("填报说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = Framework.objects.filter(status=FrameworkStatus.ACTIVE)
        self.fields["framework"].queryset = active
        if not self.is_bound:
            self.initial.setdefault("year", default_round_year())
            if len(frameworks := list(active[:2])) == 1:
                self.initial.setdefault("framework", frameworks[0].pk)


def default_round_year() -> int:
    """Last year, or the year after the newest round when last year's round exists already (a default that
    would be refused as a duplicate helps nobody)."""
    from innocounty.monitoring.models import DataRound

    year = timezone.localdate().year - 1
    taken = set(DataRound.objects.values_list("year", flat=True))
    while year in taken and year < 2100:
        year += 1
    return year


class UploadForm(forms.Form):
    file = forms.FileField(label=_("填好的模板（.xlsx）"))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CommentForm(forms.Form):
    indicator_code = forms.ChoiceField(label=_("指标（可选）"), required=False)
    text = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [("", _("整行"))] + [(c.code, f"{c.code} {c.name}") for c in columns]


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=_("指标体系文件（CSV / XLSX / YAML）"))
    code = forms.SlugField(label=_("代码"), max_length=64, help_text=_("如 provisional-23；新版本沿用同一代码"))
    version = forms.CharField(label=_("版本"), max_length=32, required=False, help_text=_("留空则自动编号"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > FRAMEWORK_FILE_LIMIT:
            raise forms.ValidationError(_("文件过大（上限 1 MiB）。"))
        if not uploaded.name.lower().endswith((".csv", ".xlsx", ".yaml", ".yml")):
            raise forms.ValidationError(_("只接受 CSV、XLSX 或 YAML 文件。"))
        return uploaded


class RuleForm(forms.Form):
    """A validation rule; the expressions are checked against the framework's codes by the core's parser."""

    code = forms.SlugField(label=_("规则代码"), max_length=64)
    left = forms.CharField(label=_("左侧表达式"), max_length=300)
    operator = forms.ChoiceField(label=_("比较"), choices=[("<=", "≤"), ("<", "<"), (">=", "≥"), (">", ">"),
                                                             ("==", "="), ("!=", "≠")])
    right = forms.CharField(label=_("右侧表达式"), max_length=300)
    importance = forms.ChoiceField(label=_("重要程度"), choices=[("error", _("错误（阻止）")), ("warning", _("警告（须确认）"))])
    tolerance = forms.FloatField(label=_("容差（相对）"), min_value=0, max_value=1, initial=0, required=False,
                                 help_text=_("= 与 ≠ 的相对容差，0.05 即 5%"))
    message_zh = forms.CharField(label=_("中文说明"), max_length=300)
    message_en = forms.CharField(label=_("英文说明"), max_length=300, required=False)

    def __init__(self, *args, known=(), framework=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known, self.framework, self.instance = list(known), framework, instance

    def clean_tolerance(self):
        return self.cleaned_data.get("tolerance") or 0.0

    def clean(self):
        from innocounty.evaluation.validation_rules import Rule
        from innocounty.monitoring.rules import rule_problems

        data = super().clean()
        if self.errors:
            return data
        rule = Rule(data["code"], data["left"], data["operator"], data["right"], data["importance"],
                    data["message_zh"], data.get("message_en", ""), data["tolerance"])
        for name, message in rule_problems(rule, self.known).items():
            self.add_error(name, message)
        if self.framework is not None:
            clash = self.framework.rules.filter(code=data["code"])
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("code", _("该指标体系已有代码相同的规则。"))
        return data


class ThresholdForm(forms.Form):
    history_z = forms.FloatField(label=_("历史变化稳健 z 阈值"), min_value=1, max_value=20)
    peer_z = forms.FloatField(label=_("同类县修正 z 阈值"), min_value=1, max_value=20)
    min_change = forms.FloatField(label=_("最小变化幅度"), min_value=0, max_value=100, help_text=_("0.5 即 ±50%"))
    min_peers = forms.IntegerField(label=_("最少同类县数"), min_value=3, max_value=500)


class FlagConfirmForm(forms.Form):
    county = forms.CharField(max_length=6)
    kind = forms.ChoiceField(choices=[("rule", "rule"), ("outlier", "outlier")])
    key = forms.CharField(max_length=80)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
