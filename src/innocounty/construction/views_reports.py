"""A report's pages: read it (with the acts the user may do now), write it (the county), attachments, comments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.common.refusals import Forbidden
from innocounty.common.render import render_lines
from innocounty.construction import services
from innocounty.construction.bindings import actions_for, run_transition
from innocounty.construction.models import ReportAttachment
from innocounty.construction.permissions import may_edit
from innocounty.construction.templatetags.construction_tags import report_action
from innocounty.construction.views import visible_report
from innocounty.programme import KeyTask
from innocounty.programme.report_form import (
    FUND_LABELS,
    PROGRESS_LABELS,
    SECTION_TITLES,
    FundSource,
    Progress,
    ReportSection,
)
from innocounty.workflow.adapter import NotAllowed

BLANK_POLICY_ROWS = 3
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _sections_context(report, content) -> dict:
    rows = services.target_rows(report)
    milestones = services.milestones_of(report.project, report.year)
    given = content.get("milestones") or []
    tasks = content.get("tasks") or {}
    reasons = report.return_reasons or {}
    return {
        "tasks": [{"key": t.value, "label": t.label, "plan": (report.project.plan_json().get("key_tasks") or {}).get(t.value, ""),
                   **(tasks.get(t.value) or {})} for t in KeyTask],
        "milestones": [{"i": i, "text": text, **(given[i] if i < len(given) else {})} for i, text in enumerate(milestones)],
        "targets": [{"row": r, **((content.get("targets") or {}).get(r.code) or {})} for r in rows],
        "funds": [{"key": s.value, "label": FUND_LABELS[s], "value": (content.get("funds") or {}).get(s.value)} for s in FundSource],
        "policies": list(content.get("policies") or []),
        "progress": [(p.value, PROGRESS_LABELS[p]) for p in Progress],
        "sections": [(s.value, SECTION_TITLES[s], reasons.get(s.value, "")) for s in ReportSection],
        "reasons": reasons,
    }  # fmt: skip


@login_required
def report_detail(request, pk: int):
    report = visible_report(request.user, pk)
    content = services.form_content(report)
    problems = services.form_problems(report) if may_edit(request.user, report) else []
    return render(request, "construction/report.html", {
        "report": report, "content": content, **_sections_context(report, content),
        "actions": _actions(request.user, report), "may_edit": may_edit(request.user, report),
        "may_comment": services.may_comment(request.user, report), "problems": problems,
        "events": report.events.select_related("actor"), "comments": report.comments.select_related("author"),
        "attachments": report.attachments.filter(removed_at__isnull=True), "due": report.due,
        "realism_flags": _realism_flags(report),
    })  # fmt: skip


def _realism_flags(report) -> list:
    """The plan's targets the realism check flags (shown with the report; the chart is on the project page)."""
    from innocounty.construction.tracking import realism_for_plan
    from innocounty.evaluation.target_realism import Realism

    found = realism_for_plan(report.project.county, services.plan_of(report.project))
    return [(t, c) for t, c in found if c.realism in (Realism.BEYOND_P95, Realism.BELOW_MEDIAN)]


def _actions(user, report) -> list[dict]:
    from innocounty.common.render import consequence_text
    from innocounty.construction.bindings import report_context

    ctx = report_context(user, report)
    return [{"t": t, "name": t.name, "consequence": consequence_text(t, ctx),
             "sections": [i.name for i in t.inputs if i.name.startswith("reason_")],
             "reason_required": "reason" in t.required_inputs, "reason": "reason" in (*t.required_inputs, *t.optional_inputs)}
            for t in actions_for(user, report) if t.name != "open"]  # fmt: skip


