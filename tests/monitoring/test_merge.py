"""A province's workbook meets its counties' entries: conflicts listed, resolved per value or all at once,
all or nothing; rule violations and outliers in the upload report."""

from __future__ import annotations

import pytest

from innocounty.monitoring import county_entry as service
from innocounty.monitoring.models import IndicatorValue, IndicatorValueRevision, UploadSource, UploadStatus
from innocounty.monitoring.uploads import UploadedFile, confirm_upload, import_nation_file, receive_upload
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.regions.models import County


@pytest.fixture
def county_values(data_round, county_officer):
    """甲县 entered and submitted I01 = 77 and I02 = 3 (the workbook's plausible values are 10 and 2.5)."""
    entry = service.entry_for(data_round, County.objects.get(code="970121"))
    service.save_draft(county_officer, entry, {"I01": "77", "I02": "3"})
    service.submit(county_officer, entry, confirm=True)
    return entry


def value(code, county="970121"):
    return IndicatorValue.objects.select_related("upload").get(county_id=county, code=code)


def upload(submission, officer, make_workbook):
    return receive_upload(
        submission, officer, UploadedFile("p.xlsx", make_workbook([("970121", {}), ("970122", {})]))
    )


def test_conflicts_are_listed_and_nothing_is_imported_unresolved(
    county_values, north_submission, north_officer, make_workbook
):
    received = upload(north_submission, north_officer, make_workbook)
    assert received.status == UploadStatus.NEEDS_CONFIRMATION
    conflicts = {c["key"]: (c["county_value"], c["workbook_value"]) for c in received.report["conflicts"]}
    assert conflicts == {"970121:I01": (77.0, 10.0), "970121:I02": (3.0, 2.5)}
    assert any(i["rule"] == "county_conflict" for i in received.report["issues"])
    with pytest.raises(TransitionRefused, match="1 处"):
        confirm_upload(received, north_officer, {"970121:I01": "take"})
    received.refresh_from_db()
    assert received.status == UploadStatus.NEEDS_CONFIRMATION
    assert not IndicatorValue.objects.filter(county_id="970122").exists()  # all or nothing
    assert value("I01").value == 77.0


def test_keep_one_take_the_other(county_values, north_submission, north_officer, make_workbook):
    received = upload(north_submission, north_officer, make_workbook)
    done = confirm_upload(received, north_officer, {"970121:I01": "keep", "970121:I02": "take"})
    assert done.status == UploadStatus.IMPORTED
    assert done.report["resolutions"] == {"970121:I01": "keep", "970121:I02": "take"}
    kept, taken = value("I01"), value("I02")
    assert kept.value == 77.0 and kept.upload.source == UploadSource.COUNTY_ENTRY
    assert taken.value == 2.5 and taken.upload_id == done.pk and taken.upload.source == UploadSource.WORKBOOK
    revision = IndicatorValueRevision.objects.get(indicator_value=taken)
    assert (revision.old_value, revision.old_upload.source) == (3.0, UploadSource.COUNTY_ENTRY)
    assert value("I01", "970122").value == 10.0 + 1  # the other county imported as usual


def test_without_county_entries_there_is_no_conflict(north_submission, north_officer, make_workbook):
    received = upload(north_submission, north_officer, make_workbook)
    assert received.status == UploadStatus.IMPORTED and received.report["conflicts"] == []


def test_national_import_keeps_county_values(county_values, data_round, ministry, make_workbook):
    done = import_nation_file(
        data_round, ministry, UploadedFile("n.xlsx", make_workbook([("970121", {})])), accept_warnings=True
    )
    assert done.status == UploadStatus.IMPORTED and value("I01").value == 77.0 and value("I03").value == 10.0


def test_rule_error_in_a_workbook_blocks_it(north_submission, north_officer, make_workbook):
    received = receive_upload(
        north_submission,
        north_officer,
        UploadedFile("x.xlsx", make_workbook([("970121", {"I07": 5000, "enterprises_1k": 1})])),
    )
    assert received.status == UploadStatus.REJECTED
    [issue] = [i for i in received.report["issues"] if i["rule"] == "validation_rule"]
    assert issue["header"] == "hightech-within-enterprises" and issue["county"] == "甲县（970121）"
    assert "I07 = 5000" in issue["message"] and issue["row"] is not None
    assert not IndicatorValue.objects.exists()
