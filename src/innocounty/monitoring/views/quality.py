"""Data quality pages: a framework's validation rules (ministry: add, edit, delete; export CSV/XLSX/JSON),
a round's outlier thresholds, and a round's rule violations and outlier flags on demand (per county, with
the values involved), where the province confirms warnings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.accounts.permissions import has_nation_wide_role
from innocounty.audit.chain import record
from innocounty.common import clock
from innocounty.monitoring import rules as rule_service
from innocounty.monitoring.forms import FlagConfirmForm, RuleForm, ThresholdForm
from innocounty.monitoring.models import (
    DataRound,
    FlagConfirmation,
    Framework,
    ScreeningSettings,
    ValidationRule,
)
from innocounty.monitoring.permissions import (
    can_manage_rules,
    can_review_county_entries,
    can_view_frameworks,
    can_view_quality,
)
from innocounty.monitoring.quality import check_round, known_codes, province_counties, thresholds_for
from innocounty.monitoring.queries import user_province_codes
from innocounty.monitoring.views.common import refuse_unless
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.regions.models import County, Province

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SHOWN = 500


@login_required
def rule_list(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    if refused := refuse_unless(request, can_view_frameworks(request.user)):
        return refused
    may_manage = bool(can_manage_rules(request.user))
    form = RuleForm(request.POST or None, known=known_codes(framework), framework=framework)
    if request.method == "POST":
        if refused := refuse_unless(request, can_manage_rules(request.user)):
            return refused
        if form.is_valid():
            rule_service.save_rule(request.user, framework, form.cleaned_data)
            messages.success(request, _("已新增校验规则。"))
            return redirect("monitoring:rules", pk=pk)
    return render(
        request,
        "monitoring/rule_list.html",
        {
            "framework": framework,
            "rules": framework.rules.all(),
            "form": form,
            "may_manage": may_manage,
            "codes": known_codes(framework),
        },
    )


@login_required
def rule_edit(request, pk: int, rule_id: int):
    rule = get_object_or_404(ValidationRule.objects.select_related("framework"), pk=rule_id, framework_id=pk)
    if refused := refuse_unless(request, can_manage_rules(request.user)):
        return refused
    initial = {
        f: getattr(rule, f)
        for f in ("code", "left", "operator", "right", "importance", "tolerance", "message_zh", "message_en")
    }
    form = RuleForm(
        request.POST or None,
        initial=initial,
        known=known_codes(rule.framework),
        framework=rule.framework,
        instance=rule,
    )
    if request.method == "POST" and form.is_valid():
        rule_service.save_rule(request.user, rule.framework, form.cleaned_data, instance=rule)
        messages.success(request, _("已保存校验规则。"))
        return redirect("monitoring:rules", pk=pk)
    return render(
        request,
        "monitoring/rule_edit.html",
        {"framework": rule.framework, "rule": rule, "form": form, "codes": known_codes(rule.framework)},
    )


@login_required
@require_POST
def rule_delete(request, pk: int, rule_id: int):
    rule = get_object_or_404(ValidationRule, pk=rule_id, framework_id=pk)
    try:
        rule_service.delete_rule(request.user, rule)
    except TransitionRefused as exc:
        return forbidden_response(request, exc.reason)
    messages.success(request, _("已删除校验规则 %(code)s。") % {"code": rule.code})
    return redirect("monitoring:rules", pk=pk)


@login_required
def rule_export(request, pk: int, fmt: str):
    if fmt not in ("csv", "xlsx", "json"):
        raise Http404
    framework = get_object_or_404(Framework, pk=pk)
    if refused := refuse_unless(request, can_view_frameworks(request.user)):
        return refused
    name = f"rules-{framework.code}-v{framework.version}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            rule_service.export_csv(framework), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(rule_service.export_xlsx(framework), content_type=XLSX)
    else:
        response = HttpResponse(
            rule_service.export_json(framework), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def round_thresholds(request, pk: int):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=pk)
    if refused := refuse_unless(request, can_manage_rules(request.user)):
        return refused
    current = thresholds_for(data_round)
    form = ThresholdForm(request.POST or None, initial=current.as_dict())
    if request.method == "POST" and form.is_valid():
        settings, _created = ScreeningSettings.objects.get_or_create(data_round=data_round)
        before = {f: getattr(settings, f) for f in form.cleaned_data}
        for name, value in form.cleaned_data.items():
            setattr(settings, name, value)
        settings.updated_by, settings.updated_at = request.user, clock.now()
        settings.save()
        record(
            request.user,
            "monitoring.thresholds.changed",
            data_round,
            before=before,
            after=form.cleaned_data,
            summary=f"修改异常值筛查阈值：{data_round}",
        )
        messages.success(request, _("已保存本轮的异常值筛查阈值。"))
        return redirect("monitoring:quality", pk=pk)
    return render(request, "monitoring/thresholds.html", {"round": data_round, "form": form})


def _province_for(request, data_round):
    """The province the page shows: the asked one, else the officer's own; None = nation (ministry/auditors)."""
    code = (request.GET.get("province") or request.POST.get("province") or "")[:2]
    if not code and not has_nation_wide_role(request.user):
        own = sorted(user_province_codes(request.user))
        code = own[0] if own else ""
    return Province.objects.filter(code=code).first() if code else None


