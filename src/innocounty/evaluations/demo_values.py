"""Synthetic county values for the demo (模拟数据): plausible, seeded, deterministic. No real figures.

Every county gets a latent development level (higher in the eastern belt and for 县级市, plus a province
and a prefecture effect) and an industrial factor; each indicator is drawn around its typical magnitude
(lognormal for money and counts, bounded shares for percentages), loaded on those latent factors, with a
persistent county effect, modest yearly growth and year-to-year noise; about 1% of indicator values are
missing (more for 公民具备科学素质的比例, which many counties do not survey). Pure numpy: no Django.

**Planted programme effect.** Given ``approvals`` (county code → approval year; the demo passes
:func:`innocounty.evaluations.demo_cohorts.approval_years`), an approved county's development level rises by
:data:`PLANTED_EFFECT` (in standard deviations of the latent level across counties) in every year **after** its
approval year — from the first construction year on, none in the approval year itself. Every indicator that
loads on the level moves with it, so the engine's index and dimension scores show the effect; the random
draws do not depend on it (the same seed gives the same noise with and without the effect), which is how the
tests know the effect in index points: the difference between the engine's output on the two panels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

DEMO_SEED = 20260401
BELT_EFFECT = {"east": 0.6, "central": 0.0, "west": -0.5}
COUNTY_CITY_EFFECT = 0.4
MISSING_SHARE = 0.008
MISSING_SHARE_LITERACY = 0.04
PLANTED_EFFECT = 0.3  # latent-level SDs, from the year after approval (see the module docstring)


@dataclass(frozen=True)
class CountySeed:
    code: str
    province: str
    prefecture: str
    belt: str
    unit_type: str


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _share(rng, base: float, level, load: float, sd: float, shift: float) -> np.ndarray:
    """A percentage in (0, 100): logistic around ``base`` (a share in (0, 1))."""
    z = _logit(base) + load * level + shift + rng.normal(0, sd, np.shape(level))
    return 100.0 / (1.0 + np.exp(-z))


def _lognormal(rng, median: float, level, load: float, sd: float, growth: float) -> np.ndarray:
    return median * np.exp(load * level + rng.normal(0, sd, np.shape(level))) * growth


def latent_levels(counties: list[CountySeed], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(development level, industrial factor) per county, each about N(0, 1)."""
    provinces = sorted({c.province for c in counties})
    prefectures = sorted({c.prefecture for c in counties})
    province_effect = dict(zip(provinces, rng.normal(0, 0.35, len(provinces)), strict=True))
    prefecture_effect = dict(zip(prefectures, rng.normal(0, 0.25, len(prefectures)), strict=True))
    n = len(counties)
    base = np.array([
        BELT_EFFECT.get(c.belt, 0.0) + (COUNTY_CITY_EFFECT if c.unit_type == "县级市" else 0.0)
        + province_effect[c.province] + prefecture_effect[c.prefecture] for c in counties
    ])
    level = base + rng.normal(0, 0.7, n)
    level = (level - level.mean()) / level.std()
    industry = 0.5 * level + rng.normal(0, 0.85, n)
    return level, industry


def treatment(counties: list[CountySeed], year: int, approvals: Mapping[str, int] | None) -> np.ndarray:
    """1.0 for the counties approved before ``year`` (the planted effect is on), else 0.0."""
    if not approvals:
        return np.zeros(len(counties))
    return np.array([1.0 if approvals.get(c.code) is not None and year > approvals[c.code] else 0.0 for c in counties])


