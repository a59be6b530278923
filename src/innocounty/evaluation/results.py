"""Result objects of a pipeline run (see the API note at the top of :mod:`.pipeline`).

Results are held as numpy arrays; the pandas views (``stages``, ``ranks``, ``status``, ``table()`` …) are built
on first use, so the CLI never needs to import pandas for the core run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .data import UnitData
from .framework import Framework

STAGES = ("Raw", "Denominated", "Screened", "Imputed", "Treated", "Normalised", "Aggregated")


@dataclass
class YearArrays:
    """The raw arrays of one year: stage matrices (units × columns), ranks (units × nodes), flags."""

    stages: dict[str, np.ndarray]         # Raw … Normalised: (n, K); Aggregated: (n, K + aggregates)
    included: np.ndarray                  # bool, screened in
    coverage: np.ndarray
    ranks: np.ndarray                     # (n, K + aggregates), float, NaN = missing
    group_ranks: dict[str, np.ndarray]
    imputation_flags: np.ndarray          # object (n, K)
    treatment_flags: np.ndarray
    treatment: list                       # ColumnTreatment per indicator


@dataclass
class YearResult:
    """Everything computed for one cross-section (one year; ``year is None`` for a single cross-section).

    All frames are indexed by unit code (str) in input order.
    """

    year: int | None
    rows: np.ndarray                      # row positions of these units in ``data``
    codes: np.ndarray                     # unit codes (str), input order
    arrays: YearArrays
    indicators: list[str]
    aggregates: list[str]
    meta_columns: dict[str, np.ndarray]   # name (if given), group columns (str/None)
    warnings: list[str] = field(default_factory=list)

    def _frame(self, arr: np.ndarray, cols: list[str]):
        import pandas as pd

        return pd.DataFrame(arr, index=pd.Index(self.codes, name="code"), columns=list(cols))

    @cached_property
    def stages(self) -> dict[str, Any]:
        """Raw … Normalised (indicator columns) and Aggregated (indicators + aggregates) as DataFrames."""
        out = {}
        for name, arr in self.arrays.stages.items():
            cols = self.indicators + self.aggregates if name == "Aggregated" else self.indicators
            out[name] = self._frame(arr, cols)
        return out

    @cached_property
    def scores(self):
        """Scores of the aggregate nodes (bottom-up order, root last)."""
        return self.stages["Aggregated"][self.aggregates]

    @cached_property
    def ranks(self):
        """National competition ranks of every node (float, NaN = missing)."""
        return self._frame(self.arrays.ranks, self.indicators + self.aggregates)

    @cached_property
    def group_ranks(self) -> dict[str, Any]:
        return {g: self._frame(r, self.indicators + self.aggregates) for g, r in self.arrays.group_ranks.items()}

    @cached_property
    def status(self):
        import pandas as pd

        return pd.Series(np.where(self.arrays.included, "ok", "screened_out"), index=pd.Index(self.codes, name="code"),
                         name="status")

    @cached_property
    def coverage(self):
        import pandas as pd

        return pd.Series(self.arrays.coverage, index=pd.Index(self.codes, name="code"), name="coverage")

    @cached_property
    def meta(self):
        import pandas as pd

        return pd.DataFrame({c: list(v) for c, v in self.meta_columns.items()},
                            index=pd.Index(self.codes, name="code"), dtype=object)

    @cached_property
    def imputation_flags(self):
        return self._frame(self.arrays.imputation_flags, self.indicators)

    @cached_property
    def treatment_flags(self):
        return self._frame(self.arrays.treatment_flags, self.indicators)

    @cached_property
    def treatment(self):
        import pandas as pd

        return pd.DataFrame(treatment_columns(self.indicators, self.arrays.treatment))


def treatment_columns(indicators: list[str], records: list) -> dict[str, list]:
    """The treatment.csv columns (§2.4 record per indicator)."""
    return {
        "indicator": list(indicators), "status": [r.status for r in records],
        "skew_before": [r.skew_before for r in records], "kurt_before": [r.kurt_before for r in records],
        "nwin": [r.nwin for r in records], "skew_winsorised": [r.skew_winsorised for r in records],
        "kurt_winsorised": [r.kurt_winsorised for r in records], "skew_after": [r.skew_after for r in records],
        "kurt_after": [r.kurt_after for r in records]}


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

    def array(self, stage: str) -> np.ndarray:
        """A stage matrix (or ``"ranks"``, ``"group_ranks:<G>"``, ``"imputation_flags"``, ``"treatment_flags"``,
        ``"included"``) over all years, rows in input order."""
        parts = []
        for y in self.years:
            a = self.by_year[y].arrays
            if stage in a.stages:
                parts.append(a.stages[stage])
            elif stage == "ranks":
                parts.append(a.ranks)
            elif stage.startswith("group_ranks:"):
                parts.append(a.group_ranks[stage.split(":", 1)[1]])
            else:
                parts.append(getattr(a, stage))
        if len(parts) == 1:
            return parts[0]
        out = np.empty((len(self.data), *parts[0].shape[1:]), dtype=parts[0].dtype)
        for y, p in zip(self.years, parts, strict=True):
            out[self.by_year[y].rows] = p
        return out

    def columns_of(self, stage: str) -> list[str]:
        fw = self.framework
        if stage in ("Aggregated", "ranks") or stage.startswith("group_ranks:"):
            return fw.indicators + fw.aggregates
        return list(fw.indicators)

    def table(self, stage: str, columns: list[str] | None = None):
        """One stage (or ``"scores"``, ``"ranks"``, ``"group_ranks:<G>"``, ``"imputation_flags"``,
        ``"treatment_flags"``, ``"status"``, ``"meta"``) over every year as a DataFrame, rows in input order, with
        leading ``code`` (and ``year`` for panel data) columns."""
        import pandas as pd

        lead = {"code": self.data.columns["code"]}
        if self.data.has_year:
            lead["year"] = self.data.columns["year"]
        if stage == "scores":
            stage, columns = "Aggregated", columns or list(self.framework.aggregates)
        if stage == "status":
            inc = self.array("included")
            body = {"status": np.where(inc, "ok", "screened_out")}
        elif stage == "meta":
            cols = [c for c in ("name", *self.group_by) if c in self.data.columns]
            body = {c: pd.Series(self.data.columns[c], dtype=object) for c in dict.fromkeys(cols)}
        else:
            arr = self.array(stage)
            names = self.columns_of(stage)
            pick = names if columns is None else columns
            pos = {c: i for i, c in enumerate(names)}
            body = {c: arr[:, pos[c]] for c in pick}
        return pd.DataFrame({**{k: pd.Series(v, dtype=object) if k == "code" else v for k, v in lead.items()},
                             **body})
