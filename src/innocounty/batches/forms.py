from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innocounty.batches.models import THEME_CHOICES, Batch
from innocounty.common.bounds import LONG_TEXT, QUOTA_MAX, QUOTA_MIN
from innocounty.common.labels import STAGE_LABELS
from innocounty.common.params import parse_int
from innocounty.evaluations.queries import published_runs
from innocounty.programme import CATALOGUE
from innocounty.regions.models import Province

STAGE_CHOICES = [(info.stage.value, STAGE_LABELS.get(info.stage, info.label)) for info in CATALOGUE]


class BatchForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(label=_("开放的建设主题"), choices=THEME_CHOICES,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    stages = forms.MultipleChoiceField(label=_("本批次的环节（按目录顺序）"), choices=STAGE_CHOICES,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip

    class Meta:
        model = Batch
        fields = [
            "name", "year", "call_text", "application_opens", "application_closes", "recommendation_closes",
            "themes", "stages", "construction_start_year", "construction_period_years", "monitoring_run",
            "eligibility_rule",
        ]  # fmt: skip
        widgets = {
            "application_opens": forms.DateInput(attrs={"type": "date"}),
            "application_closes": forms.DateInput(attrs={"type": "date"}),
            "recommendation_closes": forms.DateInput(attrs={"type": "date"}),
            "call_text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call_text"].validators.append(MaxLengthValidator(LONG_TEXT))
        runs = published_runs().order_by("-year", "-pk")
        self.fields["monitoring_run"].queryset = runs
        self.fields["eligibility_rule"].required = False
        self.fields["monitoring_run"].label_from_instance = lambda r: gettext("%(year)s年度 · %(label)s") % {
            "year": r.year, "label": r.label or r.pk
        }

    def clean_eligibility_rule(self):
        # Not sent (an older form or client): keep the batch's rule, the default for a new batch.
        return self.cleaned_data.get("eligibility_rule") or self.instance.eligibility_rule

    def clean_stages(self):
        order = [value for value, _ in STAGE_CHOICES]
        return sorted(self.cleaned_data["stages"], key=order.index)


def eligible_counts() -> dict[str, int]:
    """Per province, how many county-level units are of a type that may apply (北京: 0, all districts)."""
    from django.db.models import Count

    from innocounty.regions.models import County

    return dict(County.objects.eligible().values("province_id").annotate(n=Count("code")).values_list("province_id", "n"))


def quota_fields(data=None, initial: dict[str, int] | None = None) -> list[dict]:
    """One number input per province (``quota_<code>``), with its value, the number of units that may apply
    (a province without any gets quota 0 and may not be given more) and any error."""
    rows = []
    counts = eligible_counts()
    for province in Province.objects.all():
        key = f"quota_{province.code}"
        raw = data.get(key, "") if data is not None else (initial or {}).get(province.code, 0)
        rows.append({"province": province, "name": key, "value": raw, "eligible": counts.get(province.code, 0)})
    return rows


def parse_quotas(data) -> tuple[dict[str, int], list[str]]:
    quotas, errors = {}, []
    counts = eligible_counts()
    for province in Province.objects.all():
        raw = (data.get(f"quota_{province.code}") or "0").strip()
        quota = parse_int(raw, QUOTA_MIN, QUOTA_MAX)
        if quota is None:
            errors.append(gettext("%(province)s的名额须为0至200的整数") % {"province": province.name})
            continue
        if quota > 0 and not counts.get(province.code):
            errors.append(gettext("%(province)s没有可申报类型的县级单位，名额须为 0") % {"province": province.name})
            continue
        quotas[province.code] = quota
    return quotas, errors
