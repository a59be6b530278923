"""The dashboard's own panels (registered in :mod:`innocounty.common.panels` by ``OverviewConfig.ready``).

* ``stages`` — applications per batch and state, the states of the workflow table in its order (those that
  hold an application). Ministry officers and auditors see every state; everyone else (the public
  included) only the published ones (:data:`~.programme_data.PUBLIC_STATES`: 批准建设).
* ``targets`` — the programme's targets (guideline: about 50 started in 2018; about 100 built by 2025)
  against the counts. The 2025 row needs the number of counties that passed acceptance: the acceptance
  app registers the figure ``built_by_2025`` (:func:`innocounty.common.panels.register_figure`); until then
  the row is left out.
* ``belts``, ``provinces``, ``themes`` — approved counties by batch (the published list: public).
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from innocounty.accounts.permissions import has_nation_wide_role
from innocounty.common.labels import belt_label, theme_label
from innocounty.common.panels import Panel, figure, register_panel
from innocounty.overview.programme_data import (
    PUBLIC_STATES,
    approved_counties,
    stage_counts,
    state_label,
    used_states,
)
from innocounty.programme import Belt, Theme
from innocounty.regions.models import Province

TARGET_STARTED_2018 = 50  # guideline: "2018 年启动建设 50 个左右"
TARGET_BUILT_2025 = 100  # guideline: "到 2025 年建成 100 个左右"


def sees_all_stages(user) -> bool:
    """Counts of every state (drafts, submissions, reviews): ministry officers and auditors."""
    return has_nation_wide_role(user)


def stages_panel(user) -> Panel | None:
    batches = stage_counts(None if sees_all_stages(user) else PUBLIC_STATES)
    if not batches:
        return None
    states = used_states(batches)
    rows = [[b.name, b.year, *(b.counts.get(s, 0) for s in states), b.total] for b in batches]
    footer = [_("合计"), "", *(sum(b.counts.get(s, 0) for b in batches) for s in states),
              sum(b.total for b in batches)]  # fmt: skip
    note = (
        ""
        if sees_all_stages(user)
        else _("仅列出已公布的环节（批准建设名单）；其他环节的数量仅科技部工作人员和审计员可见。")
    )
    return Panel(_("各批次各环节的县（市）数"), [_("批次"), _("年度"), *(state_label(s) for s in states), _("合计")],
                 rows, note=note, footer=footer)  # fmt: skip


def targets_panel(user) -> Panel | None:
    approved = approved_counties()
    started = sum(1 for a in approved if a.year == 2018)
    rows = [
        [
            _("2018 年启动建设的县（市）"),
            TARGET_STARTED_2018,
            started,
            round(100 * started / TARGET_STARTED_2018, 1),
        ]
    ]
    built = figure("built_by_2025")
    if built is not None:
        rows.append([_("到 2025 年建成（通过验收）的县（市）"), TARGET_BUILT_2025, built,
                     round(100 * built / TARGET_BUILT_2025, 1)])  # fmt: skip
    note = _(
        "目标出自《创新型县（市）建设工作指引》（“50 个左右”“100 个左右”）；实际数为本平台记录的批准建设（及通过验收）的县（市）。"
    )
    return Panel(
        _("建设目标完成情况"),
        [_("目标"), _("目标数（约）"), _("实际数"), _("完成比例（%）")],
        rows,
        note=note,
    )


def _by(user, title: str, heading: str, key, labels: list[tuple[str, str]]) -> Panel | None:
    approved = approved_counties()
    if not approved:
        return None
    batches = sorted({(a.year, a.batch_id, a.batch_name) for a in approved})
    counts = Counter((key(a), a.batch_id) for a in approved)
    rows = []
    for value, label in labels:
        cells = [counts.get((value, b[1]), 0) for b in batches]
        if sum(cells):
            rows.append([label, *cells, sum(cells)])
    footer = [_("合计"), *(sum(1 for a in approved if a.batch_id == b[1]) for b in batches), len(approved)]
    return Panel(title, [heading, *(b[2] for b in batches), _("合计")], rows, footer=footer,
                 note=_("批准建设的县（市），按批次。"))  # fmt: skip


def belts_panel(user) -> Panel | None:
    return _by(
        user,
        _("按区域（东中西）"),
        _("区域"),
        lambda a: a.belt,
        [(b.value, belt_label(b.value)) for b in Belt],
    )


def provinces_panel(user) -> Panel | None:
    provinces = [(p.code, p.name) for p in Province.objects.order_by("code")]
    panel = _by(user, _("按省份"), _("省份"), lambda a: a.province, provinces)
    if panel is not None:
        panel.chart = {"map": True}
    return panel


def themes_panel(user) -> Panel | None:
    return _by(user, _("按建设主题"), _("建设主题"), lambda a: a.theme,
               [*((t.value, theme_label(t.value)) for t in Theme), ("", _("未填写"))])  # fmt: skip


def register() -> None:
    register_panel("stages", stages_panel, order=10)
    register_panel("targets", targets_panel, order=20)
    register_panel("belts", belts_panel, order=30)
    register_panel("provinces", provinces_panel, order=40)
    register_panel("themes", themes_panel, order=50)


def map_data(user) -> dict:
    """Approved counties per province for the national map (every province-level unit of the outline)."""
    counts = Counter(a.province for a in approved_counties())
    areas = [{"name": p.short_name, "code": p.code, "full_name": p.name, "value": counts.get(p.code, 0)}
             for p in Province.objects.order_by("code")]  # fmt: skip
    return {"map": "china", "areas": areas, "total": sum(counts.values()),
            "labels": {"approved": _("批准建设的县（市）："), "nanhai": _("南海诸岛"), "no_data": _("无"),
                       "high": _("多"), "low": _("少")}}  # fmt: skip