def generate(counties: list[CountySeed], years: list[int], seed: int = DEMO_SEED,
             approvals: Mapping[str, int] | None = None, effect: float = PLANTED_EFFECT) -> dict[int, dict[str, np.ndarray]]:
    """{year: {column code: values per county (NaN = missing)}} for the provisional-23 columns and the
    unit-data columns population_10k, gdp_100m and enterprises_1k; ``approvals`` plants ``effect``."""
    rng = np.random.default_rng(seed)
    n = len(counties)
    level, industry = latent_levels(counties, rng)
    west = np.array([c.belt == "west" for c in counties])
    population0 = np.exp(np.log(45.0) + rng.normal(0, 0.55, n) - 0.35 * west)       # 万人
    gdppc0 = np.exp(np.log(42000.0) + 0.5 * level + rng.normal(0, 0.15, n))           # 元
    firm_density = np.exp(np.log(0.38) + 0.3 * level + rng.normal(0, 0.2, n))        # 千家/万人
    persistent = {code: rng.normal(0, 1, n) for code in (f"I{i:02d}" for i in range(1, 24))}
    trend = rng.normal(0.02, 0.02, n)  # counties drift apart a little over the years
    out: dict[int, dict[str, np.ndarray]] = {}
    for t, year in enumerate(years):
        yrng = np.random.default_rng([seed, year])
        lv = level + trend * t + yrng.normal(0, 0.05, n) + effect * treatment(counties, year, approvals)
        ind = industry + yrng.normal(0, 0.05, n)

        def p(code: str, weight: float = 0.35) -> np.ndarray:
            return weight * persistent[code]

        pop = population0 * (1.003 ** t) * np.exp(yrng.normal(0, 0.005, n))
        gdppc = np.clip(gdppc0 * (1.055 ** t) * np.exp(yrng.normal(0, 0.03, n)), 15000, 260000)
        gdp = pop * gdppc / 1e4                                                              # 亿元
        firms = pop * firm_density * (1.06 ** t) * np.exp(yrng.normal(0, 0.02, n))          # 千家
        rd_intensity = np.clip(_lognormal(yrng, 1.1, lv + 0.4 * ind + p("I04"), 0.6, 0.25, 1.04 ** t), 0.05, 8)
        values = {
            "population_10k": pop, "gdp_100m": gdp, "enterprises_1k": firms,
            "I01": _lognormal(yrng, 55.0, lv + p("I01"), 0.8, 0.25, 1.06 ** t) * pop,
            "I02": _share(yrng, 0.018, lv + p("I02"), 0.45, 0.15, 0.03 * t),
            "I03": rd_intensity / 100 * gdp * 1e4,
            "I04": rd_intensity,
            "I05": _lognormal(yrng, 38.0, lv + 0.3 * ind + p("I05"), 0.7, 0.25, 1.05 ** t),
            "I06": np.clip(_lognormal(yrng, 0.9, ind + p("I06"), 0.4, 0.25, 1.03 ** t), 0.02, 6),
            "I07": np.round(_lognormal(yrng, 2.2, lv + 0.5 * ind + p("I07"), 0.7, 0.25, 1.09 ** t) * firms),
            "I09": _lognormal(yrng, 7.0, lv + 0.5 * ind + p("I09"), 0.8, 0.35, 1.12 ** t) * gdp,
            "I10": _share(yrng, 0.16, ind + p("I10"), 0.6, 0.2, 0.04 * t),
            "I11": np.minimum(yrng.poisson(np.exp(0.1 + 0.5 * lv + p("I11", 0.2)) * (1.03 ** t)), 8).astype(float),
            "I12": np.round(_lognormal(yrng, 0.14, lv + p("I12"), 0.7, 0.3, 1.06 ** t) * pop),
            "I13": np.round(_lognormal(yrng, 0.08, lv + 0.3 * ind + p("I13"), 0.9, 0.35, 1.07 ** t) * pop),
            "I14": np.round(_lognormal(yrng, 1.4, 0.2 * lv + p("I14", 0.5), 0.3, 0.3, 1.04 ** t) * pop),
            "I15": _lognormal(yrng, 2.4, lv + p("I15"), 0.5, 0.3, 1.05 ** t) * pop,
            "I16": _share(yrng, 0.085, lv + p("I16"), 0.35, 0.08, 0.06 * t),
            "I17": _lognormal(yrng, 2.8, lv + 0.4 * ind + p("I17"), 1.0, 0.3, 1.10 ** t),
            "I18": _share(yrng, 0.11, ind + p("I18"), 0.5, 0.2, 0.03 * t),
            "I19": _share(yrng, 0.24, 0.5 * lv + ind + p("I19"), 0.45, 0.2, 0.03 * t),
            "I20": _lognormal(yrng, 25.0, lv + p("I20"), 1.0, 0.5, 1.15 ** t) * gdp,
            "I21": np.round(_lognormal(yrng, 38.0, lv + p("I21"), 0.5, 0.2, 1.04 ** t) * pop),
            "I22": np.clip(_lognormal(yrng, 0.62, -lv + p("I22"), 0.35, 0.12, 0.97 ** t), 0.15, 2.6),
            "I23": gdppc,
        }
        values["I08"] = np.round(values["I07"] * np.exp(np.log(1.8) + yrng.normal(0, 0.25, n)))
        for code, column in values.items():
            if not code.startswith("I"):
                continue
            share = MISSING_SHARE_LITERACY if code == "I16" else MISSING_SHARE
            column[yrng.random(n) < share] = np.nan
        out[year] = {code: values[code] for code in sorted(values)}
    return out