@login_required
def round_quality(request, pk: int):
    data_round = get_object_or_404(DataRound.objects.select_related("framework"), pk=pk)
    province = _province_for(request, data_round)
    if refused := refuse_unless(request, can_view_quality(request.user, province)):
        return refused
    only = province_counties(province.code) if province else None
    report = check_round(data_round, only=only)
    items = report.items()
    names = dict(County.objects.filter(code__in={i["county"] for i in items}).values_list("code", "name"))
    for item in items:
        item["county_name"] = names.get(item["county"], "")
    may_confirm = province is not None and bool(can_review_county_entries(request.user, province))
    return render(
        request,
        "monitoring/quality.html",
        {
            "round": data_round,
            "province": province,
            "items": items[:MAX_SHOWN],
            "total": len(items),
            "errors": sum(1 for i in items if i["severity"] == "error"),
            "warnings": sum(1 for i in items if i["severity"] == "warning"),
            "unconfirmed": sum(1 for i in items if i["severity"] == "warning" and not i["confirmed"]),
            "thresholds": thresholds_for(data_round),
            "may_confirm": may_confirm and data_round.is_open,
            "may_manage": bool(can_manage_rules(request.user)),
            "provinces": Province.objects.order_by("code"),
        },
    )


@login_required
@require_POST
def confirm_flag(request, pk: int):
    data_round = get_object_or_404(DataRound, pk=pk)
    form = FlagConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求无效。"))
        return redirect("monitoring:quality", pk=pk)
    county = get_object_or_404(County.objects.select_related("province"), code=form.cleaned_data["county"])
    if refused := refuse_unless(request, can_review_county_entries(request.user, county.province)):
        return refused
    if not data_round.is_open:
        messages.error(request, _("本轮数据填报已关闭。"))
        return redirect("monitoring:quality", pk=pk)
    data = form.cleaned_data
    confirmation, created = FlagConfirmation.objects.get_or_create(
        data_round=data_round,
        county=county,
        kind=data["kind"],
        key=data["key"],
        defaults={"note": data["note"], "confirmed_by": request.user, "confirmed_at": clock.now()},
    )
    if created:
        record(
            request.user,
            "monitoring.flag.confirmed",
            confirmation,
            after=data,
            summary=f"确认警告：{county.name} {data['kind']}:{data['key']}",
        )
        messages.success(request, _("已确认该警告。"))
    return redirect(f"{_quality_url(pk)}?province={county.province_id}")


def _quality_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("monitoring:quality", args=[pk])
