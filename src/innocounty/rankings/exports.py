"""The filtered ranking list as an xlsx workbook or a CSV file.

CSV text cells are neutralised against formula injection by the platform's rule
(:func:`innocounty.monitoring.export.escape_cell`: a leading ``= + - @`` tab or CR gets a ``'``; genuine
numbers stay numbers). The xlsx writes names as strings (openpyxl never turns them into formulas: a text
starting with ``=`` is still escaped the same way so the file behaves like the CSV when re-saved).
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import openpyxl
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from innocounty.evaluations.coverage import coverage
from innocounty.monitoring.export import BOM, escape_cell
from innocounty.rankings.queries import unit_type_label


def header(dims) -> list[str]:
    """Column headings in the active language (dimension names are the framework's, see ``queries.nodes``)."""
    return [
        _("全国排名"), _("行政区划代码"), _("县（市）"), _("省份"), _("区域"), _("类型"), _("综合指数"),
        *(f"{d.code} {d.name}" for d in dims),
        _("全国排名 5% 分位"), _("全国排名 95% 分位"), _("省内排名"), _("省内参评数"), _("省内排名 5% 分位"),
        _("省内排名 95% 分位"), _("较上年全国名次变化"), _("位居本省前列"), _("资格说明"), _("覆盖范围"),
    ]


def _round(value, digits=2):
    return None if value is None else round(value, digits)


def coverage_label(run) -> str:
    """"全国" or "部分覆盖：<provinces>, n/N …" (one column of every row: machine readers keep the header first)."""
    scope = coverage(run)
    return scope.summary() if scope.partial else _("全国")


def table_rows(rows, dims, scope_label: str = "") -> list[list]:
    out = []
    for r in rows:
        eligible = {True: _("是"), False: _("否")}.get(r["eligible"], "")
        out.append([
            r["national_rank"], r["county_code"], r["county_name"], r["province_name"], r["belt_label"],
            unit_type_label(r["unit_type"]),
            _round(r["index_score"]), *(_round(r["dimension_scores"].get(d.code)) for d in dims),
            _round(r["national_rank_q05"], 1), _round(r["national_rank_q95"], 1), r["province_rank"], r["province_n"],
            _round(r["province_rank_q05"], 1), _round(r["province_rank_q95"], 1), r["national_move"], eligible,
            r["eligibility_reason"], scope_label,
        ])
    return out


def filename(run, fmt: str) -> str:
    return _("县（市）创新能力排名_%(year)s_运行%(pk)s") % {"year": run.year, "pk": run.pk} + f".{fmt}"


def disposition(name: str) -> str:
    ascii_name = name.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def as_csv(run, dims, rows) -> bytes:
    """One header line, then one line per county: machine readers get a plain table. The nature of the
    data (模拟数据) is a column of every row, not a line above the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    nature = _("模拟数据（非真实统计数据）") if run.synthetic_data else _("监测数据")
    writer.writerow([escape_cell(h) for h in [*header(dims), _("数据性质")]])
    for row in table_rows(rows, dims, coverage_label(run)):
        writer.writerow([escape_cell(v) for v in [*row, nature]])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _safe_text(value):
    return escape_cell(value) if isinstance(value, str) else value


def as_xlsx(run, dims, rows, flt) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("排名")[:31]
    title = _("%(year)s 年度县（市）创新能力排名（评价运行 #%(pk)s）") % {"year": run.year, "pk": run.pk}
    scope = coverage(run)
    sheet.append([title + ("　" + _("模拟数据（非真实统计数据）") if run.synthetic_data else "")
                  + ("　" + scope.summary() if scope.partial else "")])
    sheet["A1"].font = Font(bold=True)
    filters = flt.querystring()
    sheet.append([_safe_text(_("筛选：%(filters)s") % {"filters": filters} if filters else _("筛选：无"))])
    sheet.append(header(dims))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table_rows(rows, dims, coverage_label(run)):
        sheet.append([_safe_text(v) for v in row])
    sheet.freeze_panes = "D4"
    for column, width in (("B", 10), ("C", 14), ("D", 16)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def response(fmt: str, run, dims, rows, flt) -> HttpResponse:
    if fmt == "csv":
        resp = HttpResponse(as_csv(run, dims, rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        resp = HttpResponse(
            as_xlsx(run, dims, rows, flt),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(_("不支持的导出格式。"))
    resp["Content-Disposition"] = disposition(filename(run, fmt))
    return resp
