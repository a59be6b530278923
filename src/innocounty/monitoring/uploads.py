"""Receiving a province's workbook: file checks → read → validate → (confirm warnings) → import.

All or nothing: values are written only when the report has no error, and — when it has warnings — only
after the uploader confirms them (:func:`confirm_upload` validates the stored file again, because last
year's data or the round may have changed in between). Every upload is recorded with its report; refused
files (too large, not xlsx, macros) are not kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innocounty.audit.chain import record
from innocounty.common.filecheck import check_file
from innocounty.common.filecheck import max_bytes as max_file_bytes
from innocounty.monitoring.bindings import upload_audit_facts
from innocounty.monitoring.columns import IDENTITY_COLUMNS, columns_for_framework
from innocounty.monitoring.i18n import in_site_language
from innocounty.monitoring.importing import save_values
from innocounty.monitoring.issues import ERROR, WARNING, Issue, ValidationReport
from innocounty.monitoring.merge import apply_resolutions, conflict_issues, find_conflicts, quality_issues
from innocounty.monitoring.models import (
    DataRound,
    IndicatorValue,
    ProvinceSubmission,
    Upload,
    UploadStatus,
)
from innocounty.monitoring.permissions import can_upload_round_data
from innocounty.monitoring.validation import CountyRef, ValidationContext, validate_workbook
from innocounty.monitoring.workbook import ReadBounds, read_workbook
from innocounty.monitoring.workflow import TransitionRefused, run
from innocounty.regions.models import County, Province

DEFAULT_CHANGE_FACTOR = 3.0
# The common checker's refusal codes → the report's rules (the rest: "not_xlsx").
FILE_RULES = {"too_large": "file_too_large", "macro_enabled": "macro_enabled", "corrupt": "damaged",
              "oversize_part": "oversize_part"}


def max_upload_bytes() -> int:
    return max_file_bytes("monitoring")


def check_upload_file(filename: str, data: bytes, limit: int, size: int | None = None,
                      max_part_bytes: int | None = None) -> list[Issue]:
    """The common file checker (:mod:`innocounty.common.filecheck`) for a workbook: an issue when refused."""
    found = check_file(filename, data, ("xlsx",), limit, size, max_part_bytes)
    if found.accepted:
        return []
    return [Issue.build(ERROR, FILE_RULES.get(found.code, "not_xlsx"), found.template, found.params, value=filename)]


def change_factor() -> float | None:
    factor = getattr(settings, "MONITORING_CHANGE_WARNING_FACTOR", DEFAULT_CHANGE_FACTOR)
    return float(factor) if factor else None


def previous_values(data_round: DataRound, province_codes: list[str] | None) -> dict[tuple[str, str], float]:
    """Last year's values (the round of ``year - 1``) of the counties of the given provinces (None: all)."""
    values = IndicatorValue.objects.filter(data_round__year=data_round.year - 1, value__isnull=False)
    if province_codes is not None:
        values = values.filter(county__province_id__in=province_codes)
    return {(county, code): value for county, code, value in values.values_list("county_id", "code", "value")}


def build_context(data_round: DataRound, province_codes: list[str] | None) -> ValidationContext:
    """Everything the rules need, in four queries. ``province_codes`` None allows every province."""
    names = dict(Province.objects.values_list("code", "name"))
    allowed = names if province_codes is None else {c: names[c] for c in province_codes}
    counties = {
        code: CountyRef(code, name, province)
        for code, name, province in County.objects.values_list("code", "name", "province_id")
    }
    return ValidationContext(
        columns=columns_for_framework(data_round.framework),
        counties=counties,
        provinces=allowed,
        province_names=names,
        previous=previous_values(data_round, province_codes),
        previous_year=data_round.year - 1,
        change_factor=change_factor(),
    )


@dataclass(frozen=True)
class UploadedFile:
    name: str
    data: bytes
    declared_size: int | None = None

    @classmethod
    def from_django(cls, uploaded, limit: int) -> UploadedFile:
        """Read at most ``limit + 1`` bytes, enough to tell an oversize file without reading it all."""
        return cls(name=uploaded.name or "", data=uploaded.read(limit + 1), declared_size=uploaded.size)


