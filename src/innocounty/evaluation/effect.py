"""The programme's effect: did approved counties improve faster after approval than comparable counties that
were not approved? A staggered difference-in-differences on the monitoring panel (docs/effect.md).

Design (Sun & Abraham 2021, interaction-weighted event study), for one outcome ``y`` (the index or a
dimension score of the yearly published runs):

* Unit ``i`` = a county, year ``t``; cohort ``g_i`` = the year its application was approved (``None``: never
  approved, or approved after the panel's last year). Event time ``e = t − g_i`` (0 = the approval year).
* Sample: the approved counties of every cohort with an observed year before approval (``g − 1`` in the
  panel; earlier cohorts have no pre-approval year and are left out, counted in ``excluded``), and as
  controls the never-approved counties **of the provinces those treated counties are in**.
* Regression, county and year fixed effects, one coefficient per cohort and binned event time
  (leads ``−L…−2``, lags ``0…K``; ``−L`` holds every earlier year, ``K`` every later one; ``e = −1`` is the
  reference)::

      y_it = α_i + λ_t + Σ_g Σ_{e≠−1} β_{g,e} · 1[g_i = g] · 1[bin(t − g) = e] + ε_it

  Saturating cohort × event time keeps the never-approved counties as the only comparison, so the
  estimate is not contaminated by already-treated counties acting as controls (the bias of the plain
  two-way fixed-effects event study under staggered timing and heterogeneous effects).
* Event-time effect ``θ_e = Σ_g w_{g,e} β_{g,e}``, ``w_{g,e}`` = cohort g's share of the treated county-years
  at ``e``; the average effect after approval ``ATT = Σ_{e≥0} Σ_g w_{g,e}·β_{g,e}`` with weights ∝ treated
  county-years. Variances ``w'Vw`` from the county-clustered covariance (CRV1); 95% intervals with the
  t distribution on ``G − 1`` degrees of freedom (G = counties), as pyfixest reports its coefficients.
* Pre-trend test: Wald test that every lead coefficient ``β_{g,e}, e ≤ −2`` is zero (F on ``(q, G − 1)``).

pyfixest is imported inside :func:`estimate` only (it is heavy; Django start-up does not need it).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DEFAULT_LEADS = 4
DEFAULT_LAGS = 3
MAX_WINDOW = 10
REFERENCE = -1
MIN_TREATED = 2
MIN_CONTROLS = 2
# The assumptions behind a causal reading, in plain words (the pages state them in the reader's language).
ASSUMPTION_TEXT = {
    "parallel_trends": "Without approval, the approved counties would have moved like the controls (untestable; "
    "the pre-trend test only finds differences that already existed before approval).",
    "no_anticipation": "The years before approval are not affected by it.",
    "comparable_controls": "The never-approved counties of the same provinces are a fair comparison.",
    "association": "Approval was not random: the estimate is an association, not a proven cause.",
}
ASSUMPTIONS = tuple(ASSUMPTION_TEXT)


class EffectError(ValueError):
    """The panel cannot support the estimate (too few treated or control counties, no pre-approval year)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class EventCoefficient:
    event_time: int
    estimate: float
    se: float
    low: float
    high: float
    treated: int  # treated county-years behind the coefficient (0 for the reference)
    reference: bool = False
    label: str = ""  # "−4 及更早" style bins are named by the page; this is "≤-4", "-3", …, "≥3"


@dataclass(frozen=True)
class Aggregate:
    estimate: float
    se: float
    low: float
    high: float

    @property
    def covers_zero(self) -> bool:
        return self.low <= 0.0 <= self.high


@dataclass(frozen=True)
class PreTrend:
    statistic: float | None  # F statistic; None when there is no lead to test
    df: int
    p_value: float | None


