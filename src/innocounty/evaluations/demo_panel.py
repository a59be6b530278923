"""The demo's monitoring panel as the effect estimate sees it, without a database (tests, benchmark).

:func:`county_seeds` reads the county-level units of the versioned division file (the rows the demo
generates values for: eligible unit types, by code); :func:`engine_panel` generates the demo's synthetic
values (:func:`innocounty.evaluations.demo_values.generate`, optionally with the planted effect), runs the
engine on each year as the demo's published runs do (the default method, no uncertainty replicates: they
do not change the scores) and returns the long panel ``county, province, year, approval_year, INDEX,
D1…`` that :func:`innocounty.evaluation.effect.estimate` takes. Pure: no Django.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from innocounty.evaluations.demo_values import DEMO_SEED, PLANTED_EFFECT, CountySeed, generate

DIVISIONS = sorted((Path(__file__).resolve().parents[1] / "regions" / "data").glob("divisions-*.json"))[-1]
PROVINCES_CSV = DIVISIONS.parent / "provinces.csv"
ELIGIBLE_TYPES = (
    "县",
    "县级市",
    "自治县",
    "旗",
    "自治旗",
    "林区",
    "特区",
)  # settings.DEFAULT_ELIGIBLE_UNIT_TYPES
DEMO_METHOD = {
    "impute": {"method": "mean"}, "treat": {"method": "jrc", "winmax": 5},
    "normalise": {"method": "minmax", "degenerate": "error", "range": [0.0, 100.0]},
    "aggregate": {"method": "arithmetic"},
}  # fmt: skip  # the demo runs' DEFAULT_METHOD, as far as the scores are concerned


def county_seeds(provinces: set[str] | None = None) -> list[CountySeed]:
    data = json.loads(DIVISIONS.read_text(encoding="utf-8"))
    belts = {}
    for line in PROVINCES_CSV.read_text(encoding="utf-8").splitlines()[1:]:
        code, _short, belt, _status = line.split(",")
        belts[code] = belt
    seeds = [CountySeed(code, province, prefecture, belts[province], unit_type)
             for code, _name, unit_type, prefecture, province in data["counties"]
             if unit_type in ELIGIBLE_TYPES and (provinces is None or province in provinces)]  # fmt: skip
    return sorted(seeds, key=lambda s: s.code)


def engine_panel(
    seeds: list[CountySeed],
    years: list[int],
    approvals: Mapping[str, int] | None,
    effect: float = PLANTED_EFFECT,
    seed: int = DEMO_SEED,
    framework: str = "provisional-23",
    plant: bool = True,
) -> pd.DataFrame:
    """The engine's index and dimension scores per county and year; ``approval_year`` from ``approvals``
    (the treatment the estimate uses) whether or not the effect is planted (``plant``)."""
    from innocounty.evaluation.pipeline import evaluate

    values = generate(seeds, years, seed, approvals=approvals if plant else None, effect=effect)
    frames = []
    for year in years:
        frame = pd.DataFrame(values[year])
        frame.insert(0, "code", [s.code for s in seeds])
        frame.insert(1, "name", [s.code for s in seeds])
        frame.insert(2, "province", [s.province for s in seeds])
        scores = evaluate(frame, framework, DEMO_METHOD).by_year[None].scores
        aggregates = [c for c in scores.columns if c == "INDEX" or (c.startswith("D") and c[1:].isdigit())]
        out = scores[aggregates].copy()
        out.index = out.index.astype(str)
        out = out.reindex([s.code for s in seeds])
        out.insert(0, "county", out.index)
        out.insert(1, "province", [s.province for s in seeds])
        out.insert(2, "year", year)
        frames.append(out.reset_index(drop=True))
    panel = pd.concat(frames, ignore_index=True)
    years_of = approvals or {}
    panel.insert(
        3, "approval_year", [float(years_of[c]) if c in years_of else np.nan for c in panel["county"]]
    )
    return panel
