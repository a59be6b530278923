"""The batch's layout plan (计划数 per belt and theme) as a ministry form on the list page, and the
programme's targets (about 50 started in 2018, about 100 by 2025) beside the balance table."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innocounty.approvals.models import ListEntry
from innocounty.common.labels import belt_label, theme_label
from innocounty.programme import Belt, Theme
from innocounty.programme.approval_rules import PLAN_MAX, PROGRAMME_TARGETS, plan_keys


def _label(key: str) -> str:
    if key == "total":
        return _("合计")
    kind, value = key.split(":", 1)
    return belt_label(Belt(value)) if kind == "belt" else theme_label(Theme(value))


class PlanForm(forms.Form):
    """One bounded integer per plan key (empty: not planned)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in plan_keys():
            self.fields[key] = forms.IntegerField(
                label=_label(key), required=False, min_value=0, max_value=PLAN_MAX,
                error_messages={"invalid": gettext_lazy("请输入整数"),
                                "min_value": gettext_lazy("计划数不能小于0"),
                                "max_value": gettext_lazy("计划数不能大于1000")},
            )  # fmt: skip

    def plan(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v is not None}

    def groups(self):
        """(title, bound fields) for the template: the total, the belts, the themes."""
        fields = {k: self[k] for k in plan_keys()}
        return [
            (_("合计"), [fields["total"]]),
            (_("区域"), [f for k, f in fields.items() if k.startswith("belt:")]),
            (_("建设主题"), [f for k, f in fields.items() if k.startswith("theme:")]),
        ]


def plan_form(lst, data=None) -> PlanForm:
    return PlanForm(data) if data is not None else PlanForm(initial=dict(lst.plan or {}))


def programme_targets(batch, lst, proposed: int) -> list[dict]:
    """Each target beside the counties approved in published lists of batches up to its year and, while this
    batch's list is not yet published and the batch falls within those years, the count with its proposal.
    (Approved is not 建成: acceptance comes at the end of the construction period.)"""
    approved = ListEntry.objects.filter(approval_list__state="final", decision="approve")
    pending = lst is not None and lst.state != "final"
    rows = []
    for t in PROGRAMME_TARGETS:
        upto = approved.filter(approval_list__batch__year__lte=t.year).count()
        with_this = upto + proposed if pending and batch.year <= t.year else None
        rows.append(
            {"label": _(t.label), "year": t.year, "target": t.count, "approved": upto, "with_this": with_this}
        )
    return rows
