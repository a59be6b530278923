"""Property tests of the whole pipeline (§2) and the analyses (§4–§6), with hypothesis.

Data are small integer-valued tables (sums of integers are exact in any order, so "the same result" can be
asserted exactly where the arithmetic allows it). Properties and their exact conditions:

1. **Bounds.** After ``minmax`` with range ``[l, u]`` every non-missing normalised value lies in ``[l, u]``
   (up to one rounding of ``· (u − l) + l``), the column minimum is exactly ``l``. Any treatment.
2. **Unit order.** Permuting the rows changes no unit's scores (to 1e-12), national or group ranks, and no
   §4/§5/§6 result. Default method (mean imputation, JRC treatment, minmax).
3. **Direction.** In a one-indicator framework, ``d = −1`` gives ``R(u) = 1 + #{v : t_v < t_u}`` and ``d = +1``
   ``R(u) = 1 + #{v : t_v > t_u}`` on the treated values ``t`` (treatment ignores direction, §2.4).
4. **Weight scale.** Multiplying the weights of all children of one parent by ``c > 0`` changes nothing:
   exactly when ``c`` is a power of two, to 1e-12 relative otherwise (``c·w / Σ c·w`` rounds differently).
5. **Monotonicity.** Under arithmetic aggregation at every level, ``minmax``, **no outlier treatment** and
   imputation ``none`` or ``mean``, a unit whose value of one indicator moves in the good direction never
   loses index score. Proof sketch: min and max only move when this unit is or becomes the extreme, and
   then its own normalised value is ``l`` before or ``u`` after; other units' values (and the imputed
   mean, which stays inside [min, max]) do not enter its score; weighted sums are monotone. With JRC
   treatment it does not hold in general: an improvement can trigger Winsorisation of the low tail, which
   raises the column minimum and lowers the normalised value of every unit above it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from innocounty.evaluation.eligibility import compute_eligibility
from innocounty.evaluation.framework import Framework
from innocounty.evaluation.groups import compute_groups
from innocounty.evaluation.pipeline import evaluate
from innocounty.evaluation.strengths import compute_strengths

SETTINGS = settings(max_examples=50, deadline=None)


# ---- strategies ----------------------------------------------------------------------------------------


@st.composite
def frameworks(draw, max_dims: int = 3, max_per_dim: int = 3):
    """A 3-level tree INDEX → D1..Dk → indicators, with random weights (> 0) and directions."""
    n_dims = draw(st.integers(1, max_dims))
    recs = [{"code": "INDEX", "level": 3, "parent": "", "weight": 1, "direction": 1}]
    k = 0
    for d in range(1, n_dims + 1):
        recs.append({"code": f"D{d}", "level": 2, "parent": "INDEX", "weight": draw(st.integers(1, 5)),
                     "direction": 1})
        for _ in range(draw(st.integers(1, max_per_dim))):
            k += 1
            recs.append({"code": f"I{k}", "level": 1, "parent": f"D{d}", "weight": draw(st.integers(1, 5)),
                         "direction": draw(st.sampled_from([1, -1]))})
    return recs


@st.composite
def tables(draw, indicators: list[str], min_units: int = 4, max_units: int = 12, missing: bool = True):
    """Integer-valued data; each indicator has at least two distinct non-missing values."""
    n = draw(st.integers(min_units, max_units))
    cols = {}
    for code in indicators:
        vals = draw(st.lists(st.integers(-30, 30), min_size=n, max_size=n))
        if missing:
            holes = draw(st.lists(st.booleans(), min_size=n, max_size=n))
            col = [np.nan if h and i > 1 else float(v) for i, (v, h) in enumerate(zip(vals, holes, strict=True))]
        else:
            col = [float(v) for v in vals]
        assume(len({v for v in col if not math.isnan(v)}) >= 2)
        cols[code] = col
    frame = pd.DataFrame({"code": [f"{i:06d}" for i in range(n)],
                          "province": [("A", "B")[i % 2] for i in range(n)], **cols})
    return frame


def run(frame: pd.DataFrame, records: list[dict], method: dict):
    # Missing cells are passed as the text "NA" (the CSV form) so the input path is the same as the CLI's.
    data = frame.astype(object).where(frame.notna(), "NA")
    return evaluate(data, Framework.from_records(records), method)


def indicators_of(records):
    return [r["code"] for r in records if r["level"] == 1]


# ---- 1. bounds -----------------------------------------------------------------------------------------


@SETTINGS
@given(st.data(), st.sampled_from(["jrc", "none"]), st.floats(-100, 100), st.floats(0.5, 200))
def test_minmax_bounds(data, treat, low, width):
    recs = data.draw(frameworks())
    frame = data.draw(tables(indicators_of(recs)))
    high = low + width
    r = run(frame, recs, {"treat": {"method": treat}, "normalise": {"method": "minmax", "range": [low, high]}})
    nrm = r.by_year[None].stages["Normalised"].to_numpy()
    tol = 4 * np.finfo(float).eps * max(abs(low), abs(high))
    assert np.nanmin(nrm) >= low - tol and np.nanmax(nrm) <= high + tol
    for j in range(nrm.shape[1]):
        assert np.nanmin(nrm[:, j]) == low
        assert abs(np.nanmax(nrm[:, j]) - high) <= tol


# ---- 2. unit order -------------------------------------------------------------------------------------


def _by_code(df: pd.DataFrame) -> pd.DataFrame:
    return df.set_index("code").sort_index()


@SETTINGS
@given(st.data())
def test_invariance_to_unit_order(data):
    recs = data.draw(frameworks())
    frame = data.draw(tables(indicators_of(recs)))
    perm = data.draw(st.permutations(range(len(frame))))
    method = {"groups": {}, "eligibility": {"indicator": {"share": 0.5}}, "strengths": {"scope": "province"}}
    a = run(frame, recs, method)
    b = run(frame.iloc[list(perm)].reset_index(drop=True), recs, method)
    ya, yb = a.by_year[None], b.by_year[None]
    ia = ya.ranks.index
    assert list(yb.codes) == [frame["code"][p] for p in perm]  # outputs follow the input order
    sa, sb = ya.stages["Aggregated"], yb.stages["Aggregated"].reindex(ia)
    np.testing.assert_allclose(sb.to_numpy(), sa.to_numpy(), rtol=1e-12, atol=1e-12)
    pd.testing.assert_frame_equal(yb.ranks.reindex(ia), ya.ranks)
    pd.testing.assert_frame_equal(yb.group_ranks["province"].reindex(ia), ya.group_ranks["province"])
    quiet = {"warn": lambda m: None}
    ga, gb = _by_code(compute_groups(a, **quiet)), _by_code(compute_groups(b, **quiet))
    pd.testing.assert_frame_equal(gb.drop(columns=["score", "reference", "ratio"]),
                                  ga.drop(columns=["score", "reference", "ratio"]))
    ea, eb = _by_code(compute_eligibility(a, **quiet)), _by_code(compute_eligibility(b, **quiet))
    pd.testing.assert_frame_equal(eb, ea)
    key = ["code", "kind", "position"]
    wa = compute_strengths(a, **quiet).sort_values(key).reset_index(drop=True)
    wb = compute_strengths(b, **quiet).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(wb, wa)


# ---- 3. direction --------------------------------------------------------------------------------------


@SETTINGS
@given(st.data(), st.sampled_from(["jrc", "none"]), st.sampled_from(["minmax", "zscore", "rank", "prank"]))
def test_minus_one_direction_reverses_ranks(data, treat, norm):
    frame = data.draw(tables(["I1"], min_units=3, max_units=20))
    method = {"treat": {"method": treat}, "impute": {"method": "none"}, "normalise": {"method": norm}}
    ranks = {}
    for d in (1, -1):
        recs = [{"code": "INDEX", "level": 2, "parent": "", "weight": 1, "direction": 1},
                {"code": "I1", "level": 1, "parent": "INDEX", "weight": 1, "direction": d}]
        r = run(frame, recs, method).by_year[None]
        ranks[d] = r.ranks["INDEX"].to_numpy()
        t = r.stages["Treated"]["I1"].to_numpy()
    for u in range(len(t)):
        if math.isnan(t[u]):
            assert math.isnan(ranks[1][u]) and math.isnan(ranks[-1][u])
        else:
            assert ranks[1][u] == 1 + np.sum(t > t[u])
            assert ranks[-1][u] == 1 + np.sum(t < t[u])


# ---- 4. weight scale -----------------------------------------------------------------------------------


@SETTINGS
@given(st.data(), st.sampled_from(["arithmetic", "geometric"]))
def test_scaling_the_weights_of_one_parent_changes_nothing(data, agg):
    recs = data.draw(frameworks())
    frame = data.draw(tables(indicators_of(recs)))
    parents = sorted({r["parent"] for r in recs if r["parent"]})
    parent = data.draw(st.sampled_from(parents))
    exact = data.draw(st.booleans())
    c = 2.0 ** data.draw(st.integers(-4, 4)) if exact else data.draw(st.floats(0.01, 100))
    scaled = [{**r, "weight": r["weight"] * c} if r["parent"] == parent else r for r in recs]
    method = {"aggregate": {"method": agg}, "normalise": {"method": "minmax", "range": [1, 100]}}
    a = run(frame, recs, method).by_year[None]
    b = run(frame, scaled, method).by_year[None]
    if exact:
        pd.testing.assert_frame_equal(b.stages["Aggregated"], a.stages["Aggregated"])
        pd.testing.assert_frame_equal(b.ranks, a.ranks)
    else:
        np.testing.assert_allclose(b.stages["Aggregated"].to_numpy(), a.stages["Aggregated"].to_numpy(),
                                   rtol=1e-12)


# ---- 5. monotonicity -----------------------------------------------------------------------------------


@SETTINGS
@given(st.data(), st.sampled_from(["none", "mean"]), st.integers(0, 40))
def test_improving_one_indicator_never_lowers_the_index(data, impute, delta):
    recs = data.draw(frameworks())
    inds = indicators_of(recs)
    frame = data.draw(tables(inds))
    col = data.draw(st.sampled_from(inds))
    present = [i for i, v in enumerate(frame[col]) if not math.isnan(v)]
    u = data.draw(st.sampled_from(present))
    d = next(r["direction"] for r in recs if r["code"] == col)
    better = frame.copy()
    better.loc[u, col] = frame.loc[u, col] + d * delta
    assume(better[col].nunique() >= 2)
    low, width = data.draw(st.integers(-5, 5)), data.draw(st.integers(1, 100))
    method = {"treat": {"method": "none"}, "impute": {"method": impute},
              "normalise": {"method": "minmax", "range": [low, low + width]}, "aggregate": {"method": "arithmetic"}}
    before = run(frame, recs, method).by_year[None].scores["INDEX"].iloc[u]
    after = run(better, recs, method).by_year[None].scores["INDEX"].iloc[u]
    assert after >= before
