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
