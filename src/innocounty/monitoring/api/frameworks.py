"""Frameworks: list, detail with nodes (every signed-in user); import and activate (ministry)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Status, UploadedFile

from innocounty.accounts.guards import ensure
from innocounty.common.bounds import DbId
from innocounty.monitoring.api.rounds import refused
from innocounty.monitoring.api.router import router
from innocounty.monitoring.api.schemas import ConfirmIn, ErrorOut, FrameworkDetailOut, FrameworkOut
from innocounty.monitoring.forms import FRAMEWORK_FILE_LIMIT
from innocounty.monitoring.frameworks import FrameworkImportError, activate_framework, import_framework
from innocounty.monitoring.models import Framework
from innocounty.monitoring.permissions import can_manage_frameworks, can_view_frameworks
from innocounty.monitoring.views.frameworks import parse_uploaded_framework
from innocounty.monitoring.workflow import TransitionRefused

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/frameworks", response={200: list[FrameworkOut], 401: ErrorOut, 403: ErrorOut}, summary="Indicator frameworks")
def list_frameworks(request):
    ensure(can_view_frameworks(request.auth))
    return list(Framework.objects.all())


@router.get("/frameworks/{framework_id}", response={200: FrameworkDetailOut, **ERRORS},
            summary="A framework version with its nodes")
def framework_detail(request, framework_id: DbId):
    ensure(can_view_frameworks(request.auth))
    return get_object_or_404(Framework, pk=framework_id)


@router.post("/frameworks", response={201: FrameworkOut, 200: FrameworkOut, **ERRORS},
             summary="Import a framework file (CSV/XLSX/YAML) as a draft version (ministry)")
def import_framework_file(request, file: File[UploadedFile],
                          code: str = Form(..., min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$"),
                          version: str = Form("", max_length=32)):
    ensure(can_manage_frameworks(request.auth))
    if file.size > FRAMEWORK_FILE_LIMIT:
        return Status(400, {"detail": _("文件过大（上限 1 MiB）。")})
    if not (file.name or "").lower().endswith((".csv", ".xlsx", ".yaml", ".yml")):
        return Status(400, {"detail": _("只接受 CSV、XLSX 或 YAML 文件。")})
    try:
        parsed = parse_uploaded_framework(file)
        outcome = import_framework(parsed, code, version or None, request.auth)
    except FrameworkImportError as exc:
        return Status(422, {"detail": "；".join(exc.problems)})
    return Status(201 if outcome.created else 200, outcome.framework)


@router.post("/frameworks/{framework_id}/activate", response={200: FrameworkOut, **ERRORS},
             summary="Activate a version; the active version of the same code is superseded "
                     "(ministry; consequential: confirm)")
def activate(request, framework_id: DbId, payload: ConfirmIn):
    ensure(can_manage_frameworks(request.auth))
    framework = get_object_or_404(Framework, pk=framework_id)
    try:
        return activate_framework(framework, request.auth, confirm=payload.confirm)
    except TransitionRefused as exc:
        raise refused(exc) from None
