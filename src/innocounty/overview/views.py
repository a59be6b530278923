"""Pages of the programme overview: ``/overview/`` (dashboard), ``/overview/effect/`` (the programme's effect).

Both are public: the dashboard's panels decide themselves what each reader sees (the public: published facts
only), and the effect is estimated on the published runs the reader may see (:mod:`.effect_service`).
Every parameter is closed: ``outcome`` is one of the framework's index and dimension codes, ``fmt`` one of
csv / xlsx, a panel key one of the registered panels; anything else is a 404.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innocounty.common.panels import build_panels, panel_keys
from innocounty.overview import effect_service, exports, panels
from innocounty.overview.programme_data import approved_counties

FORMATS = ("csv", "xlsx")


def error_message(code: str) -> str:
    messages = {
        "too_few_treated": _("批准建设的县（市）中，在监测数据里有批准前年份的不足 2 个，无法估计。"),
        "too_few_controls": _("与批准建设县（市）同省、从未获批的县（市）不足 2 个，没有可比较的对照组。"),
        "too_few_years": _("已发布的监测评价不足 3 个年度，无法估计。"),
        "missing_columns": _("评价结果中没有该结果变量。"),
        "no_outcome": _("评价结果中没有该结果变量。"),
        "window": _("事件窗口超出范围。"),
    }
    return messages.get(code, _("无法估计。"))


def _fmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404(_("不支持的导出格式。"))
    return fmt


@require_GET
def dashboard(request):
    items = build_panels(request.user)
    approved = approved_counties()
    context = {
        "panels": items,
        "approved_total": len(approved),
        "sees_all": panels.sees_all_stages(request.user),
    }
    return render(request, "overview/dashboard.html", context)


@require_GET
def dashboard_export(request, fmt: str):
    fmt = _fmt(fmt)
    items = build_panels(request.user)
    if fmt == "xlsx":
        return exports.attachment(exports.panels_xlsx(items, _("创新型县（市）建设总览")), fmt, _("建设总览"))
    raise Http404(_("CSV 按表格导出：请选择一张表。"))


@require_GET
def panel_export(request, key: str, fmt: str):
    fmt = _fmt(fmt)
    if key not in panel_keys():
        raise Http404(_("没有这张表。"))
    found = build_panels(request.user, keys=[key])
    if not found:
        raise Http404(_("没有可导出的数据。"))
    panel = found[0]
    if fmt == "csv":
        return exports.attachment(exports.panel_csv(panel), fmt, _("建设总览_%(key)s") % {"key": key})
    return exports.attachment(exports.panels_xlsx([panel], _("创新型县（市）建设总览")), fmt,
                              _("建设总览_%(key)s") % {"key": key})  # fmt: skip


@require_GET
def map_data(request):
    return JsonResponse(panels.map_data(request.user), json_dumps_params={"ensure_ascii": False})


def _outcome(request, view) -> str:
    outcome = request.GET.get("outcome", effect_service.INDEX)
    if outcome not in dict(view.outcomes) and outcome != effect_service.INDEX:
        raise Http404(_("没有这个结果变量。"))
    return outcome


@require_GET
def effect(request):
    view = effect_service.effects(request.user)
    outcome = _outcome(request, view)
    names = dict(view.outcomes)
    result = view.results.get(outcome)
    summary = [(code, names[code], view.results.get(code), error_message(view.errors[code]) if code in view.errors
                else "") for code, _name in view.outcomes]  # fmt: skip
    context = {"view": view, "outcome": outcome, "outcome_name": names.get(outcome, outcome), "result": result,
               "error": error_message(view.errors[outcome]) if outcome in view.errors else "", "summary": summary}  # fmt: skip
    return render(request, "overview/effect.html", context)


@require_GET
def effect_data(request):
    view = effect_service.effects(request.user)
    outcome = _outcome(request, view)
    result = view.results.get(outcome)
    if result is None:
        raise Http404(_("没有可显示的估计结果。"))
    points = [{"label": c.label, "event_time": c.event_time, "estimate": c.estimate, "low": c.low, "high": c.high,
               "reference": c.reference} for c in result.coefficients]  # fmt: skip
    return JsonResponse({
        "outcome": outcome, "outcome_name": dict(view.outcomes).get(outcome, outcome), "points": points,
        "labels": {"estimate": _("估计值"), "interval": _("95% 置信区间"), "reference": _("参照年（批准前一年）"),
                   "axis_x": _("距批准年份（年）"), "axis_y": _("与对照组相比的差异（分）"), "approval": _("批准年份")},
    }, json_dumps_params={"ensure_ascii": False})  # fmt: skip


@require_GET
def effect_export(request, fmt: str):
    fmt = _fmt(fmt)
    view = effect_service.effects(request.user)
    panel = exports.effect_panel(view, dict(view.outcomes))
    panel.key = "effect"
    if fmt == "csv":
        return exports.attachment(exports.panel_csv(panel), fmt, _("建设成效估计"))
    return exports.attachment(
        exports.panels_xlsx([panel], _("创新型县（市）建设成效")), fmt, _("建设成效估计")
    )
