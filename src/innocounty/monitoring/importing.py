"""Writing validated rows into :class:`IndicatorValue`, with provenance and a revision for every change.

A handful of queries whatever the size: one read of the existing values, bulk inserts of new values and
revisions, one bulk update of changed values. Unchanged values keep their original provenance.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from innocounty.monitoring.models import DataRound, IndicatorValue, IndicatorValueRevision, Upload

BATCH_SIZE = 2000


@dataclass(frozen=True)
class ImportResult:
    created: int
    changed: int
    unchanged: int


def _same(a: float | None, b: float | None) -> bool:
    return a == b or (a is None and b is None)


def save_values(data_round: DataRound, rows: dict[str, dict[str, float | None]], upload: Upload, user) -> ImportResult:
    """Create or update the round's values for the counties in ``rows``; call inside a transaction."""
    now = timezone.now()
    existing = {
        (county, code): (pk, value)
        for pk, county, code, value in IndicatorValue.objects.filter(
            data_round=data_round, county_id__in=list(rows)
        ).values_list("pk", "county_id", "code", "value")
    }
    new_values: list[IndicatorValue] = []
    changed: list[IndicatorValue] = []
    revisions: list[IndicatorValueRevision] = []
    unchanged = 0
    for county, values in rows.items():
        for code, value in values.items():
            current = existing.get((county, code))
            if current is None:
                new_values.append(IndicatorValue(
                    data_round=data_round, county_id=county, code=code, value=value,
                    upload=upload, updated_by=user, updated_at=now,
                ))
            elif _same(current[1], value):
                unchanged += 1
            else:
                changed.append(IndicatorValue(pk=current[0], value=value, upload=upload, updated_by=user, updated_at=now))
                revisions.append(IndicatorValueRevision(
                    indicator_value_id=current[0], old_value=current[1], new_value=value,
                    upload=upload, changed_by=user, changed_at=now,
                ))
    with transaction.atomic():
        IndicatorValue.objects.bulk_create(new_values, batch_size=BATCH_SIZE)
        if changed:
            IndicatorValue.objects.bulk_update(
                changed, ["value", "upload", "updated_by", "updated_at"], batch_size=BATCH_SIZE
            )
        revisions.extend(
            IndicatorValueRevision(
                indicator_value_id=v.pk, is_initial=True, old_value=None, new_value=v.value,
                upload=upload, changed_by=user, changed_at=now,
            )
            for v in new_values
        )
        IndicatorValueRevision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    return ImportResult(created=len(new_values), changed=len(changed), unchanged=unchanged)
