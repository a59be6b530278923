"""Application pages: the list, one application (status, plan, position, history, actions), the
transitions, versions and their comparison, and attachment downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.applications.eligibility import eligibility_notice, recommendation_reason
from innocounty.applications.guidance import guidance_for
from innocounty.applications.models import Application, Attachment
from innocounty.applications.monitoring_data import indicator_names
from innocounty.applications.permissions import (
    applications_visible_to,
    core_roles,
    history_shown_to,
    state_shown_to,
    states_matching,
)
from innocounty.applications.presenters import completeness_report, monitoring_panel, plan_view
from innocounty.applications.workflow import NotAllowed, actions_for, create_application, run_transition
from innocounty.batches.models import Batch
from innocounty.common.bounds import ID_MAX, ID_MIN, PRIORITY_MAX, PRIORITY_MIN
from innocounty.common.labels import transition_label
from innocounty.common.params import parse_int, query_int
from innocounty.common.render import render_lines
from innocounty.programme import APPLICATION, ApplicationState, compare_versions
from innocounty.regions.models import County


def transition_inputs(post) -> dict:
    """A transition's inputs from a form: texts, the priority (ASCII digits only), the confirmation."""
    inputs = {k: post.get(k, "").strip() for k in ("reason", "response", "eligibility_reason")}
    priority = post.get("priority", "").strip()
    if priority:
        number = parse_int(priority, PRIORITY_MIN, PRIORITY_MAX)
        inputs["priority"] = priority if number is None else number  # the input's bounds refuse it by name
    if post.getlist("failed_items"):
        inputs["failed_items"] = post.getlist("failed_items")
    inputs["confirm"] = post.get("confirm") == "1"
    return inputs


def visible_application(user, pk: int) -> Application:
    """The application if the user may see it; 404 otherwise (a stranger learns nothing)."""
    return get_object_or_404(applications_visible_to(user), pk=pk)


def _back(request, app: Application):
    target = request.POST.get("next", "")
    app.refresh_from_db(fields=["state"])
    if target == reverse("applications:edit", args=[app.pk]) and not app.is_editable_state:
        # Submitted: the plan is read-only now, so the clerk lands on the application, not the editor.
        return redirect("applications:detail", pk=app.pk)
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("applications:detail", pk=app.pk)


def report_refusal(request, decision) -> None:
    for line in render_lines(decision):
        messages.error(request, line)


@login_required
def application_list(request):
    apps = applications_visible_to(request.user).order_by("-batch__year", "county_id")
    batch, state = query_int(request.GET, "batch"), request.GET.get("state", "")
    if batch.error:
        messages.warning(request, batch.error)
    if batch:
        apps = apps.filter(batch_id=batch.value)
    if state in ApplicationState._value2member_map_:
        apps = apps.filter(state__in=states_matching(request.user, state))
    page = Paginator(apps, 50).get_page(request.GET.get("page"))
    rows = [{"app": a, "state": state_shown_to(request.user, a)} for a in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "applications/list.html", {
        "page": page, "rows": rows, "batches": Batch.objects.exclude(status="draft"),
        "states": [s for s in ApplicationState if APPLICATION.state_shown_to(s, core_roles(request.user)) == s],
        "querystring": params.urlencode(), "batch": batch.raw, "state": state,
    })  # fmt: skip


@login_required
@require_POST
def application_create(request, batch_pk: int):
    batch = get_object_or_404(Batch.objects.exclude(status="draft"), pk=batch_pk)
    county = get_object_or_404(County, code=request.POST.get("county", ""))
    try:
        outcome, app = create_application(request.user, batch, county, request.POST.get("theme", ""))
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    if not outcome.allowed:
        report_refusal(request, outcome.decision)
        return redirect("batches:detail", pk=batch.pk)
    messages.success(request, _("已创建申报草稿，请填写建设方案。"))
    return redirect("applications:edit", pk=app.pk)


@login_required
def application_detail(request, pk: int):
    app = visible_application(request.user, pk)
    years = app.batch.construction_years
    latest = app.versions.order_by("-number").first()
    showing_version = latest if latest and not app.is_editable_state else None
    shown = showing_version.content if showing_version else app.plan_json()
    return render(request, "applications/detail.html", {
        "app": app, "state": state_shown_to(request.user, app),
        "plan": plan_view(shown, years, indicator_names(app.batch.evaluation_run())), "showing_version": showing_version,
        "panel": monitoring_panel(app), "history": history_shown_to(request.user, app),
        "attachments": Attachment.current.filter(application=app), "versions": app.versions.order_by("-number"),
        "actions": actions_for(request.user, app), "report": completeness_report(app) if app.is_editable_state else None,
        "formal_review": getattr(app, "formal_review", None), "eligibility": eligibility_notice(app),
        "eligibility_reason": recommendation_reason(app), "guidance": guidance_for(request.user, app),
    })  # fmt: skip


@login_required
@require_POST
def application_transition(request, pk: int, name: str):
    app = visible_application(request.user, pk)
    inputs = transition_inputs(request.POST)
    try:
        outcome = run_transition(request.user, app, name, inputs)
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    if outcome.allowed:
        messages.success(request, _("已完成：%(action)s。") % {"action": transition_label(outcome)})
    else:
        report_refusal(request, outcome.decision)
    return _back(request, app)


@login_required
def version_list(request, pk: int):
    app = visible_application(request.user, pk)
    versions = list(app.versions.select_related("submitted_by").order_by("number"))
    return render(request, "applications/versions.html", {"app": app, "versions": versions})


@login_required
def version_compare(request, pk: int):
    app = visible_application(request.user, pk)
    versions = {v.number: v for v in app.versions.all()}
    numbers = sorted(versions)
    if not numbers:
        raise Http404(_("尚无已提交的版本"))
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    number_a = parse_int(a, ID_MIN, ID_MAX)
    if a and number_a is None:
        raise Http404(_("没有这个版本：%(a)s") % {"a": a[:24]})
    old = versions.get(number_a) if number_a is not None else versions[numbers[-2] if len(numbers) > 1 else numbers[0]]
    new_key = b if b else ("working" if app.is_editable_state else str(numbers[-1]))
    if old is None:
        raise Http404
    if new_key == "working":
        new_plan, new_name = app.plan(), _("当前草稿")
    elif parse_int(new_key, ID_MIN, ID_MAX) in versions:
        new_plan, new_name = versions[int(new_key)].plan(), _("第%(n)s版") % {"n": new_key}
    else:
        raise Http404
    comparison = compare_versions(old.plan(), new_plan, before_name=_("第%(n)s版") % {"n": old.number}, after_name=new_name)
    names = indicator_names(app.batch.evaluation_run())
    target_rows = [{"row": r, "title": r.title if r.title != r.key else names.get(r.key, r.key)}
                   for r in comparison.targets.rows]  # fmt: skip
    return render(request, "applications/compare.html", {
        "app": app, "old": old, "new_name": new_name, "new_key": new_key, "comparison": comparison,
        "numbers": numbers, "editable": app.is_editable_state, "target_rows": target_rows,
        "text_entries": [e for e in comparison.entries if not e.key.startswith(("targets.", "milestones."))],
    })  # fmt: skip


@login_required
def attachment_download(request, pk: int):
    """Stream a private attachment after the same visibility check as its application."""
    attachment = get_object_or_404(Attachment, pk=pk)
    if not applications_visible_to(request.user).filter(pk=attachment.application_id).exists():
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = CONTENT_TYPES[attachment.kind]
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
