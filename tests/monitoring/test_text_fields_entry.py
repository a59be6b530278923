"""The framework's free-text fields are also collected in the county data-entry form: written to the round
(TextValue) on save with the officer and an audit record naming the form, bounded by the declared length."""

from __future__ import annotations

from django.urls import reverse

from innocounty.audit.models import AuditEvent
from innocounty.monitoring import county_entry as service
from innocounty.monitoring.text_fields import TextValue

from .test_text_fields import hunan_round  # noqa: F401 (fixture)


def test_the_entry_form_shows_and_saves_the_feature_statement(client, hunan_round, county_officer):  # noqa: F811
    client.force_login(county_officer)
    url = reverse("monitoring:county_entry", args=[hunan_round.pk, "970121"])
    page = client.get(url).content.decode()
    assert (
        'data-testid="entry-texts"' in page
        and 'name="text__feature_statement"' in page
        and "特色指标" in page
    )
    response = client.post(url, {"text__feature_statement": "  茶产业科技特派员。 "})
    assert response.status_code == 302
    value = TextValue.objects.get(data_round=hunan_round, county_id="970121", code="feature_statement")
    assert value.text == "茶产业科技特派员。" and value.updated_by == county_officer
    event = AuditEvent.objects.get(action="monitoring.text_value.saved")
    assert event.after == {"text": "茶产业科技特派员。", "via": "county_entry"}
    assert "茶产业科技特派员。" in client.get(url).content.decode()
    client.post(url, {"text__feature_statement": "茶产业科技特派员。"})  # unchanged: no new record
    assert AuditEvent.objects.filter(action="monitoring.text_value.saved").count() == 1


def test_a_too_long_text_is_refused_with_a_message_and_keeps_the_old(client, hunan_round, county_officer):  # noqa: F811
    client.force_login(county_officer)
    url = reverse("monitoring:county_entry", args=[hunan_round.pk, "970121"])
    client.post(url, {"text__feature_statement": "旧"})
    response = client.post(url, {"text__feature_statement": "长" * 201})
    body = response.content.decode()
    assert response.status_code == 200 and "现为 201 字" in body and 'aria-invalid="true"' in body
    assert TextValue.objects.get(county_id="970121", code="feature_statement").text == "旧"


def test_the_check_endpoint_reports_a_too_long_text(client, hunan_round, county_officer):  # noqa: F811
    client.force_login(county_officer)
    url = reverse("monitoring:entry_check", args=[hunan_round.pk, "970121"])
    body = client.post(url, {"text__feature_statement": "长" * 201}).json()
    assert "text__feature_statement" in body["field_errors"]
    assert not TextValue.objects.exists()


def test_other_counties_cannot_write_through_the_form(client, hunan_round, other_county_officer):  # noqa: F811
    client.force_login(other_county_officer)
    url = reverse("monitoring:county_entry", args=[hunan_round.pk, "970121"])
    assert client.post(url, {"text__feature_statement": "x"}).status_code == 403
    assert not TextValue.objects.exists()


def test_the_service_writes_texts_only_for_declared_fields(hunan_round, county_officer):  # noqa: F811
    from innocounty.regions.models import County

    entry = service.entry_for(hunan_round, County.objects.get(code="970121"))
    result = service.save_draft(county_officer, entry, {"text__feature_statement": "甲", "text__other": "乙"})
    assert result["texts_changed"] == 1
    assert list(TextValue.objects.values_list("code", "text")) == [("feature_statement", "甲")]
