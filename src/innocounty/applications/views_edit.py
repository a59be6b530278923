"""The county's plan editor: sections autosaved with htmx, theme and key tasks, milestones, targets,
attachments. Every save goes through ``editing.py`` (permission, then the core's save check)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.applications.editing import (
    KEY_TASK_KEYS,
    EditRefused,
    add_attachment,
    edit_refusal,
    remove_attachment,
    save_milestones,
    save_section,
    save_targets,
    save_theme_and_tasks,
)
from innocounty.applications.models import Attachment
from innocounty.applications.monitoring_data import indicator_catalogue, published_baselines
from innocounty.applications.permissions import can_edit_application
from innocounty.applications.presenters import completeness_report, monitoring_panel, plan_view
from innocounty.applications.views import visible_application
from innocounty.applications.workflow import NotAllowed
from innocounty.common.filecheck import max_bytes
from innocounty.programme import DEFAULT_PLAN_RULES, text_length

EXTRA_TARGET_ROWS = 3


def _editable(request, pk: int):
    app = visible_application(request.user, pk)
    allowed = can_edit_application(request.user, app)
    if not allowed:
        return app, forbidden_response(request, allowed.reason)
    return app, None


@login_required
def plan_editor(request, pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    years = app.batch.construction_years
    baseline_year, baselines = published_baselines(app.county_id, app.batch.evaluation_run())
    targets = plan_view(app.plan_json(), years)["targets"]
    blank = {"indicator_code": "", "baseline": None, "year_values": [{"year": y, "value": None} for y in years]}
    return render(request, "applications/edit.html", {
        "app": app, "plan": plan_view(app.plan_json(), years), "years": years,
        "target_rows": targets + [blank] * EXTRA_TARGET_ROWS,
        "indicators": indicator_catalogue(app.batch.evaluation_run()), "baselines": baselines,
        "baseline_year": baseline_year, "locked": edit_refusal(request.user, app),
        "report": completeness_report(app), "panel": monitoring_panel(app),
        "attachments": Attachment.current.filter(application=app), "max_mib": max_bytes("attachment") // 1048576,
        "rule": DEFAULT_PLAN_RULES.section_length, "last_return": app.events.filter(transition="return_for_revision").last(),
    })  # fmt: skip


@login_required
@require_POST
def section_autosave(request, pk: int, key: str):
    """htmx: save one section, answer with the status line (saved at, length, the length rule)."""
    app, refused = _editable(request, pk)
    if refused:
        return refused
    try:
        app = save_section(request.user, app, key, request.POST.get("html", ""))
    except (EditRefused, NotAllowed) as problem:
        text = "；".join(problem.messages) if isinstance(problem, EditRefused) else problem.reason
        return render(request, "applications/_save_status.html", {"error": text}, status=409)
    length = text_length(app.sections.get(key))
    rule = DEFAULT_PLAN_RULES.length_rule(key)
    if request.htmx:
        return render(request, "applications/_save_status.html", {
            "saved_at": timezone.localtime(), "length": length, "rule": rule,
        })  # fmt: skip
    messages.success(request, _("已保存。"))
    return redirect("applications:edit", pk=app.pk)


def _run(request, app, action, *args):
    try:
        action(request.user, app, *args)
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    except EditRefused as problem:
        for message in problem.messages:
            messages.error(request, message)
    else:
        if not request.htmx:
            messages.success(request, _("已保存。"))
    if request.htmx:
        return render(request, "applications/_save_status.html", {"saved_at": timezone.localtime()})
    return redirect(reverse("applications:edit", args=[app.pk]) + "#" + request.POST.get("anchor", ""))


@login_required
@require_POST
def save_tasks(request, pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    theme = request.POST.get("theme") if "theme" in request.POST else None
    tasks = {key: request.POST.get(f"task_{key}", "") for key in KEY_TASK_KEYS if f"task_{key}" in request.POST}
    return _run(request, app, save_theme_and_tasks, theme, tasks)


@login_required
@require_POST
def save_schedule(request, pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    texts = {y: request.POST.get(f"milestones_{y}", "") for y in app.batch.construction_years}
    return _run(request, app, save_milestones, texts)


@login_required
@require_POST
def save_target_rows(request, pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    years = app.batch.construction_years
    codes = request.POST.getlist("target_code")
    baselines = request.POST.getlist("target_baseline")
    rows = []
    for i, code in enumerate(codes):
        values = {y: request.POST.getlist(f"target_{y}")[i] if i < len(request.POST.getlist(f"target_{y}")) else ""
                  for y in years}  # fmt: skip
        rows.append({"indicator_code": code, "baseline": _number(baselines[i] if i < len(baselines) else ""),
                     "values": {y: _number(v) for y, v in values.items()}})  # fmt: skip
    return _run(request, app, save_targets, rows)


def _number(raw: str):
    try:
        return float(raw) if str(raw).strip() else None
    except ValueError:
        return None


@login_required
@require_POST
def attachment_upload(request, pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的文件。"))
        return redirect("applications:edit", pk=app.pk)
    if upload.size > max_bytes("attachment"):
        messages.error(request, _("文件超过 %(mib)d MiB 上限。") % {"mib": max_bytes("attachment") // 1048576})
        return redirect("applications:edit", pk=app.pk)
    try:
        add_attachment(request.user, app, upload.name, upload.read(), request.POST.get("title", ""))
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    except EditRefused as problem:
        for message in problem.messages:
            messages.error(request, _("%(file)s：%(message)s") % {"file": upload.name, "message": message})
    else:
        messages.success(request, _("已上传 %(file)s。") % {"file": upload.name})
    return redirect(reverse("applications:edit", args=[app.pk]) + "#attachments")


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    attachment = get_object_or_404(Attachment.current, pk=attachment_pk, application=app)
    return _run(request, app, remove_attachment, attachment)
