"""Field inspection records (实地考察): the ministry records and completes them; the province sees a record
only where the ministry opened it; photos and attachments are streamed after the same check."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import ensure
from innocounty.accounts.models import User
from innocounty.applications.models import Application
from innocounty.applications.views import report_refusal
from innocounty.approvals import services
from innocounty.approvals.access import can_manage_programme, may_see_inspection
from innocounty.approvals.files import CONTENT_TYPES, check_document, check_photo, sha256
from innocounty.approvals.models import Inspection, InspectionFile
from innocounty.audit.chain import record
from innocounty.common.bounds import ID_MAX, ID_MIN
from innocounty.common.labels import key_task_label
from innocounty.common.params import parse_int
from innocounty.common.render import consequence_text
from innocounty.programme.approval import INSPECTION
from innocounty.programme.approval_rules import InspectionConclusion
from innocounty.programme.plans import KeyTask
from innocounty.workflow.adapter import apply_transition, available_actions

ACTS = ("complete", "reopen", "province_access")
MAX_TEAM_USERS = 20


def _application(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("county__province", "batch"), pk=pk)


def _inspection(pk: int) -> Inspection:
    return get_object_or_404(Inspection.objects.select_related("application__county__province", "application__batch"), pk=pk)


@login_required
def inspections(request, pk: int):
    app = _application(pk)
    if request.method == "POST":
        ensure(can_manage_programme(request.user))
        outcome, i = services.record_inspection(request.user, app)
        if outcome.allowed:
            return redirect("approvals:inspection", pk=i.pk)
        report_refusal(request, outcome.decision)
    rows = [i for i in Inspection.objects.filter(application=app).select_related("application__county")
            if may_see_inspection(request.user, i)]  # fmt: skip
    if not rows and not can_manage_programme(request.user):
        ensure(may_see_inspection(request.user, Inspection(application=app)))
    return render(request, "approvals/inspections.html", {"app": app, "rows": rows,
                                                          "acting": bool(can_manage_programme(request.user))})


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


@login_required
def inspection(request, pk: int):
    i = _inspection(pk)
    ensure(may_see_inspection(request.user, i))
    acting = bool(can_manage_programme(request.user))
    if request.method == "POST":
        ensure(can_manage_programme(request.user))
        post = request.POST
        conclusion = post.get("conclusion", "")
        values = {
            "starts": _parse_date(post.get("starts", "")[:10]), "ends": _parse_date(post.get("ends", "")[:10]),
            "team": post.get("team", "")[:2000], "itinerary": post.get("itinerary", "")[:4000],
            "findings": {k.value: post.get(f"finding_{k.value}", "")[:2000] for k in KeyTask},
            "conclusion": conclusion if conclusion in {c.value for c in InspectionConclusion} else "",
            "conclusion_text": post.get("conclusion_text", "")[:4000],
        }  # fmt: skip
        ids = [i for i in (parse_int(v, ID_MIN, ID_MAX) for v in post.getlist("team_users")[:MAX_TEAM_USERS]) if i]
        users = list(User.objects.filter(pk__in=ids, is_active=True))
        decision = services.save_inspection(request.user, i, values, users)
        if decision:
            messages.success(request, _("考察记录已保存。"))
        else:
            report_refusal(request, decision)
        return redirect("approvals:inspection", pk=i.pk)
    actions = {t.name: consequence_text(t) for t in available_actions(request.user, i, kind="inspection")} if acting else {}
    findings = [(k.value, key_task_label(k), (i.findings or {}).get(k.value, "")) for k in KeyTask]
    team_candidates = User.objects.filter(is_active=True, role_assignments__role__in=("expert", "ministry_officer")).distinct()
    return render(request, "approvals/inspection.html", {
        "i": i, "app": i.application, "acting": acting, "editable": acting and i.state == "draft", "actions": actions,
        "findings": findings, "conclusions": [(c.value, c.label) for c in InspectionConclusion],
        "files": i.files.all(), "team_candidates": team_candidates[:200], "team_ids": set(i.team_users.values_list("pk", flat=True)),
        "state_label": INSPECTION.state_labels[INSPECTION.states(i.state)],
    })  # fmt: skip


@login_required
@require_POST
def inspection_act(request, pk: int, name: str):
    ensure(can_manage_programme(request.user))
    if name not in ACTS:
        raise Http404
    i = _inspection(pk)
    inputs = {"confirm": request.POST.get("confirm") == "1", "reason": request.POST.get("reason", "")[:2001]}
    if name == "province_access":
        inputs["open"] = request.POST.get("open") == "1"
    outcome = apply_transition(request.user, i, name, inputs, kind="inspection")
    if outcome.allowed:
        messages.success(request, _("已办理。"))
    else:
        report_refusal(request, outcome.decision)
    return redirect("approvals:inspection", pk=i.pk)


@login_required
@require_POST
def upload(request, pk: int):
    ensure(can_manage_programme(request.user))
    i = _inspection(pk)
    upload = request.FILES.get("file")
    purpose = request.POST.get("purpose", "")
    if i.state != "draft":
        messages.error(request, _("考察记录已完成，须先重新打开才能添加文件。"))
    elif upload is None or purpose not in (InspectionFile.PHOTO, InspectionFile.ATTACHMENT):
        messages.error(request, _("请选择要上传的文件。"))
    else:
        kind, data, problem = (check_photo if purpose == InspectionFile.PHOTO else check_document)(upload)
        if problem:
            messages.error(request, problem)
        else:
            f = InspectionFile(inspection=i, purpose=purpose, kind=kind, title=request.POST.get("title", "")[:200],
                               original_name=upload.name[:255], size=len(data), sha256=sha256(data),
                               uploaded_by=request.user)  # fmt: skip
            f.file.save(f.token, ContentFile(data), save=True)
            record(request.user, "inspection.file_added", obj=i, after={"file": f.original_name, "sha256": f.sha256},
                   summary=f"{i.application.county.name}实地考察记录：上传{f.original_name}")  # fmt: skip
            messages.success(request, _("文件已上传。"))
    return redirect("approvals:inspection", pk=i.pk)


@login_required
def download(request, pk: int):
    f = get_object_or_404(InspectionFile.objects.select_related("inspection__application__county"), pk=pk)
    if not may_see_inspection(request.user, f.inspection):
        raise Http404
    inline = f.purpose == InspectionFile.PHOTO and request.GET.get("inline") == "1"
    response = FileResponse(f.file.open("rb"), as_attachment=not inline, filename=f.original_name)
    response["Content-Type"] = CONTENT_TYPES.get(f.kind, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
