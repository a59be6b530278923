"""The run's statistical audit for the run page (heatmap data, tables) and as exports (xlsx, csv); the
sensitivity analysis as csv.

The audit holds statistics of whole indicators and dimensions only (no county's values), so whoever may see
the run may see and download its audit. CSV cells are neutralised against formula injection by the platform's
rule (:func:`innocounty.monitoring.export.escape_cell`).
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import openpyxl
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.styles import Font

from innocounty.evaluation.statistical_audit import audit_tables
from innocounty.evaluations.models import RunStatisticalAudit
from innocounty.evaluations.sensitivity import csv_rows as sensitivity_csv_rows
from innocounty.monitoring.export import BOM, escape_cell

TABLES = ("indicators", "dimensions", "flags", "correlations")
KIND_LABELS = {"negative": gettext_noop("负相关"), "weak": gettext_noop("弱相关（接近零）"),
               "high": gettext_noop("高度相关"), "ok": gettext_noop("正常"), "undefined": gettext_noop("无法计算")}


def report_for(run) -> dict | None:
    return RunStatisticalAudit.objects.filter(run=run).values_list("report", flat=True).first()


def table_titles() -> dict[str, str]:
    return {"indicators": _("指标分布与覆盖"), "dimensions": _("维度一致性"), "flags": _("维度内相关性标记"),
            "correlations": _("相关系数矩阵")}


def heatmap_data(report: dict) -> dict:
    """What audit.js draws: the codes, the matrix as [x, y, r] triples (r rounded to 3 places), the dimension of
    each indicator (for the boxes) and the flag thresholds."""
    codes = report["correlations"]["codes"]
    cells = []
    for i, row in enumerate(report["correlations"]["matrix"]):
        for j, value in enumerate(row):
            cells.append([j, i, None if value is None else round(value, 3)])
    parents = {r["code"]: r["dimension"] for r in report["indicators"]}
    return {"codes": codes, "cells": cells, "parents": parents, "thresholds": report["thresholds"],
            "labels": {"title": _("相关系数（Pearson）")}}


def _disposition(name: str) -> str:
    ascii_name = name.encode("ascii", "ignore").decode() or "audit"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def as_xlsx(run, report: dict) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    titles = table_titles()
    for name, (header, rows) in audit_tables(report).items():
        sheet = book.create_sheet(titles[name][:31])
        sheet.append([_("%(run)s：%(table)s") % {"run": run, "table": titles[name]}])
        sheet["A1"].font = Font(bold=True)
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([escape_cell(v) if isinstance(v, str) else v for v in row])
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_csv(report: dict, table: str) -> bytes:
    header, rows = audit_tables(report)[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else (repr(v) if isinstance(v, float) else escape_cell(v)) for v in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


SENSITIVITY_TABLES = ("factors", "counties")
FACTOR_HEADER = ["factor", "Si", "STi", "Si_q05", "Si_q95", "STi_q05", "STi_q95"]


def sensitivity_for(run) -> dict | None:
    return RunStatisticalAudit.objects.filter(run=run).values_list("sensitivity", flat=True).first() or None


def sensitivity_response(run, stored: dict, table: str, names: dict[str, str]) -> HttpResponse:
    """The sensitivity indices per input (``factors``) or each county's national rank range (``counties``)."""
    if table == "factors":
        header, rows = FACTOR_HEADER, [[f[k] for k in FACTOR_HEADER] for f in stored["factors"]]
    elif table == "counties":
        header, rows = sensitivity_csv_rows(stored, names)
    else:
        raise Http404(_("不支持的导出格式。"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else (repr(v) if isinstance(v, float) else escape_cell(v)) for v in row])
    resp = HttpResponse((BOM + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    name = _("敏感性分析_%(year)s_运行%(pk)s") % {"year": run.year, "pk": run.pk}
    resp["Content-Disposition"] = _disposition(f"{name}_{table}.csv")
    return resp


def response(run, report: dict, fmt: str, table: str) -> HttpResponse:
    base = _("统计审计_%(year)s_运行%(pk)s") % {"year": run.year, "pk": run.pk}
    if fmt == "xlsx":
        resp = HttpResponse(as_xlsx(run, report),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = _disposition(f"{base}.xlsx")
    elif fmt == "csv" and table in TABLES:
        resp = HttpResponse(as_csv(report, table), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = _disposition(f"{base}_{table}.csv")
    else:
        raise Http404(_("不支持的导出格式。"))
    return resp
