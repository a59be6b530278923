"""The county-entry demo: an open 2026 round with a draft, submitted, returned and accepted entries and one
warning confirmed by the province; running it again changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from innocounty.monitoring.demo import build
from innocounty.monitoring.models import (
    CountyEntry,
    DataRound,
    FlagConfirmation,
    Framework,
    IndicatorValue,
    Upload,
)
from innocounty.regions.models import County


@pytest.fixture
def last_year(make_user):
    ministry = make_user("ministry", "ministry_officer")
    framework = Framework.objects.get(code="provisional-23", version="1")
    data_round = DataRound.objects.create(
        year=2025, framework=framework, deadline=dt.date(2026, 3, 31), opened_by=ministry
    )
    upload = Upload.objects.create(
        data_round=data_round,
        uploaded_by=ministry,
        original_name="demo",
        size=0,
        sha256="0" * 64,
        status="imported",
    )
    codes = [
        "130123",
        *County.objects.eligible()
        .filter(province_id="13")
        .exclude(code="130123")
        .order_by("code")
        .values_list("code", flat=True)[:3],
        "330523",
    ]
    base = {
        "population_10k": 50.0,
        "gdp_100m": 200.0,
        "enterprises_1k": 20.0,
        "I03": 40000.0,
        "I04": 2.0,
        "I07": 120.0,
        "I23": 40000.0,
        "I01": 5000.0,
    }
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                data_round=data_round,
                county_id=c,
                code=k,
                value=v,
                upload=upload,
                updated_by=ministry,
                updated_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            )
            for c in codes
            for k, v in base.items()
        ]
    )
    return codes


def test_demo_entries_and_idempotence(last_year):
    out = io.StringIO()
    build(out)
    round_2026 = DataRound.objects.get(year=2026)
    assert round_2026.is_open and round_2026.deadline == dt.date(2027, 1, 15)
    states = dict(CountyEntry.objects.filter(data_round=round_2026).values_list("county_id", "state"))
    assert states["130123"] == "draft" and states["330523"] == "submitted"
    assert sorted(states[c] for c in last_year[1:4]) == ["accepted", "returned", "submitted"]
    confirmation = FlagConfirmation.objects.get()
    assert (confirmation.county_id, confirmation.key) == ("330523", "gdp-per-capita-consistent")
    assert confirmation.confirmed_by.username == "province_zhejiang"
    draft = CountyEntry.objects.get(data_round=round_2026, county_id="130123")
    assert draft.values["I01"] == pytest.approx(5250.0) and draft.confirmed_warnings == []
    build(io.StringIO())
    assert (
        CountyEntry.objects.filter(data_round=round_2026).count() == 5
        and FlagConfirmation.objects.count() == 1
    )
