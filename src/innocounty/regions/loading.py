"""Load the division fixture and provinces.csv into the database: idempotent, bulk, a few queries.

:func:`load_regions` takes the model classes as arguments so that the data migration can pass its
historical models; the management command ``load_regions`` passes the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from innocounty.regions.fixture import ProvinceInfo, read_fixture, read_province_info
from innocounty.regions.models import UnitType

BATCH_SIZE = 500


@dataclass
class TableReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: list[str] = field(default_factory=list)  # in the database, not in the fixture
    deleted: int = 0


@dataclass
class LoadReport:
    data_as_of: str = ""
    tables: dict[str, TableReport] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"data as of {self.data_as_of}"]
        for name, t in self.tables.items():
            line = f"{name}: {t.created} created, {t.updated} updated, {t.unchanged} unchanged"
            if t.stale:
                line += f", {len(t.stale)} not in the fixture: {', '.join(t.stale[:10])}"
            if t.deleted:
                line += f", {t.deleted} deleted"
            out.append(line)
        return out


def _sync(model, rows: dict[str, dict], fields: list[str], prune: bool, using: str) -> TableReport:
    """Create missing rows, update differing ones, report (or delete) rows absent from ``rows``."""
    report = TableReport()
    existing = {
        values[0]: dict(zip(fields, values[1:], strict=True))
        for values in model.objects.using(using).values_list("pk", *fields)
    }
    to_create, to_update = [], []
    for pk, values in rows.items():
        if pk not in existing:
            to_create.append(model(pk=pk, **values))
        elif existing[pk] != values:
            to_update.append(model(pk=pk, **values))
        else:
            report.unchanged += 1
    model.objects.using(using).bulk_create(to_create, batch_size=BATCH_SIZE)
    model.objects.using(using).bulk_update(to_update, fields, batch_size=BATCH_SIZE)
    report.created, report.updated = len(to_create), len(to_update)
    report.stale = sorted(existing.keys() - rows.keys())
    if prune and report.stale:
        report.deleted, _ = model.objects.using(using).filter(pk__in=report.stale).delete()
    return report


def _seed_eligibility(model, using: str) -> TableReport:
    """One row per unit type, defaulting to settings; rows edited in the admin are left alone."""
    existing = set(model.objects.using(using).values_list("unit_type", flat=True))
    defaults = set(settings.DEFAULT_ELIGIBLE_UNIT_TYPES)
    new = [model(unit_type=t, eligible=t in defaults) for t in UnitType.values if t not in existing]
    model.objects.using(using).bulk_create(new)
    return TableReport(created=len(new), unchanged=len(existing))


def load_regions(
    province_model,
    prefecture_model,
    county_model,
    eligibility_model=None,
    *,
    fixture: dict | None = None,
    province_info: dict[str, ProvinceInfo] | None = None,
    prune: bool = False,
    using: str = "default",
) -> LoadReport:
    """Bring the three tables in line with the fixture; returns what changed.

    Rows missing from the fixture are reported, and deleted only with ``prune`` (which fails on rows
    that other data still references, because the foreign keys protect them).
    """
    fixture = fixture or read_fixture()
    province_info = province_info or read_province_info()
    missing = {code for code, _name in fixture["provinces"]} - province_info.keys()
    if missing:
        raise ValueError(f"provinces without a belt in provinces.csv: {sorted(missing)}")

    provinces = {
        code: {"name": name, "short_name": province_info[code].short_name, "belt": province_info[code].belt}
        for code, name in fixture["provinces"]
    }
    prefectures = {
        code: {"name": name, "province_id": province, "is_grouping": grouping}
        for code, name, province, grouping in fixture["prefectures"]
    }
    counties = {
        code: {"name": name, "unit_type": unit_type, "prefecture_id": prefecture, "province_id": province}
        for code, name, unit_type, prefecture, province in fixture["counties"]
    }
    report = LoadReport(data_as_of=fixture["source"]["data_as_of"])
    with transaction.atomic(using=using):
        report.tables["provinces"] = _sync(province_model, provinces, ["name", "short_name", "belt"], False, using)
        report.tables["prefectures"] = _sync(
            prefecture_model, prefectures, ["name", "province_id", "is_grouping"], False, using
        )
        report.tables["counties"] = _sync(
            county_model, counties, ["name", "unit_type", "prefecture_id", "province_id"], prune, using
        )
        if prune:  # children first, so the protected parents can go
            for name, model, rows, fields in [
                ("prefectures", prefecture_model, prefectures, ["name", "province_id", "is_grouping"]),
                ("provinces", province_model, provinces, ["name", "short_name", "belt"]),
            ]:
                report.tables[name] = _sync(model, rows, fields, True, using)
        if eligibility_model is not None:
            report.tables["unit type eligibility"] = _seed_eligibility(eligibility_model, using)
    return report


def load_regions_with_current_models(**kwargs) -> LoadReport:
    from innocounty.regions.models import County, Prefecture, Province, UnitTypeEligibility

    return load_regions(Province, Prefecture, County, UnitTypeEligibility, **kwargs)