@dataclass(frozen=True)
class EffectResult:
    outcome: str
    design: str
    coefficients: tuple[EventCoefficient, ...]
    att: Aggregate
    pretrend: PreTrend
    n_obs: int
    n_counties: int
    n_treated: int
    n_controls: int
    cohorts: dict[int, int]  # approval year → counties in the estimate
    excluded: dict[int, int]  # approval year → counties left out (no pre-approval year in the panel)
    years: tuple[int, ...]
    leads: int
    lags: int
    seconds: float
    assumptions: tuple[str, ...] = ASSUMPTIONS
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome, "design": self.design,
            "coefficients": [vars(c) for c in self.coefficients],
            "att": vars(self.att), "pretrend": vars(self.pretrend), "n_obs": self.n_obs,
            "n_counties": self.n_counties, "n_treated": self.n_treated, "n_controls": self.n_controls,
            "cohorts": {str(k): v for k, v in self.cohorts.items()},
            "excluded": {str(k): v for k, v in self.excluded.items()}, "years": list(self.years),
            "leads": self.leads, "lags": self.lags, "seconds": self.seconds,
            "assumptions": list(self.assumptions), "notes": list(self.notes),
        }  # fmt: skip

    @classmethod
    def from_dict(cls, d: Mapping) -> EffectResult:
        return cls(
            outcome=d["outcome"], design=d["design"],
            coefficients=tuple(EventCoefficient(**c) for c in d["coefficients"]), att=Aggregate(**d["att"]),
            pretrend=PreTrend(**d["pretrend"]), n_obs=d["n_obs"], n_counties=d["n_counties"],
            n_treated=d["n_treated"], n_controls=d["n_controls"],
            cohorts={int(k): v for k, v in d["cohorts"].items()},
            excluded={int(k): v for k, v in d["excluded"].items()}, years=tuple(d["years"]), leads=d["leads"],
            lags=d["lags"], seconds=d["seconds"], assumptions=tuple(d["assumptions"]), notes=tuple(d["notes"]),
        )  # fmt: skip


def bin_event_time(e: np.ndarray, leads: int, lags: int) -> np.ndarray:
    """Event times clipped to the window ``[−leads, lags]`` (the end bins hold every earlier / later year)."""
    return np.clip(e, -leads, lags)


def bin_label(e: int, leads: int, lags: int) -> str:
    if e == -leads:
        return f"≤{e}"
    if e == lags:
        return f"≥{e}"
    return str(e)


def prepare(panel: pd.DataFrame, outcome: str) -> tuple[pd.DataFrame, dict[int, int], dict[int, int]]:
    """The estimation sample: columns ``county, province, year, cohort (float, NaN = control), y``.

    ``panel`` is long: one row per county and year with ``county``, ``province``, ``year``, ``approval_year``
    (NaN / None when never approved) and the outcome column. Rows with a missing outcome are dropped."""
    missing = {"county", "province", "year", "approval_year", outcome} - set(panel.columns)
    if missing:
        raise EffectError("missing_columns", f"panel lacks columns {sorted(missing)}")
    df = panel.loc[:, ["county", "province", "year", "approval_year", outcome]].rename(columns={outcome: "y"})
    df = df[np.isfinite(pd.to_numeric(df["y"], errors="coerce").to_numpy(dtype=float))].copy()
    df["y"] = df["y"].astype(float)
    df["year"] = df["year"].astype(int)
    years = sorted(df["year"].unique())
    if len(years) < 3:
        raise EffectError("too_few_years", "the panel needs at least three years")
    last = years[-1]
    cohort = pd.to_numeric(df["approval_year"], errors="coerce")
    cohort = cohort.where(cohort <= last)  # approved after the panel: never treated within it
    df["cohort"] = cohort
    # A cohort needs its reference year (g − 1) observed for the county.
    pre = df[df["cohort"].notna() & (df["year"] == df["cohort"] - 1)]["county"].unique()
    treated_rows = df["cohort"].notna()
    unusable = treated_rows & ~df["county"].isin(pre)
    excluded = df[unusable].drop_duplicates("county")["cohort"].astype(int).value_counts().sort_index()
    df = df[~unusable]
    provinces = set(df.loc[df["cohort"].notna(), "province"])
    df = df[df["cohort"].notna() | df["province"].isin(provinces)]
    cohorts = (
        df[df["cohort"].notna()].drop_duplicates("county")["cohort"].astype(int).value_counts().sort_index()
    )
    return df.reset_index(drop=True), {int(k): int(v) for k, v in cohorts.items()}, \
        {int(k): int(v) for k, v in excluded.items()}  # fmt: skip


def _t_quantile(dof: int) -> float:
    from scipy.stats import t  # a dependency of pyfixest

    return float(t.ppf(0.975, max(dof, 1)))


def wald_f(b: np.ndarray, v: np.ndarray, dof: int) -> PreTrend:
    """Joint test of ``b = 0`` with covariance ``v``: ``F = b'v⁻¹b / q`` on ``(q, dof)`` degrees of freedom."""
    from scipy.stats import f

    q = len(b)
    statistic = float(b @ np.linalg.pinv(v) @ b) / q
    return PreTrend(statistic, q, float(f.sf(statistic, q, max(dof, 1))))


