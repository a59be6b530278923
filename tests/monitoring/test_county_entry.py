"""A county enters its own values: drafts, checks, submit to the province (errors block, warnings need
confirmation), the province accepts or returns with a reason; provenance of the values written."""

from __future__ import annotations

import pytest

from innocounty.audit.models import AuditEvent
from innocounty.monitoring import county_entry as service
from innocounty.monitoring.models import (
    CountyEntryState,
    IndicatorValue,
    IndicatorValueRevision,
    UploadSource,
)
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.notifications.models import Notification
from innocounty.regions.models import County

GOOD = {
    "population_10k": "50",
    "gdp_100m": "200",
    "enterprises_1k": "20",
    "I03": "40000",
    "I04": "2",
    "I07": "120",
    "I23": "40000",
}


@pytest.fixture
def jia():
    return County.objects.get(code="970121")


@pytest.fixture
def entry(data_round, jia):
    return service.entry_for(data_round, jia)


def test_draft_start_field_errors_and_audit(entry, county_officer):
    result = service.save_draft(county_officer, entry, {**GOOD, "I02": "很多", "I05": "-3", "I10": "120"})
    entry.refresh_from_db()
    assert entry.state == CountyEntryState.DRAFT and entry.saved_by == county_officer
    assert set(result["field_errors"]) == {"I02", "I05", "I10"}
    assert entry.values["I03"] == 40000.0 and "I02" not in entry.values  # invalid fields are not kept
    assert AuditEvent.objects.filter(action="county_entry.start").count() == 1
    assert AuditEvent.objects.filter(action="monitoring.county_entry.saved").count() == 1
    assert not IndicatorValue.objects.exists()  # a draft never touches the round's values


def test_only_the_county_itself_may_enter(entry, other_county_officer, north_officer, ministry):
    for user in (other_county_officer, north_officer, ministry):
        with pytest.raises(TransitionRefused) as info:
            service.save_draft(user, entry, GOOD)
        assert info.value.forbidden


def test_rule_error_blocks_and_warning_needs_confirmation(entry, county_officer, north_officer):
    service.save_draft(
        county_officer, entry, {**GOOD, "enterprises_1k": "0.05"}
    )  # 50 firms, 120 of them high-tech
    with pytest.raises(TransitionRefused, match="错误"):
        service.submit(county_officer, entry, confirm=True)
    result = service.save_draft(
        county_officer, entry, {**GOOD, "I23": "10000"}
    )  # GDP per capita inconsistent
    assert result["errors"] == 0 and result["unconfirmed_warnings"] == 1
    with pytest.raises(TransitionRefused, match="警告未确认"):
        service.submit(county_officer, entry, confirm=True)
    service.save_draft(county_officer, entry, {**GOOD, "I23": "10000"}, ["rule:gdp-per-capita-consistent"])
    with pytest.raises(TransitionRefused, match="须确认"):
        service.submit(county_officer, entry)  # consequential: confirm
    submitted = service.submit(county_officer, entry, confirm=True)
    assert submitted.state == CountyEntryState.SUBMITTED and submitted.submitted_by == county_officer
    value = IndicatorValue.objects.select_related("upload").get(county_id="970121", code="I23")
    assert value.value == 10000.0 and value.updated_by == county_officer
    assert value.upload.source == UploadSource.COUNTY_ENTRY and value.upload.county_entry_id == entry.pk
    assert Notification.objects.filter(recipient=north_officer, title__contains="县级填报").exists()


def test_province_returns_then_accepts_and_revisions_are_kept(
    entry, county_officer, north_officer, other_county_officer
):
    service.save_draft(county_officer, entry, GOOD)
    service.submit(county_officer, entry, confirm=True)
    with pytest.raises(TransitionRefused) as info:
        service.review(other_county_officer, entry, "accept", confirm=True)
    assert info.value.forbidden
    with pytest.raises(TransitionRefused, match="理由"):
        service.review(north_officer, entry, "return", "  ")
    returned = service.review(north_officer, entry, "return", "I07 请核实")
    assert returned.state == CountyEntryState.RETURNED and returned.return_reason == "I07 请核实"
    assert Notification.objects.filter(recipient=county_officer, body__contains="I07 请核实").exists()
    service.save_draft(county_officer, returned, {**GOOD, "I07": "130"})
    again = service.submit(county_officer, returned, confirm=True)
    revision = IndicatorValueRevision.objects.get(indicator_value__code="I07")
    assert (revision.old_value, revision.new_value) == (120.0, 130.0)
    accepted = service.review(north_officer, again, "accept", confirm=True)
    assert accepted.state == CountyEntryState.ACCEPTED and accepted.reviewed_by == north_officer
    with pytest.raises(TransitionRefused):
        service.save_draft(county_officer, accepted, GOOD)  # accepted: no more edits


def test_no_county_entry_while_the_province_is_submitted(
    entry, county_officer, north_submission, north_officer, valid_north_workbook
):
    from innocounty.monitoring.uploads import UploadedFile, receive_upload
    from innocounty.monitoring.workflow import perform

    receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", valid_north_workbook))
    perform(north_submission, "submit", north_officer, confirm=True)
    service.save_draft(county_officer, entry, GOOD)
    with pytest.raises(TransitionRefused, match="已提交或已被接收"):
        service.submit(county_officer, entry, confirm=True)


def test_form_shows_stored_values_until_a_draft_exists(
    entry, county_officer, north_submission, north_officer, valid_north_workbook
):
    from innocounty.monitoring.uploads import UploadedFile, receive_upload

    receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", valid_north_workbook))
    assert service.form_values(entry)["I01"] == 10.0
    service.save_draft(county_officer, entry, {"I01": "11"})
    entry.refresh_from_db()
    assert service.form_values(entry)["I01"] == 11.0 and service.form_values(entry)["I03"] == 10.0
