"""The programme's effect on the published monitoring panel, computed once per run set and cached.

* **Runs**: the latest published run of each year that the reader may see (the public: runs published to
  the public; everyone else: every published run — :func:`innocounty.rankings.access.visible_published_runs`),
  of the framework of the newest one (scores of different frameworks are not one panel), at most
  :data:`MAX_YEARS` years. Unpublished runs are never used, also not for the ministry.
* **Treatment**: the approval year of each approved county (:mod:`.programme_data`).
* **Outcomes**: the index and each dimension of the newest run's framework — the only values ``outcome``
  may take (anything else is refused with 404 by the view).
* **Cache**: :class:`~innocounty.overview.models.EffectEstimate` rows keyed by a hash of all of that; on a
  miss every outcome is estimated at once (one panel read) and stored. A panel that cannot carry the estimate
  (too few approved counties with a year before approval, …) is stored as its refusal code, shown as a
  sentence on the page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd
from django.db import IntegrityError, transaction

from innocounty.evaluation.effect import DEFAULT_LAGS, DEFAULT_LEADS, EffectError, EffectResult, estimate
from innocounty.evaluations.queries import county_results
from innocounty.overview.models import EffectEstimate
from innocounty.overview.programme_data import approval_years
from innocounty.rankings.access import visible_published_runs
from innocounty.rankings.queries import dimensions, nodes

ESTIMATOR_VERSION = "sun-abraham-1"
MAX_YEARS = 30
INDEX = "INDEX"


def run_set(user) -> list:
    """The latest visible published run of each year, oldest first, of the newest run's framework."""
    runs, years = [], set()
    framework_id = None
    for run in visible_published_runs(user).select_related("framework")[: MAX_YEARS * 20]:
        if framework_id is None:
            framework_id = run.framework_id
        if run.year in years or run.framework_id != framework_id:
            continue
        years.add(run.year)
        runs.append(run)
        if len(runs) == MAX_YEARS:
            break
    return sorted(runs, key=lambda r: r.year)


def outcome_choices(runs) -> list[tuple[str, str]]:
    """(code, name) of the index and each dimension of the newest run's framework."""
    if not runs:
        return []
    newest = runs[-1]
    index = next((n for n in nodes(newest) if not n.parent), None)
    return [
        (INDEX, index.name if index else INDEX),
        *((d.code, d.name) for d in dimensions(newest) if d.level == 2),
    ]


def panel(runs, approvals: dict[str, int]) -> pd.DataFrame:
    """The long panel the estimator takes: county, province, year, approval_year, INDEX and dimensions."""
    records = []
    for run in runs:
        for county, province, index, dims in county_results(run).values_list(
                "county_id", "province_id", "index_score", "dimension_scores").order_by():  # fmt: skip
            records.append({"county": county, "province": province, "year": run.year,
                            "approval_year": approvals.get(county), INDEX: index, **(dims or {})})  # fmt: skip
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return pd.DataFrame(columns=["county", "province", "year", "approval_year", INDEX])
    frame["approval_year"] = pd.to_numeric(frame["approval_year"], errors="coerce")
    return frame


def cache_key(runs, approvals: dict[str, int], leads: int, lags: int) -> str:
    payload = json.dumps({"runs": [r.pk for r in runs], "approvals": sorted(approvals.items()), "leads": leads,
                          "lags": lags, "version": ESTIMATOR_VERSION}, sort_keys=True)  # fmt: skip
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class EffectView:
    runs: list
    outcomes: list[tuple[str, str]]
    results: dict[str, EffectResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # outcome → EffectError code
    approved: int = 0
    computed_now: bool = False

    @property
    def synthetic(self) -> bool:
        return any(r.synthetic_data for r in self.runs)

    @property
    def years(self) -> list[int]:
        return [r.year for r in self.runs]


def _compute(frame, outcomes, leads, lags) -> dict[str, dict]:
    out = {}
    for code, _name in outcomes:
        if code not in frame.columns:
            out[code] = {"error": "no_outcome"}
            continue
        try:
            out[code] = estimate(frame, code, leads=leads, lags=lags).as_dict()
        except EffectError as error:
            out[code] = {"error": error.code}
    return out


def effects(user, *, leads: int = DEFAULT_LEADS, lags: int = DEFAULT_LAGS) -> EffectView:
    """Every outcome's estimate over the runs ``user`` may see (from the cache, computed on a miss)."""
    runs = run_set(user)
    view = EffectView(runs=runs, outcomes=outcome_choices(runs))
    approvals = approval_years()
    view.approved = len(approvals)
    if not runs:
        return view
    key = cache_key(runs, approvals, leads, lags)
    stored = dict(EffectEstimate.objects.filter(key=key).values_list("outcome", "result"))
    wanted = [o for o in view.outcomes if o[0] not in stored]
    if wanted:
        fresh = _compute(panel(runs, approvals), wanted, leads, lags)
        view.computed_now = True
        for outcome, result in fresh.items():
            try:
                with transaction.atomic():
                    EffectEstimate.objects.create(key=key, outcome=outcome, result=result,
                                                  run_ids=[r.pk for r in runs])  # fmt: skip
            except IntegrityError:  # another request stored it meanwhile: same inputs, same result
                pass
            stored[outcome] = result
    for code, _name in view.outcomes:
        result = stored.get(code) or {"error": "no_outcome"}
        if "error" in result:
            view.errors[code] = result["error"]
        else:
            view.results[code] = EffectResult.from_dict(result)
    return view


def prune(keep_latest: int = 20) -> int:
    """Drop cached estimates of all but the ``keep_latest`` most recently computed keys."""
    keys = list(EffectEstimate.objects.order_by("-computed_at").values_list("key", flat=True))
    recent = list(dict.fromkeys(keys))[:keep_latest]
    deleted, _ = EffectEstimate.objects.exclude(key__in=recent).delete()
    return deleted
