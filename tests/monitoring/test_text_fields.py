"""Framework-specific free-text fields (Hunan's 特色指标): declared by the framework file, entered by the county
or its province while the round is open (bounded, audited), read by whoever sees the county's values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from innocounty.audit.models import AuditEvent
from innocounty.monitoring.models import Framework
from innocounty.monitoring.text_fields import TextValue, parse_declaration, text_fields_of, texts_for


@pytest.fixture
def hunan_round(ministry):
    from innocounty.monitoring.rounds import open_round

    call_command("import_framework", "hunan-15", "--code", "hunan-15", "--activate")
    return open_round(ministry, 2024, Framework.objects.get(code="hunan-15"), dt.date(2025, 6, 30))


def test_declarations():
    [spec] = parse_declaration("feature_statement:特色指标:Feature statement:200")
    assert (spec.code, spec.name, spec.max_length) == ("feature_statement", "特色指标", 200)
    assert parse_declaration("bad; x:y:z:abc; a b:n:e:5; big:n:e:999999") == []
    assert parse_declaration(None) == []


def test_the_hunan_framework_declares_its_feature_statement(hunan_round, framework):
    assert [s.code for s in text_fields_of(hunan_round.framework)] == ["feature_statement"]
    assert text_fields_of(framework) == []          # the provisional framework has none


def test_the_county_enters_its_feature_statement(client, hunan_round, county_officer):
    client.force_login(county_officer)
    url = reverse("monitoring_texts:county_texts", args=[hunan_round.pk, "970121"])
    assert 'data-testid="texts-form"' in client.get(url).content.decode()
    response = client.post(url, {"feature_statement": "以茶产业科技特派员为特色，建成省级农业科技园区。"})
    assert response.status_code == 302
    value = TextValue.objects.get(county_id="970121", code="feature_statement")
    assert value.text.startswith("以茶产业") and value.updated_by == county_officer
    assert AuditEvent.objects.filter(action="monitoring.text_value.saved").count() == 1
    assert texts_for(hunan_round, "970121")[0]["text"] == value.text
    too_long = client.post(url, {"feature_statement": "长" * 201})
    assert too_long.status_code == 200 and TextValue.objects.get(pk=value.pk).text == value.text
    detail = client.get(reverse("monitoring:county", args=[hunan_round.pk, "970121"])).content.decode()
    assert 'data-testid="text-fields-link"' in detail and "特色指标" in detail


def test_other_counties_cannot_write(client, hunan_round, other_county_officer,
                                                                     county_officer):
    client.force_login(other_county_officer)
    url = reverse("monitoring_texts:county_texts", args=[hunan_round.pk, "970121"])
    assert client.post(url, {"feature_statement": "x"}).status_code == 403
    assert not TextValue.objects.exists()


def test_a_framework_without_text_fields_has_no_page(client, data_round, county_officer):
    client.force_login(county_officer)
    url = reverse("monitoring_texts:county_texts", args=[data_round.pk, "970121"])
    assert client.get(url).status_code == 404
