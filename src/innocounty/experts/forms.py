"""Forms of the expert pool: a profile (the ministry's and the expert's own), panel settings, the rubric."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from innocounty.common.labels import THEME_LABELS
from innocounty.experts.models import LOAD_MAX, LOAD_MIN, PANEL_MAX, PANEL_MIN, Expert
from innocounty.programme import KeyTask
from innocounty.regions.models import County, Province

FIELD_CHOICES = [(t.value, label) for t, label in THEME_LABELS.items()] + [
    (k.value, k.label) for k in KeyTask
]
MAX_KEYWORDS, MAX_CONFLICTS = 30, 100
SPLIT = re.compile(r"[,，、;；\s]+")


def split_words(text: str, limit: int, each: int = 100) -> list[str]:
    words = [w.strip() for w in SPLIT.split(text or "") if w.strip()]
    if len(words) > limit:
        raise forms.ValidationError(_("最多%(n)d项") % {"n": limit})
    if any(len(w) > each for w in words):
        raise forms.ValidationError(_("每项最多%(n)d字") % {"n": each})
    return list(dict.fromkeys(words))


def split_lines(text: str, limit: int) -> list[str]:
    lines = [w.strip() for w in (text or "").splitlines() if w.strip()]
    if len(lines) > limit:
        raise forms.ValidationError(_("最多%(n)d项") % {"n": limit})
    if any(len(w) > 200 for w in lines):
        raise forms.ValidationError(_("每项最多%(n)d字") % {"n": 200})
    return list(dict.fromkeys(lines))


def counties_from(text: str) -> list[County]:
    codes = split_words(text, MAX_CONFLICTS, 12)
    bad = [c for c in codes if not re.fullmatch(r"\d{6}", c)]
    if bad:
        raise forms.ValidationError(_("行政区划代码须为6位数字：%(codes)s") % {"codes": "、".join(bad[:10])})
    found = {c.code: c for c in County.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise forms.ValidationError(_("未知的县（市）代码：%(codes)s") % {"codes": "、".join(unknown[:10])})
    return [found[c] for c in codes]


class ProfileForm(forms.Form):
    """The profile an expert keeps (the ministry sees and edits the same fields, plus the account)."""

    name = forms.CharField(label=_("姓名"), max_length=64)
    organisation = forms.CharField(label=_("工作单位"), max_length=200)
    province = forms.ModelChoiceField(label=_("所在省份"), queryset=Province.objects.order_by("code"))
    title = forms.CharField(label=_("职称/职务"), max_length=100, required=False)
    fields = forms.MultipleChoiceField(label=_("专业领域（建设主题、重点任务）"), choices=FIELD_CHOICES,
                                       widget=forms.CheckboxSelectMultiple, required=False)  # fmt: skip
    keywords = forms.CharField(label=_("关键词（以逗号或空格分隔）"), max_length=2000, required=False)
    conflict_counties = forms.CharField(label=_("须回避的县（市）（6位行政区划代码，以逗号或空格分隔）"), max_length=1400,
                                        required=False)  # fmt: skip
    conflict_orgs = forms.CharField(
        label=_("须回避的单位（每行一个）"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conflict_statement = forms.CharField(
        label=_("利益关系说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    max_load = forms.IntegerField(
        label=_("本人评审上限（留空：按批次设置）"), required=False, min_value=LOAD_MIN, max_value=LOAD_MAX
    )

    def clean_keywords(self):
        return split_words(self.cleaned_data["keywords"], MAX_KEYWORDS)

    def clean_conflict_counties(self):
        return counties_from(self.cleaned_data["conflict_counties"])

    def clean_conflict_orgs(self):
        return split_lines(self.cleaned_data["conflict_orgs"], MAX_CONFLICTS)

    @classmethod
    def initial_for(cls, expert: Expert) -> dict:
        return {"name": expert.name, "organisation": expert.organisation, "province": expert.province_id,
                "title": expert.title, "fields": expert.fields, "keywords": " ".join(expert.keywords),
                "conflict_counties": " ".join(expert.conflict_counties.values_list("code", flat=True)),
                "conflict_orgs": "\n".join(expert.conflict_orgs), "conflict_statement": expert.conflict_statement,
                "max_load": expert.max_load}  # fmt: skip


class NewExpertForm(ProfileForm):
    username = forms.RegexField(label=_("登录名"), max_length=150, regex=r"^[\w.@+-]+$")
    email = forms.EmailField(label=_("电子邮箱"), required=False, max_length=254)


def apply_profile(expert: Expert, data: dict) -> None:
    for name in (
        "name",
        "organisation",
        "province",
        "title",
        "fields",
        "keywords",
        "conflict_orgs",
        "conflict_statement",
        "max_load",
    ):
        setattr(expert, name, data[name])
    expert.save()
    expert.conflict_counties.set(data["conflict_counties"])


class PanelSettingsForm(forms.Form):
    panel_size = forms.IntegerField(label=_("每组专家人数"), min_value=PANEL_MIN, max_value=PANEL_MAX)
    max_load = forms.IntegerField(label=_("每位专家最多评审数（K）"), min_value=LOAD_MIN, max_value=LOAD_MAX)


class ProposeForm(forms.Form):
    time_limit = forms.FloatField(
        label=_("求解时限（秒）"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )


class ThresholdForm(forms.Form):
    max_range = forms.FloatField(label=_("分歧阈值：极差（分）"), min_value=0, max_value=100)
    max_sd = forms.FloatField(label=_("分歧阈值：标准差（分）"), min_value=0, max_value=100)
