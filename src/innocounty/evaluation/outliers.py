"""Outlier screening of a round's raw values (异常值筛查). Pure and vectorised: pandas/numpy, no Django.

Two screens, each per indicator, each against a county's **peers**: the counties of the same province and
county type (县 / 县级市 / …); when fewer than ``min_peers`` of them have a value, the same belt (东/中/西)
and type; then the same type nation-wide.

* **History** — the year-on-year change ``d = ln(x_t / x_{t-1})`` (both values positive) against the
  peers' changes: robust z = 0.6745 · (d − median d) / MAD(d). Flagged when |z| > ``history_z`` and the
  change is at least ``min_change`` (a factor: 0.5 = ±50 %), so a tight peer group does not flag +8 %.
* **Peers** — the modified z-score (Iglewicz & Hoaglin) of ``ln x`` (x > 0) against the peers' ``ln x``:
  M = 0.6745 · (ln x − median) / MAD. Flagged when |M| > ``peer_z``. Logs, because counts and money
  totals are right-skewed across counties; zeros are not screened.

A MAD of zero (more than half the peers equal) screens nothing for that group. Each flag carries an
explanation in Chinese and English, e.g. "比上年增长 480%，同类县中位数 6%".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

CONSISTENCY = 0.6745  # Φ⁻¹(0.75): makes the MAD a consistent estimate of σ for normal data


@dataclass(frozen=True)
class Thresholds:
    history_z: float = 3.5
    peer_z: float = 3.5
    min_change: float = 0.5
    min_peers: int = 8

    @classmethod
    def from_mapping(cls, values: Mapping | None) -> Thresholds:
        known = {k: v for k, v in (values or {}).items() if k in cls.__dataclass_fields__ and v is not None}
        return cls(**{k: (int(v) if k == "min_peers" else float(v)) for k, v in known.items()})

    def as_dict(self) -> dict:
        return asdict(self)

    def problems(self) -> list[str]:
        bad = []
        for name in ("history_z", "peer_z"):
            if not 1.0 <= getattr(self, name) <= 20.0:
                bad.append(name)
        if not 0.0 <= self.min_change <= 100.0:
            bad.append("min_change")
        if not 3 <= self.min_peers <= 500:
            bad.append("min_peers")
        return bad


GROUP_LEVELS = (("province", "unit_type"), ("belt", "unit_type"), ("unit_type",))


def _robust(values: pd.DataFrame, keys: pd.DataFrame, min_peers: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(median, MAD) of each county's peers per column, falling back level by level while too few peers."""
    median = pd.DataFrame(np.nan, index=values.index, columns=values.columns)
    mad = median.copy()
    settled = pd.DataFrame(False, index=values.index, columns=values.columns)
    for level in GROUP_LEVELS:
        groups = [keys[k] for k in level]
        grouped = values.groupby(groups, sort=False, dropna=False)
        count = grouped.transform("count")
        med = grouped.transform("median")
        dev = (values - med).abs().groupby(groups, sort=False, dropna=False).transform("median")
        take = ~settled & (count >= min_peers)
        median = median.mask(take, med)
        mad = mad.mask(take, dev)
        settled |= take
    return median, mad


def _z(values: pd.DataFrame, median: pd.DataFrame, mad: pd.DataFrame) -> pd.DataFrame:
    with np.errstate(divide="ignore", invalid="ignore"):
        z = CONSISTENCY * (values - median) / mad.where(mad > 0)
    return z


@dataclass(frozen=True)
class Flag:
    county: str
    code: str
    method: str  # "history" or "peer"
    value: float
    previous: float | None
    peer_median: float  # the peers' median change (history, as a factor − 1) or value (peer)
    score: float
    message_zh: str
    message_en: str

    def as_dict(self) -> dict:
        return asdict(self)


def _pct(change: float) -> str:
    return f"{change * 100:+.0f}%".replace("+", "")


def _num(value: float) -> str:
    return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _history_text(change: float, peer: float, score: float) -> tuple[str, str]:
    verb_zh = "增长" if change >= 0 else "下降"
    verb_en = "up" if change >= 0 else "down"
    shown = _pct(abs(change))
    return (
        f"比上年{verb_zh} {shown}，同类县中位数 {_pct(peer)}（稳健 z = {score:.1f}）",
        f"{verb_en} {shown} on last year; peer median {_pct(peer)} (robust z = {score:.1f})",
    )


def _peer_text(value: float, peer: float, score: float) -> tuple[str, str]:
    ratio = value / peer if peer else float("inf")
    side_zh, side_en = ("高于", "above") if value >= peer else ("低于", "below")
    times = ratio if ratio >= 1 else (1 / ratio if ratio else float("inf"))
    return (
        f"数值 {_num(value)}，同类县中位数 {_num(peer)}，{side_zh}中位数 {times:.1f} 倍（修正 z = {score:.1f}）",
        f"value {_num(value)}, peer median {_num(peer)}: {times:.1f}× {side_en} it (modified z = {score:.1f})",
    )


def screen(current: pd.DataFrame, previous: pd.DataFrame | None, keys: pd.DataFrame,
           thresholds: Thresholds | None = None) -> list[Flag]:  # fmt: skip
    """Flags for ``current`` (counties × indicators, NaN missing). ``previous``: last year's values on the
    same index and columns (or None); ``keys``: columns province, belt, unit_type on the same index."""
    t = thresholds or Thresholds()
    current = current.astype(float)
    if previous is not None:
        previous = previous.reindex(index=current.index, columns=current.columns).astype(float)
    flags: list[Flag] = []
    logged = np.log(current.where(current > 0))
    med, mad = _robust(logged, keys, t.min_peers)
    peer_z = _z(logged, med, mad)
    for county, code, score in _hits(peer_z, t.peer_z):
        value, peer = current.at[county, code], float(np.exp(med.at[county, code]))
        zh, en = _peer_text(value, peer, score)
        prev = None if previous is None else previous.at[county, code]
        flags.append(Flag(county, code, "peer", float(value), _opt(prev), peer, score, zh, en))
    if previous is not None:
        change = np.log(current.where(current > 0) / previous.where(previous > 0))
        cmed, cmad = _robust(change, keys, t.min_peers)
        history_z = _z(change, cmed, cmad)
        big = (np.exp(change) - 1).abs() >= t.min_change
        for county, code, score in _hits(history_z.where(big), t.history_z):
            growth = float(np.exp(change.at[county, code]) - 1)
            peer = float(np.exp(cmed.at[county, code]) - 1)
            zh, en = _history_text(growth, peer, score)
            flags.append(
                Flag(
                    county,
                    code,
                    "history",
                    float(current.at[county, code]),
                    float(previous.at[county, code]),
                    peer,
                    score,
                    zh,
                    en,
                )
            )
    flags.sort(key=lambda f: (f.county, f.code, f.method))
    return flags


def _opt(value) -> float | None:
    return None if value is None or value != value else float(value)


def _hits(z: pd.DataFrame, limit: float):
    values = z.to_numpy()
    with np.errstate(invalid="ignore"):
        rows, cols = np.nonzero(np.abs(values) > limit)
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        yield z.index[r], z.columns[c], float(values[r, c])
