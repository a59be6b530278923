"""Result objects of a pipeline run (see the API note at the top of :mod:`.pipeline`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .data import UnitData
from .framework import Framework

STAGES = ("Raw", "Denominated", "Screened", "Imputed", "Treated", "Normalised", "Aggregated")


@dataclass
class YearResult:
    """Everything computed for one cross-section (one year; ``year is None`` for a single cross-section).

    All frames are indexed by unit code (str) in input order.
    """

    year: int | None
    rows: np.ndarray                      # row positions of these units in ``data.frame``
    codes: np.ndarray                     # unit codes (str), input order
    meta: pd.DataFrame                    # name (if given), year (panel), group columns (str/None)
    status: pd.Series                     # "ok" | "screened_out"
    coverage: pd.Series                   # 1 − m_u / K on the Denominated data (§2.2)
    stages: dict[str, pd.DataFrame]       # Raw … Normalised: indicator columns; Aggregated: indicators + aggregates
    imputation_flags: pd.DataFrame        # mean | group_mean | carry_forward:<year> | None
    treatment_flags: pd.DataFrame         # winhi | winlo | log_ct | None
    treatment: pd.DataFrame               # one row per indicator (§2.4 record)
    ranks: pd.DataFrame                   # national competition ranks of every node (float, NaN = missing)
    group_ranks: dict[str, pd.DataFrame]  # group column → ranks within groups, every node
    warnings: list[str] = field(default_factory=list)

    @property
    def scores(self) -> pd.DataFrame:
        """Scores of the aggregate nodes (bottom-up order, root last)."""
        agg = [c for c in self.stages["Aggregated"].columns if c not in self.stages["Normalised"].columns]
        return self.stages["Aggregated"][agg]


@dataclass
class EvaluationResult:
    """The outcome of :func:`innocounty.evaluation.pipeline.evaluate` over every year of the data."""

    framework: Framework
    method: dict[str, Any]                # fully resolved method (sections groups/eligibility/… passed through)
    weights: dict[str, float]             # resolved weight of every node
    effective_weights: dict[str, float]   # §3
    data: UnitData
    years: list[int | None]
    by_year: dict[int | None, YearResult]
    warnings: list[str] = field(default_factory=list)

    @property
    def group_by(self) -> list[str]:
        return list(self.method["group_by"])

    def table(self, stage: str, columns: list[str] | None = None) -> pd.DataFrame:
        """One stage (or ``"scores"``, ``"ranks"``, ``"group_ranks:<G>"``, ``"imputation_flags"``, …) over every
        year, rows in input order, with leading ``code`` (and ``year`` for panel data) columns."""
        parts = []
        for yr in self.years:
            yres = self.by_year[yr]
            if stage in STAGES:
                df = yres.stages[stage]
            elif stage == "scores":
                df = yres.scores
            elif stage == "ranks":
                df = yres.ranks
            elif stage.startswith("group_ranks:"):
                df = yres.group_ranks[stage.split(":", 1)[1]]
            elif stage == "status":
                df = yres.status.to_frame()
            else:
                df = getattr(yres, stage)
            df = df if columns is None else df[columns]
            df = df.reset_index(drop=True)
            df.index = yres.rows
            parts.append(df)
        out = pd.concat(parts).sort_index() if len(parts) > 1 else parts[0]
        lead = pd.DataFrame({"code": self.data.frame["code"].to_numpy()[out.index]}, index=out.index)
        if self.data.has_year:
            lead["year"] = self.data.frame["year"].to_numpy()[out.index]
        return pd.concat([lead, out], axis=1).reset_index(drop=True)
