"""The dashboard's panels and the effect table as xlsx workbooks and CSV files.

Text cells are neutralised against formula injection by the platform's one rule
(:func:`innocounty.monitoring.export.escape_cell`, as the ranking exports do); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io

import openpyxl
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from innocounty.common.panels import Panel
from innocounty.monitoring.export import BOM, escape_cell
from innocounty.rankings.exports import disposition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    return escape_cell(value) if isinstance(value, str) else value


def _table(panel: Panel) -> list[list]:
    rows = [list(panel.columns), *panel.rows]
    if panel.footer:
        rows.append(list(panel.footer))
    return rows


def panel_csv(panel: Panel) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _table(panel):
        writer.writerow([_cell(v) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def panels_xlsx(panels: list[Panel], title: str) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for panel in panels:
        name = (panel.title or panel.key)[:31]
        for bad in "[]:*?/\\":
            name = name.replace(bad, " ")
        while name in used:
            name = (name[:28] + "_" + str(len(used)))[:31]
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([_cell(title + "：" + panel.title)])
        sheet["A1"].font = Font(bold=True)
        if panel.note:
            sheet.append([_cell(panel.note)])
        header_row = sheet.max_row + 1
        for row in _table(panel):
            sheet.append([_cell(v) for v in row])
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
    if not panels:
        book.create_sheet(_("无数据")[:31]).append([_("暂无可导出的数据。")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attachment(content: bytes, fmt: str, name: str) -> HttpResponse:
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(f"{name}.{fmt}")
    return response


def effect_panel(view, outcome_names: dict[str, str]) -> Panel:
    """Every outcome's event-time coefficients and its average effect, one row per outcome and event time."""
    rows = []
    for code, result in view.results.items():
        name = outcome_names.get(code, code)
        for c in result.coefficients:
            rows.append([code, name, c.label, None if c.reference else round(c.estimate, 4),
                         None if c.reference else round(c.se, 4), None if c.reference else round(c.low, 4),
                         None if c.reference else round(c.high, 4), c.treated, _("参照年") if c.reference else ""])  # fmt: skip
        rows.append([code, name, _("批准后平均"), round(result.att.estimate, 4), round(result.att.se, 4),
                     round(result.att.low, 4), round(result.att.high, 4), sum(c.treated for c in result.coefficients
                                                                            if c.event_time >= 0),
                     _("前期趋势检验 p = %(p)s") % {"p": "—" if result.pretrend.p_value is None
                                                  else f"{result.pretrend.p_value:.3f}"}])  # fmt: skip
    nature = _("模拟数据（非真实统计数据）") if view.synthetic else _("监测数据")
    return Panel(
        _("建设成效（关联估计）"),
        [_("结果变量代码"), _("结果变量"), _("距批准年份"), _("估计值"), _("标准误"), _("95% 置信区间下限"),
         _("95% 置信区间上限"), _("处理组县（市）年数"), _("说明")],
        rows, note=_("交错双重差分（事件研究），县与年份固定效应，按县聚类的标准误；%(nature)s；年份：%(years)s。")
        % {"nature": nature, "years": "、".join(str(y) for y in view.years)},
    )  # fmt: skip
