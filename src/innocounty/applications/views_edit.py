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
    EditConflict,
    EditRefused,
    add_attachment,
    edit_refusal,
    remove_attachment,
    save_milestones,
    save_section,
    save_targets,
    save_theme_and_tasks,
    section_part,
)
from innocounty.applications.eligibility import eligibility_notice
from innocounty.applications.guidance import guidance_for
from innocounty.applications.models import Attachment
from innocounty.applications.monitoring_data import (
    IndicatorInfo,
    indicator_catalogue,
    indicator_names,
    published_baselines,
)
from innocounty.applications.permissions import can_edit_application
from innocounty.applications.presenters import completeness_report, monitoring_panel, plan_view
from innocounty.applications.sanitize import sanitise_html
from innocounty.applications.views import visible_application
from innocounty.applications.workflow import NotAllowed
from innocounty.common.filecheck import max_bytes
from innocounty.common.labels import key_task_label, theme_label
from innocounty.programme import DEFAULT_PLAN_RULES, text_length

EXTRA_TARGET_ROWS = 3


def _editable(request, pk: int):
    app = visible_application(request.user, pk)
    allowed = can_edit_application(request.user, app)
    if not allowed:
        return app, forbidden_response(request, allowed.reason)
    return app, None


def editor_context(request, app, *, target_rows=None, target_errors=()) -> dict:
    """Everything the editor page shows; ``target_rows`` replaces the stored rows after a refused save."""
    years = app.batch.construction_years
    run = app.batch.evaluation_run()
    baseline_year, baselines = published_baselines(app.county_id, run)
    plan = plan_view(app.plan_json(), years, indicator_names(run))
    rows = target_rows if target_rows is not None else plan["targets"]
    # Each row shows the batch's current monitoring value next to the baseline (the stored one may predate it).
    rows = [{**r, "monitoring_baseline": baselines.get(r.get("indicator_code")),
             "monitoring_year": baseline_year if r.get("indicator_code") in baselines else None} for r in rows]  # fmt: skip
    blank = {"indicator_code": "", "baseline": None, "year_values": [{"year": y, "value": None} for y in years]}
    indicators = indicator_catalogue(run)
    known = {i.code for i in indicators}
    # A stored target whose indicator the run's framework lacks stays selectable (a resave loses nothing).
    indicators += [IndicatorInfo(r["indicator_code"], r.get("indicator_name") or r["indicator_code"])
                   for r in rows if r.get("indicator_code") and r["indicator_code"] not in known]  # fmt: skip
    revisions = {"key_tasks": app.revision("key_tasks"), "milestones": app.revision("milestones"),
                 "targets": app.revision("targets")}  # fmt: skip
    guidance = guidance_for(request.user, app)
    for s in plan["sections"]:
        s["revision"] = app.revision(section_part(s["key"]))
        s["comments"] = guidance["by_part"].get(s["key"], [])
    guidance["other_parts"] = [(p, label, guidance["by_part"][p]) for p, label in guidance["parts"]
                               if p in guidance["by_part"] and p not in {s["key"] for s in plan["sections"]}]  # fmt: skip
    return {
        "app": app, "plan": plan, "years": years, "revisions": revisions,
        "target_rows": rows + [blank] * EXTRA_TARGET_ROWS, "target_errors": list(target_errors),
        "indicators": indicators, "baselines": baselines, "baseline_year": baseline_year,
        "locked": edit_refusal(request.user, app), "report": completeness_report(app), "panel": monitoring_panel(app),
        "attachments": Attachment.current.filter(application=app), "max_mib": max_bytes("attachment") // 1048576,
        "rule": DEFAULT_PLAN_RULES.section_length, "last_return": app.events.filter(transition="return_for_revision").last(),
        "eligibility": eligibility_notice(app), "guidance": guidance,
    }  # fmt: skip


