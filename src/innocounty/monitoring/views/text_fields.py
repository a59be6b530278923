"""The free-text fields of a county in a round (e.g. Hunan's 特色指标): read by whoever may see the county's
values, entered while the round is open by the county's officers or its province's; every change audited."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innocounty.accounts.permissions import Allow, Refuse, can_act_for_county, can_act_for_province
from innocounty.monitoring.models import DataRound
from innocounty.monitoring.permissions import can_view_county_values
from innocounty.monitoring.text_fields import save_texts, text_fields_of, texts_for
from innocounty.monitoring.views.common import refuse_unless
from innocounty.regions.models import County


def can_edit_texts(user, county):
    """The county's officers or its province's."""
    if can_act_for_county(user, county) or can_act_for_province(user, county.province):
        return Allow()
    return Refuse(gettext_lazy("仅限本县（市）或本省科技管理部门填写文字类指标。"))


class TextsForm(forms.Form):
    def __init__(self, *args, specs=(), **kwargs):
        super().__init__(*args, **kwargs)
        for spec in specs:
            self.fields[spec.code] = forms.CharField(
                label=spec.name, max_length=spec.max_length, required=False, strip=True,
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": spec.max_length}),
                help_text=_("最多 %(n)d 字") % {"n": spec.max_length})


@login_required
def county_texts(request, pk: int, code: str):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=pk)
    county = get_object_or_404(County.objects.select_related("province"), code=code)
    if refused := refuse_unless(request, can_view_county_values(request.user, county)):
        return refused
    specs = text_fields_of(data_round.framework)
    if not specs:
        raise Http404(_("该指标体系没有文字类指标。"))
    may_edit = bool(can_edit_texts(request.user, county)) and data_round.is_open
    current = {item["spec"].code: item["text"] for item in texts_for(data_round, county.code)}
    form = TextsForm(request.POST or None, specs=specs, initial=current)
    if request.method == "POST":
        if refused := refuse_unless(request, can_edit_texts(request.user, county)):
            return refused
        if not data_round.is_open:
            form.add_error(None, _("本轮填报已关闭，不能再修改。"))
        elif form.is_valid():
            _save(request.user, data_round, county, specs, current, form.cleaned_data)
            messages.success(request, _("已保存。"))
            return redirect("monitoring_texts:county_texts", pk=pk, code=code)
    return render(request, "monitoring/county_texts.html", {
        "round": data_round, "county": county, "form": form, "may_edit": may_edit,
        "items": texts_for(data_round, county.code)})


def _save(user, data_round, county, specs, before: dict, cleaned: dict) -> None:
    with transaction.atomic():
        save_texts(user, data_round, county, specs, {s.code: cleaned.get(s.code, "") for s in specs}, "texts_page")
