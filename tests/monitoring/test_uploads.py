"""Receiving uploads: all or nothing, the warning-confirmation flow, provenance and revisions, locks."""

import pytest

from innocounty.audit.models import AuditEvent
from innocounty.monitoring.models import (
    IndicatorValue,
    IndicatorValueRevision,
    SubmissionState,
    Upload,
    UploadStatus,
)
from innocounty.monitoring.uploads import (
    UploadedFile,
    confirm_upload,
    import_nation_file,
    receive_upload,
)
from innocounty.monitoring.workflow import TransitionRefused, perform

from .conftest import previous_round


def upload(submission, user, data, name="北测省.xlsx"):
    return receive_upload(submission, user, UploadedFile(name, data))


def test_clean_upload_is_imported_with_provenance(north_submission, north_officer, valid_north_workbook, columns):
    result = upload(north_submission, north_officer, valid_north_workbook)
    assert result.status == UploadStatus.IMPORTED and result.row_count == 3
    values = IndicatorValue.objects.filter(data_round=north_submission.data_round)
    assert values.count() == 3 * len(columns) == result.values_created
    value = values.get(county_id="970121", code="I01")
    assert value.value == 10.0 and value.upload == result and value.updated_by == north_officer
    assert not value.revisions.exists()  # the first value's provenance is the row itself
    assert result.file.name.startswith("monitoring/uploads/2024/") and result.file.size == len(valid_north_workbook)
    assert AuditEvent.objects.filter(action="upload.import", object_id=str(result.pk)).exists()


def test_one_error_saves_nothing(north_submission, north_officer, make_workbook):
    data = make_workbook([("970121", {}), ("970122", {"I02": 250}), ("970181", {})])
    result = upload(north_submission, north_officer, data)
    assert result.status == UploadStatus.REJECTED and result.error_count == 1
    assert not IndicatorValue.objects.exists()
    issue = result.report["issues"][0]
    assert (issue["sheet"], issue["row"], issue["rule"], issue["value"]) == ("数据", 5, "percent_range", "250")


def test_refused_file_is_not_kept(north_submission, north_officer):
    result = upload(north_submission, north_officer, b"county_code\n970121\n")
    assert result.status == UploadStatus.REFUSED and not result.file
    assert result.report["issues"][0]["rule"] == "not_xlsx"


def test_oversize_is_refused_by_setting(settings, north_submission, north_officer, valid_north_workbook):
    settings.MONITORING_UPLOAD_MAX_BYTES = 1000
    result = upload(north_submission, north_officer, valid_north_workbook)
    assert result.status == UploadStatus.REFUSED and result.report["issues"][0]["rule"] == "file_too_large"


def test_reupload_records_revisions_and_keeps_unchanged_provenance(north_submission, north_officer, make_workbook):
    first = upload(north_submission, north_officer, make_workbook([("970121", {})]))
    second = upload(north_submission, north_officer, make_workbook([("970121", {"I01": 12.0, "I03": None})]))
    assert second.status == UploadStatus.NEEDS_CONFIRMATION  # clearing I03 needs confirmation (item 14)
    second = confirm_upload(second, north_officer)
    assert second.status == UploadStatus.IMPORTED and second.values_changed == 2 and second.values_created == 0
    i01 = IndicatorValue.objects.get(county_id="970121", code="I01")
    assert i01.value == 12.0 and i01.upload == second
    revision = i01.revisions.get()
    assert (revision.old_value, revision.new_value) == (10.0, 12.0)
    assert (revision.old_upload, revision.old_by, revision.upload, revision.changed_by) == (
        first, north_officer, second, north_officer)
    assert revision.old_at < revision.changed_at or revision.old_at == revision.changed_at
    assert IndicatorValue.objects.get(county_id="970121", code="I03").value is None
    assert IndicatorValue.objects.get(county_id="970121", code="I04").upload == first


