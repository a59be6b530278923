"""Synthetic county data for the engine benchmark and tests: ~1,900 units in 31 provinces, the provisional
23-indicator framework's columns (raw values, denominator columns), skewed distributions, ~1% missing cells."""

from __future__ import annotations

import numpy as np
import pandas as pd

INDICATORS = [f"I{i:02d}" for i in range(1, 24)]
DENOMINATORS = ("population_10k", "gdp_100m", "enterprises_1k")


def make_units(n_units: int = 1900, n_provinces: int = 31, missing: float = 0.01, seed: int = 20260101,
               years: list[int] | None = None, indicators: list[str] = INDICATORS) -> pd.DataFrame:
    """A wide unit-data table (one row per unit, or per unit and year when ``years`` is given)."""
    rng = np.random.default_rng(seed)
    prov = np.sort(rng.integers(0, n_provinces, n_units))
    codes = [f"{11 + p:02d}{i:04d}" for i, p in enumerate(prov)]
    base = pd.DataFrame({
        "code": codes,
        "name": [f"县{i:04d}" for i in range(n_units)],
        "province": [f"{11 + p:02d}" for p in prov],
        "population_10k": rng.lognormal(3.5, 0.6, n_units),
        "gdp_100m": rng.lognormal(5.0, 0.8, n_units),
        "enterprises_1k": rng.lognormal(1.5, 0.7, n_units),
    })
    frames = []
    for t, year in enumerate(years or [None]):
        df = base.copy()
        for k, code in enumerate(indicators):
            kind = k % 4
            if kind == 0:
                x = rng.lognormal(2.0 + 0.05 * t, 1.0, n_units)        # heavy right tail
            elif kind == 1:
                x = rng.gamma(2.0, 3.0, n_units)
            elif kind == 2:
                x = rng.normal(50.0, 12.0, n_units)
            else:
                x = rng.poisson(3.0, n_units).astype(float)
            x[rng.random(n_units) < missing] = np.nan
            df[code] = x
        if year is not None:
            df.insert(2, "year", year)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def write_csv(df: pd.DataFrame, path) -> None:
    df.to_csv(path, index=False, na_rep="NA", float_format=None)
