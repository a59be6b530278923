"""What the application pages read from monitoring and evaluation: indicator names, baselines, positions.

- Indicators for quantitative targets: the indicators (level 1) of the batch's run's framework
  (:meth:`Batch.evaluation_run`), else the engine's shipped provisional framework ``provisional-23``.
- Baseline of a target: the county's raw value of that indicator in the batch's run (the run's
  monitoring year is the baseline year). Without monitoring data the county enters the baseline itself,
  marked as self-reported; a county value that differs from the monitoring one needs a reason
  (``editing.build_targets``).
- Monitoring position: :func:`innocounty.evaluations.queries.county_position` in the batch's run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from innocounty.evaluations.queries import (
    county_position,
    indicator_results,
    latest_published_run,
    node_weights,
)


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str
    unit: str = ""
    direction: str = "higher"


@lru_cache(maxsize=1)
def _shipped_indicators() -> tuple[IndicatorInfo, ...]:
    from innocounty.evaluation.framework import load_framework

    framework = load_framework("provisional-23")
    out = []
    for code in framework.indicators:
        node = framework.nodes[code]
        out.append(IndicatorInfo(code, node.name, node.unit or "", "higher" if node.direction >= 0 else "lower"))
    return tuple(out)


def indicator_catalogue(run=None) -> list[IndicatorInfo]:
    run = run if run is not None else latest_published_run()
    if run is not None:
        rows = node_weights(run, level=1)
        found = [
            IndicatorInfo(r.code, r.name, r.unit, "higher" if r.direction >= 0 else "lower") for r in rows
        ]
        if found:
            return found
    return list(_shipped_indicators())


def indicator_names(run=None) -> dict[str, str]:
    """Code → name in the run's framework, with the shipped framework's names for codes it lacks."""
    names = {i.code: i.name for i in _shipped_indicators()}
    names.update({i.code: i.name for i in indicator_catalogue(run) if i.name and i.name != i.code})
    return names


def published_baselines(county_code: str, run=None) -> tuple[int | None, dict[str, float]]:
    """(monitoring year, indicator code → raw value) of the county in the latest published run."""
    run = run if run is not None else latest_published_run()
    if run is None:
        return None, {}
    rows = indicator_results(run, county_id=county_code, raw_value__isnull=False)
    return run.year, dict(rows.values_list("indicator_code", "raw_value"))


def position_for(batch, county_code: str):
    """The county's position in the batch's monitoring run (None when there is no run or no row)."""
    run = batch.evaluation_run()
    if run is None:
        return None, None
    return run, county_position(run, county_code)
