"""Fixtures for the monitoring tests: two made-up provinces (codes 97 and 98, never real ones, so the
regions fixture may be loaded or not), officers of every role, an open round under the provisional
framework (loaded by migration 0002) and a builder of filled workbooks."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from innocounty.accounts.models import Role
from innocounty.monitoring.columns import columns_for_framework
from innocounty.monitoring.models import DataRound, Framework, ProvinceSubmission
from innocounty.monitoring.workbook import DATA_SHEET, FIRST_DATA_ROW, KEY_ROW
from innocounty.regions.models import County, Prefecture, Province


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def provinces(db):
    north = Province.objects.create(code="97", name="北测省", short_name="北测", belt="east")
    south = Province.objects.create(code="98", name="南测省", short_name="南测", belt="west")
    north_pref = Prefecture.objects.create(code="970100", name="北一市", province=north)
    south_pref = Prefecture.objects.create(code="980100", name="南一市", province=south)
    for code, name, unit_type in [("970121", "甲县", "县"), ("970122", "乙县", "县"), ("970181", "丙市", "县级市"),
                                  ("970102", "城区", "市辖区")]:
        County.objects.create(code=code, name=name, unit_type=unit_type, prefecture=north_pref, province=north)
    County.objects.create(code="980121", name="丁县", unit_type="县", prefecture=south_pref, province=south)
    return north, south










@pytest.fixture
def south_officer(make_user, provinces):
    return make_user("south", Role.PROVINCIAL_OFFICER, province=provinces[1])




@pytest.fixture
def other_county_officer(make_user, provinces):
    return make_user("ding", Role.COUNTY_OFFICER, county=County.objects.get(code="980121"))


@pytest.fixture
def expert(make_user, provinces):
    return make_user("exp", Role.EXPERT)


@pytest.fixture
def framework(db):
    return Framework.objects.get(code="provisional-23", version="1")


@pytest.fixture
def data_round(framework, ministry):
    from innocounty.monitoring.rounds import open_round

    return open_round(ministry, 2024, framework, dt.date(2025, 6, 30))


@pytest.fixture
def north_submission(data_round, provinces):
    return ProvinceSubmission.objects.get(data_round=data_round, province=provinces[0])


@pytest.fixture
def south_submission(data_round, provinces):
    return ProvinceSubmission.objects.get(data_round=data_round, province=provinces[1])


@pytest.fixture
def columns(framework):
    return columns_for_framework(framework)


def plausible_value(column, seed: int = 0) -> float:
    if column.is_percent:
        return 2.5 + seed
    if column.kind == "unit_data":
        return 50.0 + seed
    return 10.0 + seed


def consistent(filled: dict, given: dict, offset: int) -> None:
    """Derived indicators (not given explicitly) made consistent with the values they derive from (a basis
    left empty counts as its plausible value: the rules skip a county with a missing value anyway)."""

    def basis(code: str) -> float:
        value = filled.get(code)
        if isinstance(value, int | float) and value:
            return float(value)
        return 50.0 + offset if code in ("gdp_100m", "population_10k") else 10.0 + offset

    if "I04" not in given and "I04" in filled:
        filled["I04"] = round(basis("I03") / basis("gdp_100m") / 100, 6)
    if "I23" not in given and "I23" in filled:
        filled["I23"] = round(basis("gdp_100m") / basis("population_10k") * 10000, 3)


@pytest.fixture
def make_workbook(columns):
    """Build workbook bytes in the template's layout. ``rows``: list of (code, {column: value}); values not
    given are filled with plausible numbers unless ``fill=False``. ``edit(sheet)`` may change anything."""

    def build(rows, fill=True, edit=None, key_row=None) -> bytes:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = DATA_SHEET
        keys = key_row or ["county_code", "county_name", "prefecture"] + [c.code for c in columns]
        for index, key in enumerate(keys, start=1):
            sheet.cell(KEY_ROW, index, key)
            sheet.cell(KEY_ROW + 1, index, f"名称{index}")
            sheet.cell(KEY_ROW + 2, index, "单位")
        for offset, (code, values) in enumerate(rows):
            row = FIRST_DATA_ROW + offset
            sheet.cell(row, 1, code)
            filled = {}
            for key in keys[3:]:
                column = next((c for c in columns if c.code == key), None)
                if key in values:
                    filled[key] = values[key]
                elif fill and column is not None:
                    filled[key] = plausible_value(column, offset)
                else:
                    filled[key] = None
            if fill:  # the shipped consistency rules hold for filled values (R&D share, GDP per capita)
                consistent(filled, values, offset)
            for index, key in enumerate(keys[3:], start=4):
                sheet.cell(row, index, filled[key])
        if edit:
            edit(sheet)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return build


@pytest.fixture
def valid_north_workbook(make_workbook):
    return make_workbook([("970121", {}), ("970122", {}), ("970181", {})])


def previous_round(framework, ministry, year=2023) -> DataRound:
    return DataRound.objects.create(year=year, framework=framework, deadline=dt.date(year + 1, 6, 30), opened_by=ministry)