def estimate(
    panel: pd.DataFrame, outcome: str, *, leads: int = DEFAULT_LEADS, lags: int = DEFAULT_LAGS
) -> EffectResult:
    """The event study and the average effect after approval for ``outcome`` (see the module docstring)."""
    if not (1 <= leads <= MAX_WINDOW and 0 <= lags <= MAX_WINDOW):
        raise EffectError("window", f"leads 1..{MAX_WINDOW}, lags 0..{MAX_WINDOW}")
    started = time.perf_counter()
    df, cohorts, excluded = prepare(panel, outcome)
    n_treated = sum(cohorts.values())
    n_controls = int(df.loc[df["cohort"].isna(), "county"].nunique())
    if n_treated < MIN_TREATED:
        raise EffectError("too_few_treated", f"{n_treated} approved counties with a pre-approval year")
    if n_controls < MIN_CONTROLS:
        raise EffectError("too_few_controls", f"{n_controls} never-approved counties in their provinces")
    treated = df["cohort"].notna().to_numpy()
    e = np.where(treated, df["year"].to_numpy() - df["cohort"].fillna(0).to_numpy(), 0).astype(int)
    df["e"] = np.where(treated, bin_event_time(e, leads, lags), REFERENCE)
    cells = df[treated & (df["e"] != REFERENCE)].groupby(["cohort", "e"]).size()
    names, weights_n = [], {}
    for (g, ev), count in cells.items():
        name = f"c{int(g)}_e{'m' if ev < 0 else 'p'}{abs(int(ev))}"
        df[name] = ((df["cohort"] == g) & (df["e"] == ev)).astype(float)
        names.append(name)
        weights_n[name] = (int(g), int(ev), int(count))
    import pyfixest as pf  # heavy: imported only when an estimate is computed

    fit = pf.feols(f"y ~ {' + '.join(names)} | county + year", data=df, vcov={"CRV1": "county"})
    kept = [str(n) for n in fit._coefnames]  # collinear dummies are dropped by pyfixest
    beta = dict(zip(kept, np.asarray(fit.coef(), dtype=float), strict=True))
    vcov = np.asarray(fit._vcov, dtype=float)
    position = {n: i for i, n in enumerate(kept)}
    n_clusters = int(df["county"].nunique())
    q = _t_quantile(n_clusters - 1)

    def combine(members: list[str]) -> tuple[Aggregate, int]:
        members = [m for m in members if m in position]
        total = sum(weights_n[m][2] for m in members)
        if not members or total == 0:
            return Aggregate(math.nan, math.nan, math.nan, math.nan), 0
        w = np.zeros(len(kept))
        for m in members:
            w[position[m]] = weights_n[m][2] / total
        est = float(w @ np.array([beta[k] for k in kept]))
        se = float(math.sqrt(max(w @ vcov @ w, 0.0)))
        return Aggregate(est, se, est - q * se, est + q * se), total

    coefficients = []
    for ev in range(-leads, lags + 1):
        if ev == REFERENCE:
            coefficients.append(EventCoefficient(ev, 0.0, 0.0, 0.0, 0.0, 0, True, bin_label(ev, leads, lags)))
            continue
        agg, count = combine([n for n, (_g, x, _c) in weights_n.items() if x == ev])
        if count:
            coefficients.append(EventCoefficient(ev, agg.estimate, agg.se, agg.low, agg.high, count, False,
                                                 bin_label(ev, leads, lags)))  # fmt: skip
    att, _ = combine([n for n, (_g, x, _c) in weights_n.items() if x >= 0])
    lead_names = [n for n, (_g, x, _c) in weights_n.items() if x <= -2 and n in position]
    pretrend = PreTrend(None, 0, None)
    if lead_names:
        idx = [position[n] for n in lead_names]
        pretrend = wald_f(np.array([beta[n] for n in lead_names]), vcov[np.ix_(idx, idx)], n_clusters - 1)
    notes = []
    if len(kept) < len(names):
        notes.append("collinear_dropped")
    if excluded:
        notes.append("cohorts_without_pre_period")
    return EffectResult(
        outcome=outcome, design="sun_abraham", coefficients=tuple(coefficients), att=att, pretrend=pretrend,
        n_obs=int(fit._N), n_counties=n_clusters, n_treated=n_treated, n_controls=n_controls, cohorts=cohorts,
        excluded=excluded, years=tuple(sorted(int(y) for y in df["year"].unique())), leads=leads, lags=lags,
        seconds=time.perf_counter() - started, notes=tuple(notes),
    )  # fmt: skip