def _raw_from_post(post) -> dict:
    """The form's fields → the content shape :func:`content.clean_content` bounds."""
    policies, i = [], 0
    while f"policy_{i}_title" in post and i < 200:
        policies.append({k: post.get(f"policy_{i}_{k}", "") for k in ("title", "issued", "note")})
        i += 1
    milestones, i = [], 0
    while f"ms_{i}_status" in post and i < 200:
        milestones.append({"status": post.get(f"ms_{i}_status", ""), "note": post.get(f"ms_{i}_note", "")})
        i += 1
    targets = {}
    for name in post:
        if name.startswith("target_") and name.endswith("_actual"):
            code = name[len("target_") : -len("_actual")]
            targets[code] = {
                "actual": post.get(name, "").strip(),
                "reason": post.get(f"target_{code}_reason", ""),
            }
    return {
        "tasks": {t.value: {"status": post.get(f"task_{t.value}_status", ""), "text": post.get(f"task_{t.value}_text", "")}
                  for t in KeyTask},
        "milestones": milestones, "targets": targets, "policies": policies,
        "funds": {s.value: post.get(f"fund_{s.value}", "").strip() for s in FundSource},
        "problems": post.get("problems", ""), "next_steps": post.get("next_steps", ""),
    }  # fmt: skip


@login_required
def report_edit(request, pk: int):
    report = visible_report(request.user, pk)
    if not may_edit(request.user, report):
        return forbidden_response(request, _("只有本县（市）管理员可以在报告填报中或被退回时修改报告。"))
    errors: list[str] = []
    if request.method == "POST":
        raw = _raw_from_post(request.POST)
        revision = request.POST.get("revision", "")
        try:
            services.save_report(request.user, report, raw, int(revision) if revision.isdigit() else None)
        except services.EditRefused as refused:
            errors = [str(m) for m in refused.messages]
        except services.EditConflict as conflict:
            errors = [str(conflict)]
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect("construction:report", report.pk)
        content = raw
    else:
        content = services.form_content(report)
    policies = list(content.get("policies") or []) + [{}] * BLANK_POLICY_ROWS
    return render(request, "construction/report_edit.html", {
        "report": report, "content": content, **_sections_context(report, content), "errors": errors,
        "policy_rows": policies, "attachments": report.attachments.filter(removed_at__isnull=True),
    })  # fmt: skip


def _inputs(post) -> dict:
    inputs = {"reason": post.get("reason", "").strip(), "confirm": post.get("confirm") == "1"}
    for s in ReportSection:
        inputs[f"reason_{s.value}"] = post.get(f"reason_{s.value}", "").strip()
    return inputs


@login_required
@require_POST
def report_transition(request, pk: int, name: str):
    report = visible_report(request.user, pk)
    try:
        outcome = run_transition(request.user, report, name, _inputs(request.POST))
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    if outcome.allowed:
        messages.success(request, _("已完成：%(action)s。") % {"action": report_action(outcome)})
    else:
        for line in render_lines(outcome.decision):
            messages.error(request, line)
    return redirect("construction:report", report.pk)


@login_required
@require_POST
def report_comment(request, pk: int):
    report = visible_report(request.user, pk)
    try:
        services.add_comment(request.user, report, request.POST.get("text", ""))
    except Forbidden as refused:
        return forbidden_response(request, refused.reason)
    except services.EditRefused as refused:
        for m in refused.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("意见已发送。"))
    return redirect("construction:report", report.pk)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    report = visible_report(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择文件。"))
        return redirect("construction:edit", report.pk)
    from innocounty.common.filecheck import max_bytes

    if upload.size > max_bytes("attachment"):
        messages.error(
            request, _("文件超过 %(mib)d MiB 上限。") % {"mib": max_bytes("attachment") // 1048576}
        )
        return redirect("construction:edit", report.pk)
    try:
        services.add_attachment(
            request.user, report, upload.name, upload.read(), request.POST.get("title", "")[:200]
        )
    except Forbidden as refused:
        return forbidden_response(request, refused.reason)
    except services.EditRefused as refused:
        for m in refused.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("附件已上传。"))
    return redirect("construction:edit", report.pk)


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_pk: int):
    report = visible_report(request.user, pk)
    attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report=report, removed_at__isnull=True)
    try:
        services.remove_attachment(request.user, report, attachment)
    except Forbidden as refused:
        return forbidden_response(request, refused.reason)
    return redirect("construction:edit", report.pk)


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(ReportAttachment, pk=pk)
    visible_report(request.user, attachment.report_id)  # 404 unless the report is visible
    if attachment.kind not in CONTENT_TYPES:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = CONTENT_TYPES[attachment.kind]
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
