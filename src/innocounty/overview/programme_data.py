"""The programme's figures read from the applications: who is at which stage, who was approved and when.

* **Stage of a county** = the state of its application in the workflow table (``programme.APPLICATION``):
  the columns are the table's states in its order, so a state added to the table (批准建设, later stages)
  appears without a change here.
* **Approved** = an application in one of :data:`APPROVED_STATES` (批准建设; a later stage that an approved
  application moves on to is added there by the app that adds it). The **approval year** is the year of the
  application's batch (the year its approved list was published: 2018 for the first batch, 2023 for the
  second) — the treatment start of the effect estimate.
* **Public figures** count only what the programme publishes: approved counties (the published list),
  and stages in :data:`PUBLIC_STATES`. Counts of drafts, submissions and reviews are for ministry officers
  and auditors only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext

from innocounty.applications.models import Application
from innocounty.common.labels import state_label as core_state_label
from innocounty.programme import APPLICATION
from innocounty.programme.problems import gettext_noop

# ApplicationState.APPROVED / NOT_APPROVED / HELD (INTERFACES.md: added to the core by the approval branch,
# driven by the approved list's ``finalise``). Named by value here so that this branch works before and after.
APPROVED, NOT_APPROVED, HELD = "approved", "not_approved", "held"
APPROVED_STATES: set[str] = {APPROVED}
PUBLIC_STATES: set[str] = {APPROVED}
# The same message ids as the core's STATE_INFO of the approval branch; used only while the core lacks them.
PENDING_LABELS = {
    APPROVED: gettext_noop("批准建设"),
    NOT_APPROVED: gettext_noop("未获批准"),
    HELD: gettext_noop("暂缓"),
}


def workflow_states() -> list[str]:
    """Every state of the application table, in the table's order."""
    return [s.value for s in APPLICATION.states]


def state_label(value: str) -> str:
    label = core_state_label(value)
    return gettext(PENDING_LABELS[value]) if label == value and value in PENDING_LABELS else label


@dataclass(frozen=True)
class ApprovedCounty:
    code: str
    name: str
    province: str
    province_name: str
    belt: str
    theme: str
    batch_id: int
    batch_name: str
    year: int


def approved_counties() -> list[ApprovedCounty]:
    """One row per approved county (its earliest approval when it has several), by code."""
    rows = (Application.objects.filter(state__in=APPROVED_STATES)
            .order_by("county_id", "batch__year", "batch_id")
            .values_list("county_id", "county__name", "county__province_id", "county__province__name",
                         "county__province__belt", "theme", "batch_id", "batch__name", "batch__year"))  # fmt: skip
    seen: dict[str, ApprovedCounty] = {}
    for row in rows:
        if row[0] not in seen:
            seen[row[0]] = ApprovedCounty(*row)
    return list(seen.values())


def approval_years() -> dict[str, int]:
    """County code → approval year."""
    return {a.code: a.year for a in approved_counties()}


@dataclass(frozen=True)
class BatchStages:
    batch_id: int
    name: str
    year: int
    counts: dict[str, int]  # state → applications

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def stage_counts(states: set[str] | None = None) -> list[BatchStages]:
    """Applications per batch and state (only ``states`` when given), batches by year then id."""
    qs = Application.objects.all()
    if states is not None:
        qs = qs.filter(state__in=states)
    per: dict[int, Counter] = {}
    for batch_id, state in qs.values_list("batch_id", "state"):
        per.setdefault(batch_id, Counter())[state] += 1
    from innocounty.batches.models import Batch

    out = []
    for batch in Batch.objects.filter(pk__in=per).order_by("year", "pk").only("pk", "name", "year"):
        out.append(BatchStages(batch.pk, batch.name, batch.year, dict(per[batch.pk])))
    return out


def used_states(batches: list[BatchStages]) -> list[str]:
    """The states that hold at least one application: the table's in its order, then any the table does not
    (yet) declare — the pending approval states in the order the approval branch adds them, then others."""
    used = {s for b in batches for s in b.counts}
    known = workflow_states()
    unknown = used - set(known)
    return [s for s in known if s in used] + [s for s in PENDING_LABELS if s in unknown] + \
        sorted(unknown - set(PENDING_LABELS))  # fmt: skip
