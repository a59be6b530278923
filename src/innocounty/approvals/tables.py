"""The regional balance of the list as the page shows it: per belt, theme and province, the candidates,
the approved ones and, where the ministry set a plan, the planned number."""

from __future__ import annotations

from django.utils.translation import gettext as _

from innocounty.common.labels import belt_label, theme_label
from innocounty.programme import Theme
from innocounty.programme.approval_rules import list_balance, plan_gaps
from innocounty.regions.models import Province


def balance_view(candidates, decisions, plan: dict) -> dict:
    balance = list_balance(candidates, decisions)
    planned = {g.group: g.planned for g in plan_gaps(balance, plan or {})}
    provinces = dict(Province.objects.values_list("code", "name"))
    themes = {t.value: theme_label(t) for t in Theme}
    return {
        "total": balance.total, "total_planned": planned.get("total"),
        "by_belt": [(belt_label(k), v, planned.get(f"belt:{k}")) for k, v in balance.by_belt.items()],
        "by_theme": [(themes.get(k, _("未选择")), v, planned.get(f"theme:{k}")) for k, v in balance.by_theme.items()],
        "by_province": sorted(((provinces.get(k, k), v) for k, v in balance.by_province.items()),
                              key=lambda item: (-item[1].selected, -item[1].candidates)),
    }  # fmt: skip
