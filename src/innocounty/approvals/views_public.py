"""Public pages (no sign-in): the list on notice by belt and theme with the objection form, and every
approved county by batch with a province-level map."""

from __future__ import annotations

import json
from collections import defaultdict

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.client_ip import client_ip
from innocounty.applications.models import Application
from innocounty.approvals import challenge, services
from innocounty.approvals.files import check_objection_attachment
from innocounty.approvals.models import ApprovalList
from innocounty.common.bounds import ID_MAX, ID_MIN
from innocounty.common.labels import belt_label, theme_label
from innocounty.common.params import parse_int
from innocounty.common.render import render_lines
from innocounty.programme import ApplicationState, Theme
from innocounty.programme.approval_rules import ListDecision
from innocounty.programme.balance import THREE_BELTS, Belt

FIELD_MAX = {"name": 100, "contact": 100, "text": 4000}


def _grouped(apps) -> list[dict]:
    """Belt → theme → counties (in code order), as the notices are laid out."""
    groups: dict = defaultdict(lambda: defaultdict(list))
    for a in apps:
        groups[THREE_BELTS[a.county.province_id]][a.theme or ""].append(a)
    out = []
    for belt in Belt:
        themes = groups.get(belt, {})
        rows = [{"theme": theme_label(Theme(t)) if t else _("未选择主题"), "apps": sorted(v, key=lambda a: a.county_id)}
                for t, v in sorted(themes.items(), key=lambda kv: [x.value for x in Theme].index(kv[0]) if kv[0] else 9)]
        if rows:
            out.append({"belt": belt_label(belt), "themes": rows, "count": sum(len(r["apps"]) for r in rows)})
    return out  # fmt: skip


def notices(request):
    lists = ApprovalList.objects.filter(state__in=("on_notice", "final")).select_related("batch").order_by("-notice_starts")
    return render(request, "approvals/public/notices.html", {"lists": lists})


def _notice_apps(lst: ApprovalList):
    approved = lst.entries.filter(decision=ListDecision.APPROVE.value).values("application_id")
    return Application.objects.filter(pk__in=approved).select_related("county__province")


def notice(request, pk: int, form=None, errors=None):
    lst = get_object_or_404(ApprovalList.objects.select_related("batch"), pk=pk, state__in=("on_notice", "final"))
    apps = list(_notice_apps(lst))
    question, token = challenge.new_challenge()
    return render(request, "approvals/public/notice.html", {
        "list": lst, "groups": _grouped(apps), "apps": apps, "count": len(apps), "question": question,
        "token": token, "form": form or {}, "errors": errors or {}, "field_max": FIELD_MAX,
        "open": lst.state == "on_notice",
    }, status=422 if errors else 200)  # fmt: skip


@require_POST
def object_to(request, pk: int):
    lst = get_object_or_404(ApprovalList, pk=pk, state__in=("on_notice", "final"))
    post = request.POST
    form = {k: post.get(k, "")[: v + 1] for k, v in FIELD_MAX.items()} | {"application": post.get("application", "")[:12]}
    errors: dict[str, str] = {}
    if post.get(challenge.HONEYPOT):
        errors["challenge"] = _("提交未通过验证，请重新填写。")
    elif not challenge.challenge_passed(post.get("token", ""), post.get("answer", "")):
        errors["challenge"] = _("验证题答案不正确或已过期，请重新作答。")
    for name, limit in FIELD_MAX.items():
        value = form[name].strip()
        if not value:
            errors[name] = _("此项必填。")
        elif len(value) > limit:
            errors[name] = _("不能超过%(n)d字。") % {"n": limit}
    app_id = parse_int(form["application"], ID_MIN, ID_MAX)
    app = _notice_apps(lst).filter(pk=app_id).first() if app_id else None
    if app is None:
        errors["application"] = _("请选择名单中的县（市）。")
    attachment = None
    upload = request.FILES.get("attachment")
    if upload is not None and not errors:
        kind, data, problem = check_objection_attachment(upload)
        if problem:
            errors["attachment"] = problem
        else:
            attachment = (upload.name, data, kind)
    address = client_ip(request)
    if not errors and challenge.rate_limited(address):
        errors["challenge"] = _("同一地址提交过于频繁，请稍后再试。")
    if errors:
        return notice(request, pk, form, errors)
    outcome, _objection = services.lodge(lst, app, form["name"].strip(), form["contact"].strip(), form["text"].strip(),
                                         address, attachment)  # fmt: skip
    if not outcome.allowed:
        return notice(request, pk, form, {"challenge": "；".join(render_lines(outcome.decision))})
    messages.success(request, _("异议已提交，科技部将核实处理。感谢您的监督。"))
    return redirect("public:notice", pk=lst.pk)


def approved(request):
    apps = list(Application.objects.filter(state=ApplicationState.APPROVED.value)
                .select_related("county__province", "batch").order_by("batch__year", "county_id"))  # fmt: skip
    lists = {lst.batch_id: lst for lst in ApprovalList.objects.filter(state="final")}
    batches: dict = {}
    for a in apps:
        batches.setdefault(a.batch_id, {"batch": a.batch, "list": lists.get(a.batch_id), "apps": []})["apps"].append(a)
    per_province: dict[str, int] = defaultdict(int)
    for a in apps:
        per_province[a.county.province.name] += 1
    return render(request, "approvals/public/approved.html", {
        "batches": [dict(b, groups=_grouped(b["apps"])) for b in batches.values()], "total": len(apps),
        "map_data": json.dumps([{"name": k, "value": v} for k, v in sorted(per_province.items())], ensure_ascii=False),
    })  # fmt: skip


def approved_map_data(request):
    """The national map's data (the shape of ``rankings.maps.national_data``): approved counties per province."""
    from django.http import JsonResponse

    from innocounty.rankings.maps import NO_DATA_COLOR, NOT_MONITORED, chart_labels
    from innocounty.regions.models import Province

    counts: dict[str, int] = defaultdict(int)
    for code in Application.objects.filter(state=ApplicationState.APPROVED.value).values_list("county__province_id", flat=True):
        counts[code] += 1
    areas = [{"name": p.short_name, "code": p.code, "full_name": p.name, "value": counts.get(p.code) or None,
              "counties": counts.get(p.code, 0), "mean_index": None, "eligible": 0, "eligible_share": None,
              "on_map": True, "no_data": not counts.get(p.code), "monitored": True}
             for p in Province.objects.order_by("code")]
    areas += [{"name": name, "code": "", "full_name": str(full), "value": None, "counties": 0, "mean_index": None,
               "eligible": 0, "eligible_share": None, "on_map": True, "no_data": True, "monitored": False}
              for name, full in NOT_MONITORED.items()]
    return JsonResponse({"map": "china", "metric": "count", "metric_label": _("批准建设县（市）数"), "level": "province",
                         "no_data_color": NO_DATA_COLOR, "areas": areas, "labels": chart_labels()})  # fmt: skip