def clearing_issues(data_round: DataRound, report: ValidationReport) -> list[Issue]:
    """Warnings for stored values the upload would empty (a blank cell over a stored value): one summary with
    the count and the counties, and one per county naming its row and columns. Importing needs confirmation."""
    wanted = {(county, code) for county, values in report.rows.items() for code, v in values.items() if v is None}
    if not wanted:
        return []
    stored = IndicatorValue.objects.filter(data_round=data_round, county_id__in=list(report.rows), value__isnull=False)
    per_county: dict[str, list[str]] = {}
    for county, code in stored.values_list("county_id", "code"):
        if (county, code) in wanted:
            per_county.setdefault(county, []).append(code)
    if not per_county:
        return []
    names = dict(County.objects.filter(code__in=list(per_county)).values_list("code", "name"))
    total = sum(len(codes) for codes in per_county.values())
    shown = "、".join(f"{names.get(c, c)} {len(codes)} 个" for c, codes in sorted(per_county.items())[:20])
    issues = [Issue.build(
        WARNING, "clears_values",
        gettext_noop("本次上传将清空已存储的 %(count)d 个数值，涉及 %(counties)d 个县（市）：%(list)s%(more)s。"
                     "空白单元格会覆盖已填数值；确认无误后才会导入。"),
        {"count": total, "counties": len(per_county), "list": shown, "more": "…" if len(per_county) > 20 else ""},
        sheet=report.sheet,
    )]
    for county, codes in sorted(per_county.items(), key=lambda kv: report.row_numbers.get(kv[0], 0)):
        issues.append(Issue.build(
            WARNING, "clears_values", gettext_noop("该行将清空 %(count)d 个已存储的数值：%(codes)s。"),
            {"count": len(codes), "codes": "、".join(sorted(codes))}, sheet=report.sheet,
            row=report.row_numbers.get(county), county=f"{names.get(county, county)}（{county}）",
        ))
    return issues


def validate_file(data_round: DataRound, province_codes: list[str] | None, file: UploadedFile) -> ValidationReport:
    """File checks, then every rule, then the stored values the file would clear. Reads the database only."""
    context = build_context(data_round, province_codes)
    in_scope = sum(1 for c in context.counties.values() if c.province_code in context.provinces)
    bounds = ReadBounds.for_template(len(IDENTITY_COLUMNS) + len(context.columns), in_scope)
    refusal = check_upload_file(file.name, file.data, max_upload_bytes(), file.declared_size, bounds.part_bytes)
    if refusal:
        return ValidationReport(issues=refusal, refused=True)
    report = validate_workbook(read_workbook(file.data, bounds), context)
    if report.is_valid:
        report.issues.extend(clearing_issues(data_round, report))
        report.issues.extend(quality_issues(data_round, report))
        if report.is_valid:
            report.conflicts = find_conflicts(data_round, report.rows)
            report.issues.extend(conflict_issues(report))
    return report


def _guard(submission: ProvinceSubmission, user) -> None:
    decision = can_upload_round_data(user, submission)
    if not decision:
        raise TransitionRefused(str(decision.reason), forbidden=True)
    if not submission.data_round.is_open:
        raise TransitionRefused(_("本轮数据填报已关闭。"))
    if not submission.accepts_uploads:
        raise TransitionRefused(_("当前状态为“%(state)s”，不能上传数据。") % {"state": submission.get_state_display()})


def _locked(submission: ProvinceSubmission) -> ProvinceSubmission:
    return ProvinceSubmission.objects.select_for_update().select_related("data_round", "province").get(pk=submission.pk)


# The transition of the ``upload`` table a new upload is created by (its audit action ``upload.<name>``).
CREATED_BY = {UploadStatus.REFUSED: "refuse", UploadStatus.REJECTED: "reject",
              UploadStatus.NEEDS_CONFIRMATION: "hold", UploadStatus.IMPORTED: "import"}  # fmt: skip


def _save_values(upload: Upload, report: ValidationReport, user, rows: dict | None = None):
    result = save_values(upload.data_round, report.rows if rows is None else rows, upload, user)
    upload.imported_at = timezone.now()
    upload.values_created, upload.values_changed = result.created, result.changed
    return result


def _record_created(upload: Upload, user, summary: str, result=None) -> None:
    """The one audit event of a new upload: ``upload.<the transition it was created by>``."""
    after = {"state": upload.status, **upload_audit_facts(upload)}
    if result is not None:
        after["unchanged"] = result.unchanged
    record(user, f"upload.{CREATED_BY[upload.status]}", upload, before={"state": None}, after=after, summary=summary)


def _supersede_pending(submission: ProvinceSubmission, upload: Upload, user) -> None:
    """Older uploads of the submission still awaiting confirmation are superseded (each audited)."""
    pending = submission.uploads.filter(status=UploadStatus.NEEDS_CONFIRMATION).exclude(pk=upload.pk).order_by("pk")
    for old in pending:
        run(user, old, "supersede", kind="upload")


def _store_report(upload: Upload, report: ValidationReport) -> None:
    upload.report = report.as_dict()
    upload.error_count = len(report.errors)
    upload.warning_count = len(report.warnings)
    upload.row_count = len(report.rows)