@login_required
def plan_editor(request, pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    if not app.is_editable_state:
        # Submitted (or later): the plan is read-only; the detail page shows the submitted version.
        messages.info(request, _("申报当前状态为「%(state)s」，方案不能再修改；如需修改，请先撤回申报或等待省级退回。")
                      % {"state": app.get_state_display()})  # fmt: skip
        return redirect("applications:detail", pk=app.pk)
    return render(request, "applications/edit.html", editor_context(request, app))


def _revision(request) -> int | None:
    raw = request.POST.get("revision", "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _status(request, status=200, **context):
    return render(request, "applications/_save_status.html", context, status=status)


def _conflict_page(request, app, conflict: EditConflict | None, yours, errors=()):
    """Without JavaScript: a refused save shows the user's text (and the stored one) instead of losing it.
    ``yours`` is what was sent, shaped like the stored part (HTML of a section, fields, target rows)."""
    if isinstance(yours, str):
        yours = sanitise_html(yours)
    return render(request, "applications/conflict.html", {
        "app": app, "conflict": conflict, "your_items": _stored_items(yours), "errors": list(errors),
        "stored_items": _stored_items(conflict.stored) if conflict else [],
    }, status=409)  # fmt: skip


def _stored_items(stored) -> list[dict]:
    """The stored content of a conflicting part as labelled items (sanitised HTML for a section)."""
    if isinstance(stored, str):
        return [{"label": "", "value": stored, "html": True}]
    if isinstance(stored, list):
        return [{"label": f"{row.get('indicator_name') or row.get('indicator_code')}", "value": _target_summary(row)}
                for row in stored]  # fmt: skip
    items = []
    for key, value in stored.items():
        if key == "theme":
            label, value = _("建设主题"), theme_label(value) or "—"
        elif key.startswith("task_"):
            label = key_task_label(key.removeprefix("task_"))
        else:
            label = _("%(year)s年") % {"year": key.removeprefix("milestones_")}
        items.append({"label": label, "value": value})
    return items


def _target_summary(row: dict) -> str:
    values = "；".join(f"{y}：{v}" for y, v in sorted((row.get("values") or {}).items()))
    return _("基期值 %(baseline)s；%(values)s") % {"baseline": row.get("baseline"), "values": values}


def _refusal_text(problem) -> str:
    return "；".join(problem.messages) if isinstance(problem, EditRefused) else problem.reason


def _save(request, app, part: str, action, *args, yours, length_key: str | None = None):
    """Run one save: the status line for the editor's script, or a redirect / a page keeping the text."""
    try:
        app = action(request.user, app, *args, revision=_revision(request))
    except EditConflict as conflict:
        if request.htmx:
            return _status(request, 409, conflict=conflict, part=part, stored_items=_stored_items(conflict.stored))
        return _conflict_page(request, app, conflict, yours)
    except (EditRefused, NotAllowed) as problem:
        if request.htmx:
            return _status(request, 409, error=_refusal_text(problem), part=part)
        return _conflict_page(request, app, None, yours, [_refusal_text(problem)])
    if request.htmx:
        context = {"saved_at": timezone.localtime(), "revision": app.revision(part), "part": part}
        if length_key is not None:
            context |= {"length": text_length(app.sections.get(length_key)), "rule": DEFAULT_PLAN_RULES.length_rule(length_key)}
        return _status(request, **context)
    messages.success(request, _("已保存。"))
    return redirect(reverse("applications:edit", args=[app.pk]) + "#" + request.POST.get("anchor", ""))


@login_required
@require_POST
def section_autosave(request, pk: int, key: str):
    """Save one section; answer the editor's script with the status line (saved at, length, token)."""
    app, refused = _editable(request, pk)
    if refused:
        return refused
    html = request.POST.get("html", "")
    return _save(request, app, section_part(key), save_section, key, html, yours=html, length_key=key)


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
    yours = {"theme": theme or "", **{f"task_{k}": v for k, v in tasks.items()}}
    return _save(request, app, "key_tasks", save_theme_and_tasks, theme, tasks, yours=yours)


@login_required
@require_POST
def save_schedule(request, pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    texts = {y: request.POST.get(f"milestones_{y}", "") for y in app.batch.construction_years}
    return _save(request, app, "milestones", save_milestones, texts, yours={f"milestones_{y}": t for y, t in texts.items()})


def _posted_target_rows(request, years) -> list[dict]:
    codes = request.POST.getlist("target_code")
    baselines = request.POST.getlist("target_baseline")
    reasons = request.POST.getlist("target_reason")
    columns = {y: request.POST.getlist(f"target_{y}") for y in years}
    rows = []
    for i, code in enumerate(codes):
        rows.append({
            "indicator_code": code, "baseline": _number(baselines[i] if i < len(baselines) else ""),
            "baseline_reason": reasons[i] if i < len(reasons) else "",
            "values": {y: _number(columns[y][i] if i < len(columns[y]) else "") for y in years},
        })  # fmt: skip
    return rows


@login_required
@require_POST
def save_target_rows(request, pk: int):
    app, refused = _editable(request, pk)
    if refused:
        return refused
    years = app.batch.construction_years
    rows = _posted_target_rows(request, years)
    try:
        save_targets(request.user, app, rows, revision=_revision(request))
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    except EditConflict as conflict:
        return _conflict_page(request, app, conflict, rows)
    except EditRefused as problem:
        # Show the page again with what was typed, every problem named by row (nothing is lost).
        baselines = published_baselines(app.county_id, app.batch.evaluation_run())[1]
        shown = [{**r, "monitoring_baseline": baselines.get(r["indicator_code"]),
                  "year_values": [{"year": y, "value": r["values"].get(y)} for y in years]}
                 for r in rows if r["indicator_code"]]  # fmt: skip
        return render(request, "applications/edit.html",
                      editor_context(request, app, target_rows=shown, target_errors=problem.messages), status=400)  # fmt: skip
    messages.success(request, _("已保存。"))
    return redirect(reverse("applications:edit", args=[app.pk]) + "#targets")


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
