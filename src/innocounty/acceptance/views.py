"""Acceptance pages: the desk, a batch's acceptance (ministry), one county's acceptance, the decision
list's document, the work plan; the public list of 创新型县（市） is in ``views_public``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from innocounty.acceptance import scoring, services
from innocounty.acceptance.bindings import acceptance_context, list_context
from innocounty.acceptance.models import AcceptanceAttachment, WorkPlan
from innocounty.acceptance.permissions import acceptances_visible_to, sees_panel
from innocounty.accounts.guards import ensure, forbidden_response
from innocounty.accounts.permissions import can_manage_programme, has_nation_wide_role
from innocounty.batches.models import Batch
from innocounty.common import clock
from innocounty.common.params import parse_int
from innocounty.common.refusals import Forbidden
from innocounty.common.render import consequence_text, render_lines
from innocounty.construction.models import ConstructionProject
from innocounty.programme.acceptance import ACCEPTANCE, ACCEPTANCE_LIST, STATE_LABELS, AcceptanceState
from innocounty.programme.inputs import InputKind
from innocounty.workflow.adapter import NotAllowed, apply_transition, available_actions

DATE_INPUTS = {"deadline", "recheck_on"}
LONG_INPUTS = {"outcome", "findings", "reason"}


def _label(workflow, name: str) -> str:
    t = workflow.by_name[name]
    translated = pgettext("programme action", t.label)
    return translated if translated != t.label else _(t.label)


def _forms(user, subject, workflow, ctx) -> list[dict]:
    out = []
    for t in available_actions(user, subject, kind=workflow.kind):
        if t.name in ("open", "create"):
            continue
        fields = [{"name": i.name, "label": _(i.label), "required": i.required, "max": i.max_length,
                   "type": "date" if i.name in DATE_INPUTS else "number" if i.kind is InputKind.INT else "text",
                   "long": i.name in LONG_INPUTS, "min": i.minimum, "maxv": i.maximum} for i in t.inputs]  # fmt: skip
        out.append({"name": t.name, "label": _label(workflow, t.name), "fields": fields,
                    "consequence": consequence_text(t, ctx)})  # fmt: skip
    return out


def _inputs(post, workflow, name: str) -> dict:
    t = workflow.by_name.get(name)
    inputs = {"confirm": post.get("confirm") == "1"}
    for i in t.inputs if t else ():
        raw = post.get(i.name, "").strip()[: i.max_length + 1]
        if i.kind is InputKind.INT:
            inputs[i.name] = parse_int(raw, i.minimum or 0, i.maximum or 10**6) if raw else None
            if raw and inputs[i.name] is None:
                inputs[i.name] = raw  # reported by the core as not an integer
        else:
            inputs[i.name] = raw
    return inputs


def state_label(value: str) -> str:
    return _(STATE_LABELS[AcceptanceState(value)]) if value else "—"


def visible(user, pk: int):
    found = acceptances_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def index(request):
    rows = list(acceptances_visible_to(request.user).order_by("project__batch__year", "project__county_id"))
    batches = []
    if has_nation_wide_role(request.user):
        ids = set(ConstructionProject.objects.values_list("batch_id", flat=True))
        batches = list(Batch.objects.filter(pk__in=ids).order_by("year"))
    return render(request, "acceptance/index.html", {
        "rows": [{"a": a, "state": state_label(a.state)} for a in rows], "batches": batches})  # fmt: skip


@login_required
def batch_detail(request, pk: int):
    if not has_nation_wide_role(request.user):
        return forbidden_response(request, _("评估验收的批次页面仅供科技部使用。"))
    batch = get_object_or_404(Batch, pk=pk)
    lst = services.decision_list(batch)
    rows = []
    for a in services.rows_of(batch):
        summary = scoring.panel_summary(a)
        rows.append({"a": a, "state": state_label(a.state), "summary": summary,
                     "panel": list(scoring.assignments_of(a).filter(state__in=scoring.LIVE_STATES)
                                   .select_related("expert"))})  # fmt: skip
    list_forms = _forms(request.user, lst, ACCEPTANCE_LIST, list_context(request.user, lst)) if lst else []
    counts = {}
    for r in rows:
        counts[r["state"]] = counts.get(r["state"], 0) + 1
    return render(request, "acceptance/batch.html", {
        "batch": batch, "rows": rows, "list": lst, "list_forms": list_forms, "counts": sorted(counts.items()),
        "manage": bool(can_manage_programme(request.user)), "years": batch.construction_years})  # fmt: skip


@login_required
@require_POST
def open_batch(request, pk: int):
    ensure(can_manage_programme(request.user))
    batch = get_object_or_404(Batch, pk=pk)
    try:
        opened, refusals = services.open_batch(request.user, batch)
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    for line in refusals:
        messages.error(request, line)
    if opened:
        messages.success(request, _("已对%(n)d个县（市）启动评估验收。") % {"n": opened})
    elif not refusals:
        messages.info(request, _("该批次各县（市）均已启动评估验收。"))
    return redirect("acceptance:batch", pk=batch.pk)


@login_required
@require_POST
def panels(request, pk: int):
    ensure(can_manage_programme(request.user))
    batch = get_object_or_404(Batch, pk=pk)
    if request.POST.get("step") == "invite":
        n = scoring.invite_panels(request.user, batch)
        messages.success(request, _("已邀请%(n)d位验收专家。") % {"n": n})
    else:
        proposal = scoring.propose_panels(request.user, batch)
        if proposal.feasible:
            messages.success(
                request, _("已生成验收专家分组方案（最低匹配度%(m).2f）。") % {"m": proposal.min_match}
            )
        else:
            messages.error(
                request, _("无法按回避规则为每个县（市）组成验收专家组，请扩充专家库或调整每组人数。")
            )
    return redirect("acceptance:batch", pk=batch.pk)


@login_required
@require_POST
def list_transition(request, pk: int, name: str):
    batch = get_object_or_404(Batch, pk=pk)
    lst = services.decision_list(batch)
    if lst is None:
        raise Http404
    try:
        outcome = apply_transition(request.user, lst, name, _inputs(request.POST, ACCEPTANCE_LIST, name))
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    _report(request, outcome, ACCEPTANCE_LIST, name)
    return redirect("acceptance:batch", pk=batch.pk)


def _report(request, outcome, workflow, name):
    if outcome.allowed:
        messages.success(request, _("已完成：%(action)s。") % {"action": _label(workflow, name)})
    else:
        for line in render_lines(outcome.decision):
            messages.error(request, line)


@login_required
def document(request, pk: int, fmt: str):
    if not has_nation_wide_role(request.user):
        return forbidden_response(request, _("验收结论文件仅供科技部使用。"))
    batch = get_object_or_404(Batch, pk=pk)
    if services.decision_list(batch) is None or fmt not in ("docx", "pdf"):
        raise Http404
    docx, pdf = services.render_publication(batch)
    kind = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response = HttpResponse(pdf if fmt == "pdf" else docx, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="acceptance-{batch.pk}.{fmt}"'
    return response


@login_required
def project(request, pk: int):
    a = visible(request.user, pk)
    ctx = acceptance_context(request.user, a)
    summary = scoring.panel_summary(a) if sees_panel(request.user) else None
    county_edits = a.state == AcceptanceState.OPEN.value and services._county_officer_of(
        request.user, a.project
    )
    plan = WorkPlan.objects.filter(project=a.project).first()
    return render(request, "acceptance/project.html", {
        "a": a, "state": state_label(a.state), "forms": _forms(request.user, a, ACCEPTANCE, ctx),
        "completion": services.completion(a), "summary": summary, "county_edits": county_edits,
        "attachments": list(a.attachments.all()), "sees_panel": sees_panel(request.user),
        "reviews": list(scoring.assignments_of(a).select_related("expert", "review")) if sees_panel(request.user) else [],
        "plan": plan, "plan_reports": list(services.work_plan_reports(plan)) if plan else [],
        "may_start_plan": services.may_start_work_plan(a.project) and services._county_officer_of(request.user, a.project),
    })  # fmt: skip


@login_required
@require_POST
def transition(request, pk: int, name: str):
    a = visible(request.user, pk)
    if name not in ACCEPTANCE.by_name or name == "open":
        raise Http404
    try:
        outcome = apply_transition(request.user, a, name, _inputs(request.POST, ACCEPTANCE, name))
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    _report(request, outcome, ACCEPTANCE, name)
    return redirect("acceptance:project", pk=a.pk)


@login_required
@require_POST
def save_summary(request, pk: int):
    a = visible(request.user, pk)
    try:
        services.save_summary(
            request.user, a, request.POST.get("summary", "")[: services.SUMMARY_MAX_CHARS + 1]
        )
        if request.FILES.get("file"):
            upload = request.FILES["file"]
            if upload.size > 50 * 1024 * 1024:
                raise services.Refused([_("文件过大。")])
            services.add_attachment(request.user, a, upload.name, upload.read())
    except Forbidden as refused:
        return forbidden_response(request, refused.reason)
    except services.Refused as refused:
        for m in refused.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("总结材料已保存。"))
    return redirect("acceptance:project", pk=a.pk)


@login_required
def attachment(request, pk: int):
    att = get_object_or_404(AcceptanceAttachment, pk=pk)
    visible(request.user, att.acceptance_id)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name)


@login_required
@require_POST
def start_plan(request, pk: int):
    a = visible(request.user, pk)
    try:
        services.start_work_plan(request.user, a.project, request.POST.get("goals", "")[:8001], clock.today())
    except Forbidden as refused:
        return forbidden_response(request, refused.reason)
    except services.Refused as refused:
        for m in refused.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("三年工作方案已启动，各年度进展报告已建立。"))
    return redirect("acceptance:project", pk=a.pk)
