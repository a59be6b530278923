"""An upload's validation report (every problem in one table), confirming its warnings, and the original file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.monitoring import uploads as upload_service
from innocounty.monitoring.issues import STORED_PER_RULE, localized_counts, localized_issue
from innocounty.monitoring.models import Upload, UploadStatus
from innocounty.monitoring.permissions import can_upload_round_data, can_view_upload
from innocounty.monitoring.views.common import refuse_unless
from innocounty.monitoring.workflow import TransitionRefused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(pk: int) -> Upload:
    return get_object_or_404(
        Upload.objects.select_related("submission__province", "submission__data_round", "data_round", "uploaded_by"),
        pk=pk,
    )


@login_required
def upload_detail(request, pk: int):
    upload = _upload(pk)
    if refused := refuse_unless(request, can_view_upload(request.user, upload)):
        return refused
    issues = [localized_issue(i) for i in upload.report.get("issues", [])]
    may_confirm = (
        upload.status == UploadStatus.NEEDS_CONFIRMATION
        and upload.submission is not None
        and bool(can_upload_round_data(request.user, upload.submission))
        and upload.submission.accepts_uploads
    )
    return render(request, "monitoring/upload_detail.html", {
        "upload": upload,
        "errors": [i for i in issues if i["severity"] == "error"],
        "warnings": [i for i in issues if i["severity"] == "warning"],
        "may_confirm": may_confirm,
        "statuses": UploadStatus,
        "rule_counts": localized_counts(upload.report),
        "truncated": bool(upload.report.get("truncated")),
        "stored_per_rule": STORED_PER_RULE,
        "conflicts": upload.report.get("conflicts", []),
    })


def posted_resolutions(request, upload: Upload) -> dict[str, str]:
    """``r-<county>:<code>`` = keep|take per conflict; ``all`` applies to those left unanswered."""
    every = request.POST.get("all")
    out = {}
    for conflict in upload.report.get("conflicts", []):
        choice = request.POST.get(f"r-{conflict['key']}") or every
        if choice in ("keep", "take"):
            out[conflict["key"]] = choice
    return out


@login_required
@require_POST
def upload_confirm(request, pk: int):
    upload = _upload(pk)
    if upload.submission is None:
        raise Http404
    if refused := refuse_unless(request, can_upload_round_data(request.user, upload.submission)):
        return refused
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("请勾选“我已核实以上警告”后再确认导入。"))
        return redirect("monitoring:upload", pk=pk)
    try:
        upload = upload_service.confirm_upload(upload, request.user, posted_resolutions(request, upload))
    except TransitionRefused as exc:
        if exc.forbidden:
            return forbidden_response(request, exc.reason)
        messages.error(request, exc.reason)
        return redirect("monitoring:upload", pk=pk)
    if upload.status == UploadStatus.IMPORTED:
        messages.success(request, _("已导入 %(count)d 个县（市）的数据。") % {"count": upload.row_count})
    else:
        messages.error(request, _("重新校验发现错误，未导入任何数据。"))
    return redirect("monitoring:upload", pk=pk)


@login_required
def upload_file(request, pk: int):
    """The original file, streamed from private storage after the permission check."""
    upload = _upload(pk)
    if refused := refuse_unless(request, can_view_upload(request.user, upload)):
        return refused
    if not upload.file:
        raise Http404(_("该上传未保存文件（文件被拒收）。"))
    return FileResponse(upload.file.open("rb"), as_attachment=True, filename=upload.original_name or "upload.xlsx",
                        content_type=XLSX)