def receive_upload(submission: ProvinceSubmission, user, file: UploadedFile) -> Upload:
    """Check, validate and (when clean) import a province's workbook. Returns the recorded Upload."""
    _guard(submission, user)
    data_round = submission.data_round
    report = validate_file(data_round, [submission.province_id], file)
    refused = report.refused
    with transaction.atomic():
        submission = _locked(submission)
        _guard(submission, user)  # again, under the lock: the state may have changed while validating
        upload = Upload(
            data_round=data_round, submission=submission, uploaded_by=user, original_name=file.name[:255],
            size=max(len(file.data), file.declared_size or 0), sha256=hashlib.sha256(file.data).hexdigest(),
        )
        _store_report(upload, report)
        if refused:
            upload.status = UploadStatus.REFUSED
        elif report.errors:
            upload.status = UploadStatus.REJECTED
        elif report.warnings:
            upload.status = UploadStatus.NEEDS_CONFIRMATION
        else:
            upload.status = UploadStatus.IMPORTED
        if not refused:
            upload.file.save("upload.xlsx", ContentFile(file.data), save=False)
        upload.save()  # created in the state its checks gave (an initial state of ``Upload``)
        if upload.status in (UploadStatus.NEEDS_CONFIRMATION, UploadStatus.IMPORTED):
            _supersede_pending(submission, upload, user)
        if upload.status == UploadStatus.IMPORTED:
            result = _save_values(upload, report, user)
            upload.save(update_fields=["imported_at", "values_created", "values_changed"])
            _record_created(upload, user, f"导入{in_site_language(submission)}：{file.name}", result)
        else:
            _record_created(upload, user, f"上传{in_site_language(submission)}：{file.name}")
    return upload


def _not_awaiting_confirmation(upload: Upload) -> str:
    return _("该上传的状态为“%(status)s”，无需确认。") % {"status": upload.get_status_display()}


def confirm_upload(upload: Upload, user, resolutions: dict[str, str] | None = None) -> Upload:
    """The uploader has read the warnings and confirms: validate the stored file again and import it.
    Each conflict with a county-entered value needs its resolution (``keep``/``take``, see
    :mod:`~innocounty.monitoring.merge`); one missing refuses the whole import."""
    submission = upload.submission
    _guard(submission, user)
    if upload.status != UploadStatus.NEEDS_CONFIRMATION:
        raise TransitionRefused(_not_awaiting_confirmation(upload))
    with upload.file.open("rb") as fh:
        data = fh.read()
    report = validate_file(upload.data_round, [submission.province_id], UploadedFile(upload.original_name, data))
    with transaction.atomic():
        _guard(_locked(submission), user)
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != UploadStatus.NEEDS_CONFIRMATION:
            raise TransitionRefused(_not_awaiting_confirmation(upload))
        _store_report(upload, report)
        fields = {"report": upload.report, "error_count": upload.error_count, "warning_count": upload.warning_count,
                  "row_count": upload.row_count, "confirmed_by": user}  # fmt: skip
        if report.errors:  # the ``upload`` workflow's ``reject`` (audited by the adapter)
            run(user, upload, "reject", kind="upload", fields=fields)
            return upload
        rows = apply_resolutions(report, resolutions)
        if report.conflicts:
            upload.report["resolutions"] = {c["key"]: resolutions[c["key"]] for c in report.conflicts}
            fields["report"] = upload.report
        _save_values(upload, report, user, rows)
        fields.update(imported_at=upload.imported_at, values_created=upload.values_created,
                      values_changed=upload.values_changed)
        run(user, upload, "import", kind="upload", fields=fields)  # refused: everything rolls back
    return upload


def import_nation_file(data_round: DataRound, user, file: UploadedFile, accept_warnings: bool = False) -> Upload:
    """A national workbook (counties of any province), e.g. historical data loaded by the ministry with the
    ``import_round_data`` command. Same rules, same all-or-nothing import; warnings block the import unless
    ``accept_warnings`` says the operator has read them. Provinces whose data was accepted stay locked."""
    report = validate_file(data_round, None, file)
    locked = set(
        data_round.submissions.filter(state="accepted").values_list("province_id", flat=True)
    )
    locked_rows = sorted(code for code, ref in build_counties(list(report.rows)).items() if ref in locked)
    if locked_rows:
        raise TransitionRefused(_("%(count)d 个县（市）所在省份的数据已被接收并锁定，如 %(example)s。") % {
            "count": len(locked_rows), "example": locked_rows[0],
        })
    with transaction.atomic():
        upload = Upload(
            data_round=data_round, submission=None, uploaded_by=user, original_name=file.name[:255],
            size=max(len(file.data), file.declared_size or 0), sha256=hashlib.sha256(file.data).hexdigest(),
        )
        _store_report(upload, report)
        if report.errors:
            upload.status = UploadStatus.REJECTED
        elif report.warnings and not accept_warnings:
            upload.status = UploadStatus.NEEDS_CONFIRMATION
        else:
            upload.status = UploadStatus.IMPORTED
        if report.is_valid:
            upload.file.save("upload.xlsx", ContentFile(file.data), save=False)
        if upload.status == UploadStatus.IMPORTED and report.warnings:
            upload.confirmed_by = user
        upload.save()  # created in the state its checks gave (an initial state of ``Upload``)
        result = None
        if upload.status == UploadStatus.IMPORTED:  # county-entered values are kept, never overwritten here
            rows = apply_resolutions(report, {c["key"]: "keep" for c in report.conflicts})
            result = _save_values(upload, report, user, rows)
            upload.save(update_fields=["imported_at", "values_created", "values_changed"])
        _record_created(upload, user, f"全国数据导入：{file.name}", result)
    return upload


def build_counties(codes: list[str]) -> dict[str, str]:
    """County code → province code for the given codes."""
    return dict(County.objects.filter(code__in=codes).values_list("code", "province_id"))
