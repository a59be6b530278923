"""County data entry in the browser: the county's form (drafts, checks as you type, submit to province),
the JSON check endpoint the form's script calls, and the province's list of its counties' entries with
accept / return."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.monitoring import county_entry as service
from innocounty.monitoring.forms import ReturnForm
from innocounty.monitoring.models import DataRound, FrameworkNode, IndicatorValue
from innocounty.monitoring.permissions import (
    can_enter_county_data,
    can_view_county_values,
    can_view_quality,
)
from innocounty.monitoring.queries import display_columns
from innocounty.monitoring.text_fields import FORM_PREFIX, texts_for
from innocounty.monitoring.views.common import posted_confirm, refuse_unless
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.regions.models import County, Province
from innocounty.workflow.adapter import available_actions

MAX_CONFIRMED = 200


def _round_county(pk: int, code: str):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=pk)
    county = get_object_or_404(County.objects.select_related("province", "prefecture"), code=code[:12])
    return data_round, county


def field_groups(data_round: DataRound, county, values: dict, field_errors: dict) -> list[dict]:
    """The form's fields grouped by dimension (unit data first), each with unit, last year's value, error."""
    columns = display_columns(data_round.framework)
    nodes = {
        n.code: n
        for n in FrameworkNode.objects.filter(framework=data_round.framework).select_related("parent")
    }
    previous = dict(
        IndicatorValue.objects.filter(data_round__year=data_round.year - 1, county=county).values_list(
            "code", "value"
        )
    )
    groups: dict[str, dict] = {}
    for col in columns:
        node = nodes.get(col.code)
        parent = node.parent if node is not None and node.parent_id else None
        key = parent.code if parent else "unit_data"
        label = (
            (parent.name_en if parent and _english() and parent.name_en else parent.name)
            if parent
            else _("单位数据")
        )
        group = groups.setdefault(key, {"code": key, "label": label, "fields": []})
        value = values.get(col.code)
        group["fields"].append(
            {
                "column": col,
                "value": "" if value is None else f"{value:g}",
                "previous": previous.get(col.code),
                "error": field_errors.get(col.code, ""),
            }
        )
    return list(groups.values())


def _english() -> bool:
    from innocounty.monitoring.i18n import is_english

    return is_english()


def _typed(request) -> tuple[dict, list[str]]:
    raw = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "confirm", "action")}
    confirmed = request.POST.getlist("confirmed")[:MAX_CONFIRMED]
    raw.pop("confirmed", None)
    return raw, [str(c)[:120] for c in confirmed]


@login_required
def county_entry(request, pk: int, code: str):
    data_round, county = _round_county(pk, code)
    if refused := refuse_unless(request, can_view_county_values(request.user, county)):
        return refused
    entry = service.entry_for(data_round, county)
    may_edit = (
        bool(can_enter_county_data(request.user, county))
        and data_round.is_open
        and entry.state in service.EDITABLE
    )
    if request.method == "POST":
        if refused := refuse_unless(request, can_enter_county_data(request.user, county)):
            return refused
        raw, confirmed = _typed(request)
        try:
            result = service.save_draft(request.user, entry, raw, confirmed)
        except TransitionRefused as exc:
            if exc.forbidden:
                return forbidden_response(request, exc.reason)
            messages.error(request, exc.reason)
            return redirect("monitoring:county_entry", pk=pk, code=county.code)
        if result["field_errors"]:
            messages.error(
                request,
                _("草稿已保存；有 %(count)d 个字段未通过检查，未保存这些字段。")
                % {"count": len(result["field_errors"])},
            )
            entry.refresh_from_db()
            return _render(
                request, data_round, county, entry, True, {**service.form_values(entry), **raw}, result
            )
        messages.success(request, _("草稿已保存。"))
        return redirect("monitoring:county_entry", pk=pk, code=county.code)
    values = service.form_values(entry)
    result = service.check_values(data_round, county, values, entry.confirmed_warnings) if may_edit else None
    return _render(request, data_round, county, entry, may_edit, values, result)


def _render(request, data_round, county, entry, may_edit, values, result):
    numbers = {}
    for code, value in values.items():
        try:
            numbers[code] = None if value in (None, "") else float(value)
        except (TypeError, ValueError):
            numbers[code] = None
    groups = field_groups(data_round, county, numbers, (result or {}).get("field_errors", {}))
    for group in groups:  # a field that failed shows what was typed
        for f in group["fields"]:
            if f["error"] and isinstance(values.get(f["column"].code), str):
                f["value"] = values[f["column"].code][:40]
    errors = (result or {}).get("field_errors", {})
    texts = [
        {
            "spec": item["spec"],
            "name": FORM_PREFIX + item["spec"].code,
            "text": str(values.get(FORM_PREFIX + item["spec"].code, item["text"]))[: item["spec"].max_length * 2],
            "error": errors.get(FORM_PREFIX + item["spec"].code, ""),
        }
        for item in texts_for(data_round, county.code)
    ]
    return render(
        request,
        "monitoring/county_entry.html",
        {
            "texts": texts,
            "round": data_round,
            "county": county,
            "entry": entry,
            "groups": groups,
            "may_edit": may_edit,
            "result": result,
            "transitions": available_transitions_for(entry, request.user),
            "return_form": ReturnForm(),
        },
    )


def available_transitions_for(entry, user):
    return (
        [t for t in available_actions(user, entry, kind=service.KIND) if t.name != "start"]
        if entry.pk
        else []
    )


@login_required
@require_POST
def entry_check(request, pk: int, code: str):
    """JSON: the checks of what is typed (not saved). For the form's script; bounded like the form."""
    data_round, county = _round_county(pk, code)
    if not can_enter_county_data(request.user, county):
        return JsonResponse({"detail": _("无权填报该县（市）数据。")}, status=403)
    raw, confirmed = _typed(request)
    result = service.check_values(data_round, county, raw, confirmed)
    return JsonResponse(
        {
            "field_errors": result["field_errors"],
            "items": result["items"],
            "errors": result["errors"],
            "unconfirmed_warnings": result["unconfirmed_warnings"],
        }
    )


@login_required
@require_POST
def entry_transition(request, pk: int, code: str, action: str):
    data_round, county = _round_county(pk, code)
    entry = service.entry_for(data_round, county)
    try:
        if action == "submit":
            service.submit(request.user, entry, confirm=posted_confirm(request))
        elif action in ("accept", "return"):
            reason = ""
            if action == "return":
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("退回时必须填写原因。"))
                    return redirect("monitoring:county_entry", pk=pk, code=county.code)
                reason = form.cleaned_data["reason"]
            service.review(request.user, entry, action, reason, confirm=posted_confirm(request))
        else:
            return forbidden_response(request, _("未知的操作。"))
    except TransitionRefused as exc:
        if exc.forbidden:
            return forbidden_response(request, exc.reason)
        messages.error(request, exc.reason)
    else:
        entry.refresh_from_db()
        messages.success(
            request,
            _("%(county)s的填报状态已变为“%(state)s”。")
            % {"county": county.name, "state": entry.get_state_display()},
        )
    return redirect("monitoring:county_entry", pk=pk, code=county.code)


@login_required
def province_entries(request, pk: int, province: str):
    data_round = get_object_or_404(DataRound, pk=pk)
    province = get_object_or_404(Province, code=province[:2])
    if refused := refuse_unless(request, can_view_quality(request.user, province)):
        return refused
    return render(
        request,
        "monitoring/province_entries.html",
        {
            "round": data_round,
            "province": province,
            "rows": service.province_entries(data_round, province.code),
        },
    )