def test_warning_needs_confirmation_then_imports(north_submission, north_officer, framework, ministry, make_workbook):
    last = previous_round(framework, ministry)
    seed = Upload.objects.create(data_round=last, uploaded_by=ministry, original_name="2023.xlsx", size=1,
                                 sha256="0" * 64, status="imported")
    IndicatorValue.objects.create(data_round=last, county_id="970121", code="I01", value=1.0, upload=seed,
                                  updated_by=ministry, updated_at=seed.uploaded_at)
    pending = upload(north_submission, north_officer, make_workbook([("970121", {})]))
    assert pending.status == UploadStatus.NEEDS_CONFIRMATION and pending.warning_count == 1
    assert pending.report["issues"][0]["rule"] == "large_change"
    assert not IndicatorValue.objects.filter(data_round=north_submission.data_round).exists()
    confirmed = confirm_upload(pending, north_officer)
    assert confirmed.status == UploadStatus.IMPORTED and confirmed.confirmed_by == north_officer
    assert IndicatorValue.objects.get(data_round=north_submission.data_round, county_id="970121", code="I01").value == 10.0
    with pytest.raises(TransitionRefused):
        confirm_upload(confirmed, north_officer)


def test_a_newer_upload_supersedes_a_pending_one(north_submission, north_officer, make_workbook):
    pending = upload(north_submission, north_officer, make_workbook([("970121", {})], key_row=None,
                                                                    edit=lambda s: s.cell(1, 40, "备注")))
    assert pending.status == UploadStatus.NEEDS_CONFIRMATION
    upload(north_submission, north_officer, make_workbook([("970121", {})]))
    pending.refresh_from_db()
    assert pending.status == UploadStatus.SUPERSEDED
    with pytest.raises(TransitionRefused):
        confirm_upload(pending, north_officer)


def test_only_the_provinces_officers_may_upload(north_submission, south_officer, ministry, county_officer,
                                                valid_north_workbook):
    for user in (south_officer, ministry, county_officer):
        with pytest.raises(TransitionRefused) as refused:
            upload(north_submission, user, valid_north_workbook)
        assert refused.value.forbidden
    assert not Upload.objects.exists()


def test_no_upload_once_submitted_or_accepted(north_submission, north_officer, ministry, valid_north_workbook):
    upload(north_submission, north_officer, valid_north_workbook)
    perform(north_submission, "submit", north_officer, confirm=True)
    with pytest.raises(TransitionRefused, match="已提交"):
        upload(north_submission, north_officer, valid_north_workbook)
    perform(north_submission, "accept", ministry, confirm=True)
    north_submission.refresh_from_db()
    assert north_submission.state == SubmissionState.ACCEPTED and north_submission.is_locked
    with pytest.raises(TransitionRefused, match="已接收"):
        upload(north_submission, north_officer, valid_north_workbook)


def test_nation_file_imports_every_province_and_respects_locks(data_round, ministry, make_workbook,
                                                               south_submission, south_officer):
    data = make_workbook([("970121", {}), ("980121", {})])
    result = import_nation_file(data_round, ministry, UploadedFile("全国.xlsx", data))
    assert result.status == UploadStatus.IMPORTED and result.submission is None
    assert set(IndicatorValue.objects.values_list("county_id", flat=True)) == {"970121", "980121"}
    perform(south_submission, "submit", south_officer, confirm=True)
    perform(south_submission, "accept", ministry, confirm=True)
    with pytest.raises(TransitionRefused, match="锁定"):
        import_nation_file(data_round, ministry, UploadedFile("全国.xlsx", data))
    assert IndicatorValueRevision.objects.count() == 0


def test_import_round_data_command(data_round, ministry, make_workbook, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "全国.xlsx"
    path.write_bytes(make_workbook([("970121", {}), ("980121", {"I02": 300})]))
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_round_data", "2024", str(path), "--user", "most")
    assert not IndicatorValue.objects.exists()
    path.write_bytes(make_workbook([("970121", {}), ("980121", {})]))
    call_command("import_round_data", "2024", str(path), "--user", "most")
    assert IndicatorValue.objects.filter(county_id="980121").exists()
