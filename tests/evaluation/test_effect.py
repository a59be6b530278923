"""The effect estimator (innocounty.evaluation.effect) on simulated panels whose truth is known."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innocounty.evaluation.effect import EffectError, EffectResult, estimate, prepare

YEARS = list(range(2019, 2026))


def simulate(n=600, provinces=10, cohorts=None, effect=None, pretrend=0.0, seed=0, noise=1.0) -> pd.DataFrame:
    """Parallel trends by construction: county effect + year effect + noise; ``cohorts`` maps a county
    index residue (i % 10) to an approval year; ``effect(e)`` is added at event time e = year − cohort."""
    rng = np.random.default_rng(seed)
    cohorts = {0: 2023} if cohorts is None else cohorts
    county = np.repeat(np.arange(n), len(YEARS))
    year = np.tile(YEARS, n)
    g = np.array([cohorts.get(i % 10, np.nan) for i in county], dtype=float)
    alpha = rng.normal(50, 10, n)[county]
    lam = dict(zip(YEARS, rng.normal(0, 2, len(YEARS)), strict=True))
    y = alpha + np.array([lam[t] for t in year]) + rng.normal(0, noise, len(county))
    e = year - g
    treated = ~np.isnan(g)
    if effect is not None:
        y = y + np.where(treated, [effect(int(x)) if not np.isnan(x) else 0.0 for x in e], 0.0)
    if pretrend:
        y = y + np.where(treated & (e < 0), pretrend * e, 0.0)
    return pd.DataFrame({"county": [f"{c:06d}" for c in county], "province": [f"{c * provinces // n:02d}" for c in county],
                         "year": year, "approval_year": g, "y": y})  # fmt: skip


def test_recovers_a_planted_effect_within_its_interval():
    r = estimate(simulate(effect=lambda e: 2.0 if e >= 1 else 0.0, seed=3), "y")
    by_e = {c.event_time: c for c in r.coefficients}
    for e in (-4, -3, -2, 0):
        assert by_e[e].low <= 0.0 <= by_e[e].high
    for e in (1, 2):
        assert by_e[e].low <= 2.0 <= by_e[e].high
        assert by_e[e].low > 0
    truth = (0 + 2 + 2) / 3  # lags 0, 1, 2 weigh equally (one cohort, same counties each year)
    assert r.att.low <= truth <= r.att.high and not r.att.covers_zero
    assert by_e[-1].reference and by_e[-1].estimate == 0.0
    assert r.n_treated == 60 and r.n_controls == 540 and r.cohorts == {2023: 60}


def test_interval_covers_zero_without_an_effect_at_about_the_nominal_rate():
    covered = [estimate(simulate(seed=s, n=300), "y").att.covers_zero for s in range(40)]
    assert (
        0.85 <= sum(covered) / len(covered) < 1.0
    )  # 95% nominal; never always (the interval is not vacuous)


def test_pretrend_test_detects_diverging_trends_before_approval():
    flat = estimate(simulate(seed=5), "y")
    sloped = estimate(simulate(seed=5, pretrend=0.8), "y")
    assert flat.pretrend.df == 3 and flat.pretrend.p_value > 0.05
    assert sloped.pretrend.p_value < 0.001
    assert sloped.pretrend.statistic > flat.pretrend.statistic


def test_staggered_cohorts_with_heterogeneous_effects():
    """Two cohorts, effects growing with time since approval and larger for the earlier cohort: each
    event-time coefficient is the cohort-share weighted truth (plain two-way FE would mix in bad
    comparisons of late against early approvals)."""

    def panel(seed):
        df = simulate(cohorts={0: 2021, 1: 2023}, seed=seed, n=800)
        e = df["year"] - df["approval_year"]
        bump = np.where(df["approval_year"] == 2021, 3.0, 1.0) * np.clip(e, 0, None).fillna(0)
        df["y"] = df["y"] + np.where(e >= 0, bump, 0.0)
        return df

    r = estimate(panel(7), "y", leads=3, lags=4)
    by_e = {c.event_time: c for c in r.coefficients}
    # e = 1: both cohorts (80 each): (3·1 + 1·1)/2 = 2; e = 2: (6 + 2)/2 = 4; e = 3: only 2021 → 9.
    for e, truth in ((0, 0.0), (1, 2.0), (2, 4.0), (3, 9.0)):
        assert by_e[e].low <= truth <= by_e[e].high, (e, by_e[e])
    assert r.cohorts == {2021: 80, 2023: 80}


def test_cohorts_without_a_pre_approval_year_are_left_out():
    df = simulate(cohorts={0: 2023, 1: 2018, 2: 2019}, seed=1)
    r = estimate(df, "y")
    assert r.excluded == {2018: 60, 2019: 60} and r.cohorts == {2023: 60}
    assert "cohorts_without_pre_period" in r.notes


def test_controls_are_never_approved_counties_of_the_treated_provinces():
    df = simulate(n=400, provinces=10, seed=2)  # 40 counties per province, 4 of them approved
    df.loc[~df["province"].isin(["00", "01"]), "approval_year"] = np.nan
    sample, cohorts, _ = prepare(df, "y")
    assert set(sample["province"]) == {"00", "01"}
    assert cohorts == {2023: 8}
    assert estimate(df, "y").n_controls == 72


def test_approvals_after_the_panel_count_as_controls_and_missing_values_drop():
    df = simulate(cohorts={0: 2023, 1: 2027}, seed=4)
    df.loc[df.index[7:12], "y"] = np.nan  # county 1: a control
    sample, cohorts, _ = prepare(df, "y")
    assert cohorts == {2023: 60}
    assert sample["cohort"].isna().sum() == len(sample) - 60 * 7 and len(sample) == len(df) - 5
    df.loc[(df["county"] == "000000") & (df["year"] == 2022), "y"] = (
        np.nan
    )  # a treated county's reference year
    assert prepare(df, "y")[2] == {2023: 1}


@pytest.mark.parametrize(("frame", "code"), [
    (simulate(cohorts={}), "too_few_treated"),
    (simulate(cohorts=dict.fromkeys(range(10), 2023)), "too_few_controls"),
    (simulate()[lambda d: d["year"] < 2021], "too_few_years"),
    (simulate().drop(columns="approval_year"), "missing_columns"),
])  # fmt: skip
def test_refuses_panels_that_cannot_carry_the_estimate(frame, code):
    with pytest.raises(EffectError) as caught:
        estimate(frame, "y")
    assert caught.value.code == code


def test_window_is_bounded():
    with pytest.raises(EffectError):
        estimate(simulate(), "y", leads=0)
    with pytest.raises(EffectError):
        estimate(simulate(), "y", lags=11)


def test_the_result_names_its_assumptions_in_plain_words():
    from innocounty.evaluation.effect import ASSUMPTION_TEXT

    r = estimate(simulate(), "y")
    assert r.assumptions == ("parallel_trends", "no_anticipation", "comparable_controls", "association")
    assert all(ASSUMPTION_TEXT[a] for a in r.assumptions) and "association" in ASSUMPTION_TEXT["association"]


def test_result_round_trips_through_json():
    r = estimate(simulate(effect=lambda e: 1.0 if e >= 1 else 0.0), "y")
    back = EffectResult.from_dict(json.loads(json.dumps(r.as_dict())))
    assert back == r


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shift=st.floats(-50, 50), delta=st.floats(-5, 5), seed=st.integers(0, 2**16))
def test_fixed_effects_absorb_level_shifts_and_the_estimate_is_linear_in_a_planted_shift(shift, delta, seed):
    base = simulate(n=200, seed=seed)
    moved = base.assign(
        y=base["y"] + shift + (base["county"].str[-1] == "3") * 7.0
    )  # common and county shifts
    post = base["approval_year"].notna() & (base["year"] >= base["approval_year"])
    planted = base.assign(y=base["y"] + post * delta)
    r0, r1, r2 = estimate(base, "y"), estimate(moved, "y"), estimate(planted, "y")
    assert r1.att.estimate == pytest.approx(r0.att.estimate, abs=1e-6)
    assert r2.att.estimate == pytest.approx(r0.att.estimate + delta, abs=1e-6)
    assert r2.att.se == pytest.approx(r0.att.se, rel=1e-6)
