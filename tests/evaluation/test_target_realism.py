"""Target realism: percentiles and ranks against hand computations, peer groups, flags."""

import pytest

from innocounty.evaluation.target_realism import (
    CountyFacts,
    Realism,
    compare,
    improvement,
    latest_window,
    percentile,
    percentile_rank,
    quintile_of,
)


def test_percentiles_by_hand():
    xs = [0.10, 0.30, 0.20, 0.50, 0.40]  # sorted 0.1 0.2 0.3 0.4 0.5
    assert percentile(xs, 50) == pytest.approx(0.30)
    # h = 4 × 0.95 = 3.8 → x3 + 0.8 (x4 − x3) = 0.4 + 0.8 × 0.1 = 0.48
    assert percentile(xs, 95) == pytest.approx(0.48)
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)  # h = 1.5
    assert percentile([7.0], 95) == 7.0
    assert percentile_rank(xs, 0.30) == pytest.approx(50.0)  # 2 below + half of 1 equal, of 5
    assert percentile_rank(xs, 0.60) == 100.0


def test_agrees_with_numpy():
    np = pytest.importorskip("numpy")
    xs = [3.1, -0.4, 2.2, 9.9, 0.0, 5.5, 1.1]
    for p in (0, 5, 50, 73.5, 95, 100):
        assert percentile(xs, p) == pytest.approx(float(np.percentile(xs, p)))


def test_improvement_and_windows():
    assert improvement(2.0, 2.5) == pytest.approx(0.25)
    assert improvement(2.0, 1.5, direction=-1) == pytest.approx(0.25)
    assert improvement(0.0, 1.0) is None
    assert latest_window({2019: 1, 2020: 1, 2022: 1, 2023: 1}) == (2020, 2023)
    assert latest_window({2019: 1, 2021: 1}) is None
    assert quintile_of(5, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == 3  # 4 below of 10 → 5·0.4 = 2 → third fifth


def _panel(growths: dict[str, float]) -> dict:
    return {code: {2020: 1.0, 2023: 1.0 + g} for code, g in growths.items()}


def _facts(codes, belt="east", unit="县", index=None):
    return [CountyFacts(c, belt, unit, {2020: (index or {}).get(c, 50.0)}) for c in codes]


def test_peer_distribution_and_flags_by_hand():
    peers = {f"p{i}": g for i, g in enumerate([0.10, 0.20, 0.30, 0.40, 0.50])}
    values = {**_panel(peers), "me": {2020: 1.0, 2023: 1.15}}
    counties = _facts([*peers, "me"]) + _facts(["west1"], belt="west")
    values["west1"] = {2020: 1.0, 2023: 9.0}  # another belt: never a peer
    me = counties[5]

    def judge(final, years=3):
        return compare(me, counties, values, indicator="I01", baseline=2.0, final_target=final, years=years)

    c = judge(2.8)  # +40% over 3 years: between the median 0.30 and P95 0.48
    assert (c.p50, c.p95) == (pytest.approx(0.30), pytest.approx(0.48))
    assert c.realism is Realism.PLAUSIBLE and c.own_improvement == pytest.approx(0.15)
    assert c.peer_group == "belt+type+quintile" and len(c.peer_improvements) == 5
    assert c.percentile_rank == pytest.approx(70.0)
    assert judge(3.0).realism is Realism.BEYOND_P95  # +50% > 0.48
    assert judge(2.4).realism is Realism.BELOW_MEDIAN  # +20% < 0.30
    two_years = judge(2.4, years=2)  # +20% in 2 years = +30% over three: exactly the median, not below
    assert two_years.target_improvement == pytest.approx(0.30) and two_years.realism is Realism.PLAUSIBLE


def test_peers_narrow_to_the_index_quintile_and_widen_when_too_few():
    low = {f"l{i}": 0.05 for i in range(5)}
    high = {f"h{i}": 0.50 for i in range(5)}
    index = {
        **dict.fromkeys(low, 20.0),
        **dict.fromkeys(high, 80.0),
        "me": 80.0,
    }  # ties share a fifth: me and the high five are in the third
    counties = _facts([*low, *high, "me"], index=index)
    values = {**_panel(low), **_panel(high), "me": {2020: 1.0, 2023: 1.1}}
    c = compare(counties[-1], counties, values, indicator="I01", baseline=1.0, final_target=1.3, years=3)
    assert c.peer_group == "belt+type+quintile" and set(c.peer_improvements) == {0.5}
    assert c.realism is Realism.BELOW_MEDIAN
    few = _facts(["a", "b", "c"], unit="县级市") + _facts(["me"])
    values = {**_panel({"a": 0.1, "b": 0.2, "c": 0.3}), "me": {2020: 1.0, 2023: 1.1}}
    thin = compare(few[-1], few, values, indicator="I01", baseline=1.0, final_target=1.2, years=3)
    assert thin.realism is Realism.UNKNOWN  # 3 counties of the belt: fewer than 5 peers
