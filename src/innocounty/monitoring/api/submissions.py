"""Province submissions: status, template, upload (→ validation report), confirm warnings, submit, accept, return."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Status, UploadedFile

from innocounty.accounts.guards import ensure
from innocounty.common.bounds import DbId
from innocounty.monitoring import uploads as upload_service
from innocounty.monitoring.api.rounds import refused
from innocounty.monitoring.api.router import router
from innocounty.monitoring.api.schemas import (
    ConfirmIn,
    ErrorOut,
    ResolutionsIn,
    ReturnIn,
    SubmissionOut,
    UploadOut,
)
from innocounty.monitoring.models import ProvinceSubmission, Upload, UploadStatus
from innocounty.monitoring.permissions import can_upload_round_data, can_view_submission, can_view_upload
from innocounty.monitoring.queries import template_spec
from innocounty.monitoring.template import build_template
from innocounty.monitoring.workflow import TransitionRefused, perform

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _submission(pk: int) -> ProvinceSubmission:
    return get_object_or_404(ProvinceSubmission.objects.select_related("data_round__framework", "province"), pk=pk)


@router.get("/submissions/{submission_id}", response={200: SubmissionOut, **ERRORS}, summary="A province's submission")
def submission_status(request, submission_id: DbId):
    submission = _submission(submission_id)
    ensure(can_view_submission(request.auth, submission))
    return submission


@router.get("/submissions/{submission_id}/template", response={200: None, **ERRORS},
            summary="The Excel template pre-filled with the province's counties (province officers)")
def submission_template(request, submission_id: DbId):
    submission = _submission(submission_id)
    ensure(can_upload_round_data(request.auth, submission))
    response = HttpResponse(build_template(template_spec(submission)), content_type=XLSX)
    name = f"monitoring-{submission.data_round.year}-{submission.province_id}.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"{name}\""
    return response


@router.post("/submissions/{submission_id}/uploads", response={200: UploadOut, 422: UploadOut | ErrorOut, 400: ErrorOut, 401: ErrorOut,
                                                               403: ErrorOut, 404: ErrorOut},
             summary="Upload a filled workbook. 200: imported, or needs confirmation of warnings; "
                     "422: refused or rejected, nothing saved — the report lists every problem")
def upload_workbook(request, submission_id: DbId, file: File[UploadedFile]):
    submission = _submission(submission_id)
    ensure(can_upload_round_data(request.auth, submission))
    data = upload_service.UploadedFile.from_django(file, upload_service.max_upload_bytes())
    try:
        upload = upload_service.receive_upload(submission, request.auth, data)
    except TransitionRefused as exc:
        raise refused(exc) from None
    ok = upload.status in (UploadStatus.IMPORTED, UploadStatus.NEEDS_CONFIRMATION)
    return Status(200 if ok else 422, upload)


@router.get("/uploads/{upload_id}", response={200: UploadOut, **ERRORS}, summary="An upload with its validation report")
def upload_report(request, upload_id: DbId):
    upload = get_object_or_404(Upload.objects.select_related("submission__province"), pk=upload_id)
    ensure(can_view_upload(request.auth, upload))
    return upload


@router.post("/uploads/{upload_id}/confirm", response={200: UploadOut, 422: UploadOut | ErrorOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut,
                                                      404: ErrorOut},
             summary="Confirm the warnings of an upload and import it (validated again first)")
def confirm_upload(request, upload_id: DbId, payload: ResolutionsIn | None = None):
    upload = get_object_or_404(Upload.objects.select_related("submission__province", "data_round"), pk=upload_id)
    if upload.submission is None:
        return Status(404, {"detail": "Not Found"})
    ensure(can_upload_round_data(request.auth, upload.submission))
    try:
        resolutions = payload.resolutions if payload is not None else {}
        upload = upload_service.confirm_upload(upload, request.auth, resolutions)
    except TransitionRefused as exc:
        raise refused(exc) from None
    return Status(200 if upload.status == UploadStatus.IMPORTED else 422, upload)


def _transition(request, submission_id: DbId, action: str, reason: str = "", confirm: bool = False):
    submission = _submission(submission_id)
    ensure(can_view_submission(request.auth, submission))
    try:
        return perform(submission, action, request.auth, reason, confirm=confirm)
    except TransitionRefused as exc:
        raise refused(exc) from None


@router.post("/submissions/{submission_id}/submit", response={200: SubmissionOut, **ERRORS},
             summary="Submit the province's data to the ministry (province officers; consequential: confirm)")
def submit(request, submission_id: DbId, payload: ConfirmIn):
    return _transition(request, submission_id, "submit", confirm=payload.confirm)


@router.post("/submissions/{submission_id}/accept", response={200: SubmissionOut, **ERRORS},
             summary="Accept a submitted province's data; it is locked (ministry; consequential: confirm)")
def accept(request, submission_id: DbId, payload: ConfirmIn):
    return _transition(request, submission_id, "accept", confirm=payload.confirm)


@router.post("/submissions/{submission_id}/return", response={200: SubmissionOut, **ERRORS},
             summary="Return a submitted province's data with a reason (ministry)")
def return_submission(request, submission_id: DbId, payload: ReturnIn):
    return _transition(request, submission_id, "return", payload.reason)
