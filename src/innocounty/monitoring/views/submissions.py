"""A province's submission: status and history, template download, upload, submit / accept / return,
and the province's CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.monitoring import uploads as upload_service
from innocounty.monitoring.export import round_table
from innocounty.monitoring.forms import ReturnForm, UploadForm
from innocounty.monitoring.models import ProvinceSubmission
from innocounty.monitoring.permissions import (
    can_export_round_data,
    can_upload_round_data,
    can_view_submission,
)
from innocounty.monitoring.queries import county_progress, template_spec
from innocounty.monitoring.template import build_template
from innocounty.monitoring.views.common import csv_response, posted_confirm, refuse_unless
from innocounty.monitoring.workflow import TransitionRefused, available_transitions, perform

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _submission(pk: int) -> ProvinceSubmission:
    return get_object_or_404(
        ProvinceSubmission.objects.select_related("data_round__framework", "province", "submitted_by", "reviewed_by"),
        pk=pk,
    )


@login_required
def submission_detail(request, pk: int):
    submission = _submission(pk)
    if refused := refuse_unless(request, can_view_submission(request.user, submission)):
        return refused
    may_upload = bool(can_upload_round_data(request.user, submission))
    return render(request, "monitoring/submission_detail.html", {
        "submission": submission,
        "round": submission.data_round,
        "progress": county_progress(submission),
        "uploads": submission.uploads.select_related("uploaded_by")[:20],
        "other_sources": other_sources(submission),
        "history": submission.transitions.select_related("actor"),
        "transitions": available_transitions(submission, request.user),
        "may_upload": may_upload and submission.accepts_uploads,
        "upload_form": UploadForm(),
        "return_form": ReturnForm(),
        "max_upload_mib": upload_service.max_upload_bytes() / 1048576,
        "quality": submission_quality(submission),
    })


def submission_quality(submission, shown: int = 50) -> dict:
    """The province's rule violations and outlier flags with their confirmation (the acceptance screen)."""
    from innocounty.monitoring.quality import check_round, province_counties
    from innocounty.regions.models import County

    items = check_round(submission.data_round, only=province_counties(submission.province_id)).items()
    names = dict(County.objects.filter(province_id=submission.province_id).values_list("code", "name"))
    for item in items:
        item["county_name"] = names.get(item["county"], item["county"])
    warnings = [i for i in items if i["severity"] == "warning"]
    return {"errors": len(items) - len(warnings), "warnings": len(warnings),
            "unconfirmed": sum(1 for i in warnings if not i["confirmed"]), "items": items[:shown]}


def other_sources(submission):
    """Files the province's values came from that were not uploaded on this page (a national import by the
    management command, as in the demo): named, so an accepted submission never reads "尚未上传"."""
    from innocounty.monitoring.models import IndicatorValue, Upload

    used = IndicatorValue.objects.filter(
        data_round=submission.data_round, county__province_id=submission.province_id
    ).values("upload_id")
    return list(Upload.objects.filter(pk__in=used).exclude(submission=submission).select_related("uploaded_by")[:5])


@login_required
def template_download(request, pk: int):
    submission = _submission(pk)
    if refused := refuse_unless(request, can_upload_round_data(request.user, submission)):
        return refused
    content = build_template(template_spec(submission))
    response = HttpResponse(content, content_type=XLSX)
    filename = f"monitoring-{submission.data_round.year}-{submission.province_id}.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"{filename}\""
    return response


@login_required
@require_POST
def upload_create(request, pk: int):
    submission = _submission(pk)
    if refused := refuse_unless(request, can_upload_round_data(request.user, submission)):
        return refused
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的 .xlsx 文件。"))
        return redirect("monitoring:submission", pk=pk)
    limit = upload_service.max_upload_bytes()
    file = upload_service.UploadedFile.from_django(form.cleaned_data["file"], limit)
    try:
        upload = upload_service.receive_upload(submission, request.user, file)
    except TransitionRefused as exc:
        messages.error(request, exc.reason)
        return redirect("monitoring:submission", pk=pk)
    return redirect("monitoring:upload", pk=upload.pk)


@login_required
@require_POST
def submission_transition(request, pk: int, action: str):
    submission = _submission(pk)
    if refused := refuse_unless(request, can_view_submission(request.user, submission)):
        return refused
    reason = ""
    if action == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("退回时必须填写原因。"))
            return redirect("monitoring:submission", pk=pk)
        reason = form.cleaned_data["reason"]
    try:
        submission = perform(submission, action, request.user, reason, confirm=posted_confirm(request))
    except TransitionRefused as exc:
        if exc.forbidden:
            return forbidden_response(request, exc.reason)
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("%(province)s的数据状态已变为“%(state)s”。") % {
            "province": submission.province.name, "state": submission.get_state_display(),
        })
    return redirect("monitoring:submission", pk=pk)


@login_required
def submission_export(request, pk: int):
    submission = _submission(pk)
    if refused := refuse_unless(request, can_export_round_data(request.user, submission.province)):
        return refused
    header, rows = round_table(submission.data_round, submission.province_id)
    return csv_response(f"monitoring-{submission.data_round.year}-{submission.province_id}.csv", header, rows)
