"""Indicator frameworks: list and detail (every signed-in user), import and activate (ministry)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.common.render import consequence_text
from innocounty.monitoring.forms import FrameworkImportForm
from innocounty.monitoring.frameworks import (
    FrameworkImportError,
    activate_framework,
    import_framework,
    parse_framework_file,
)
from innocounty.monitoring.models import Framework
from innocounty.monitoring.permissions import can_manage_frameworks, can_view_frameworks
from innocounty.monitoring.views.common import posted_confirm, refuse_unless
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.programme.data_workflows import FRAMEWORK


def parse_uploaded_framework(uploaded):
    """Write the uploaded file to a temporary path (the engine's loader reads files) and parse it."""
    suffix = Path(uploaded.name).suffix.lower()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"framework{suffix}"
        with open(path, "wb") as fh:
            for chunk in uploaded.chunks():
                fh.write(chunk)
        return parse_framework_file(path, source_name=uploaded.name)


@login_required
def framework_list(request):
    if refused := refuse_unless(request, can_view_frameworks(request.user)):
        return refused
    frameworks = Framework.objects.select_related("imported_by")
    return render(request, "monitoring/framework_list.html", {
        "frameworks": frameworks, "can_manage": bool(can_manage_frameworks(request.user)),
    })


@login_required
def framework_detail(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    if refused := refuse_unless(request, can_view_frameworks(request.user)):
        return refused
    nodes = framework.nodes.select_related("parent").order_by("position")
    return render(request, "monitoring/framework_detail.html", {
        "framework": framework, "nodes": nodes, "in_use": framework.is_in_use(),
        "can_manage": bool(can_manage_frameworks(request.user)),
        "activate_consequence": consequence_text(FRAMEWORK.transition("activate")),
    })


@login_required
def framework_import(request):
    if refused := refuse_unless(request, can_manage_frameworks(request.user)):
        return refused
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = parse_uploaded_framework(form.cleaned_data["file"])
            outcome = import_framework(parsed, form.cleaned_data["code"], form.cleaned_data["version"] or None,
                                       request.user)
        except FrameworkImportError as exc:
            problems = exc.problems
        else:
            messages.success(request, outcome.message)
            return redirect("monitoring:framework", pk=outcome.framework.pk)
    return render(request, "monitoring/framework_import.html", {"form": form, "problems": problems})


@login_required
@require_POST
def framework_activate(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    if refused := refuse_unless(request, can_manage_frameworks(request.user)):
        return refused
    try:
        activate_framework(framework, request.user, confirm=posted_confirm(request))
    except TransitionRefused as exc:
        if exc.forbidden:
            return forbidden_response(request, exc.reason)
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("已启用 %(framework)s；同一代码的其他版本已标记为“已被新版本取代”。") % {
            "framework": framework})
    return redirect("monitoring:framework", pk=pk)
