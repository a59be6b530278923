"""Time dimension for panel data: year-over-year change (§7.1) and the chained index, base year = 100 (§7.2).

"The previous year" ``t − 1`` is the previous year present in the panel (its sorted distinct years); a unit
without a row or a value in that year has a missing change.

§7.1, for any quantity ``q`` of unit ``u``::

    Δq = q_t − q_{t−1};   Δ%q = (q_t / q_{t−1} − 1) · 100  (missing if q_{t−1} = 0 or either is missing)
    rank move = R_{t−1} − R_t  (positive = moved up)

§7.2, per unit with base year ``b``::

    g_{i,t} = x_{i,t} / x_{i,t−1}  (d = +1)   or   x_{i,t−1} / x_{i,t}  (d = −1)
        usable only when both values are present and > 0; optional ratio_cap: g ← min(g, cap)
    arithmetic (default): G_t = Σ ŵ_i g_{i,t};   geometric: G_t = exp(Σ ŵ_i ln g_{i,t})
        ŵ = effective weights (§3) renormalised over the usable indicators of that unit and year
    I_b = 100;  I_t = I_{t−1} · G_t  (t > b); no usable indicator → I_t and every later value missing

``chain.mode = "score_ratio"``: ``I_t = 100 · S_t / S_b`` for a node score on a common scale.

Method section ``chain``::

    chain: {mode: links, base_year: 2020, link: arithmetic, ratio_cap: null, use_imputed: false, node: INDEX}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from innocounty.evaluation import _adapt
from innocounty.evaluation import _sections as sec

if TYPE_CHECKING:
    from innocounty.evaluation.results import EvaluationResult

MODES = ("links", "score_ratio")
LINKS = ("arithmetic", "geometric")
RELATIVE_NOTE = ("scores are normalised per year relative to that year's field (minmax/zscore/rank); their "
                 "change measures position, not absolute progress (§7.1)")


class ChainError(sec.SectionError):
    """An invalid ``chain`` section or panel."""


@dataclass(frozen=True)
class ChainConfig:
    mode: str = "links"
    base_year: int | None = None  # None → the first year of the panel
    link: str = "arithmetic"
    ratio_cap: float | None = None
    use_imputed: bool = False
    node: str | None = None  # score_ratio only; None → root

    def as_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "base_year": self.base_year, "link": self.link, "ratio_cap": self.ratio_cap,
                "use_imputed": self.use_imputed, "node": self.node}


def parse_chain_config(raw: Mapping[str, Any] | None) -> ChainConfig:
    """Validate the ``chain`` section (§7.2, §12.1)."""
    d = sec.mapping(raw, "chain", ("mode", "base_year", "link", "ratio_cap", "use_imputed", "node"))
    mode = sec.choice(d.get("mode", "links"), "chain.mode", MODES)
    base = sec.integer(d.get("base_year"), "chain.base_year", minimum=0, allow_none=True)
    link = sec.choice(d.get("link", "arithmetic"), "chain.link", LINKS)
    cap = d.get("ratio_cap")
    cap = None if cap is None else sec.number(cap, "chain.ratio_cap", positive=True)
    use_imputed = sec.boolean(d.get("use_imputed", False), "chain.use_imputed")
    node = sec.code(d.get("node"), "chain.node")
    if mode == "links" and node is not None:
        raise ChainError("method: chain.node is only used with mode score_ratio")
    return ChainConfig(mode=mode, base_year=base, link=link, ratio_cap=cap, use_imputed=use_imputed, node=node)


def _panel_keys(panel: pd.DataFrame, code: str, year: str) -> tuple[pd.Series, pd.Series]:
    for c in (code, year):
        if c not in panel.columns:
            raise ChainError(f"panel data need a {c!r} column")
    codes = panel[code].astype(str)
    years = pd.to_numeric(panel[year], errors="raise")
    if years.isna().any():
        raise ChainError("panel data: missing year")
    years = years.astype(np.int64)
    dup = pd.DataFrame({"c": codes, "y": years}).duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise ChainError(f"panel data: duplicate (code, year) = ({codes.iloc[i]}, {years.iloc[i]})")
    return codes, years


def _previous_values(codes: pd.Series, years: pd.Series, values: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the previous panel year and the same unit's values in it (NaN where absent)."""
    distinct = np.sort(years.unique())
    prev_of = dict(zip(distinct[1:].tolist(), distinct[:-1].tolist(), strict=True))
    prev_year = years.map(lambda y: prev_of.get(int(y), np.nan)).to_numpy(dtype=np.float64)
    key = pd.MultiIndex.from_arrays([codes.to_numpy(), years.to_numpy()])
    table = pd.DataFrame(values.to_numpy(dtype=np.float64), index=key, columns=values.columns)
    want = pd.MultiIndex.from_arrays([codes.to_numpy(), np.nan_to_num(prev_year, nan=-1).astype(np.int64)])
    prev = table.reindex(want).to_numpy(dtype=np.float64)
    return prev_year, prev


def _int_or_na(a: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.array(np.where(np.isnan(a), None, a).tolist(), dtype="Int64")


def year_over_year(
    values: pd.DataFrame,
    *,
    ranks: pd.DataFrame | None = None,
    code: str = "code",
    year: str = "year",
    relative: bool = False,
    warn: sec.WarnFn | None = None,
) -> pd.DataFrame:
    """§7.1 changes for every row of a long panel (``code``, ``year`` and quantity columns).

    For each quantity column ``c`` of ``values``: ``c``, ``c_prev``, ``c_change``, ``c_pct``. For each
    column ``r`` of ``ranks`` (same rows; also keyed by ``code``/``year``): ``rank_r``, ``rank_r_prev``,
    ``rank_r_move`` (``R_{t−1} − R_t``). ``relative=True`` adds the §7.1 note (warning) that per-year
    relative scores measure position, not progress. Rows keep the input order.
    """
    log = sec.WarningLog(warn)
    codes, years = _panel_keys(values, code, year)
    qcols = [c for c in values.columns if c not in (code, year)]
    q = values[qcols].apply(pd.to_numeric, errors="raise")
    prev_year, prev = _previous_values(codes, years, q)
    cur = q.to_numpy(dtype=np.float64)
    out = pd.DataFrame({code: codes.to_numpy(), year: years.to_numpy(),
                        "prev_year": pd.array(np.where(np.isnan(prev_year), None, prev_year).tolist(), dtype="Int64")})
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(prev == 0, np.nan, (cur / prev - 1.0) * 100.0)
    cols: dict[str, Any] = {}
    for j, c in enumerate(qcols):
        cols[str(c)] = cur[:, j]
        cols[f"{c}_prev"] = prev[:, j]
        cols[f"{c}_change"] = cur[:, j] - prev[:, j]
        cols[f"{c}_pct"] = pct[:, j]
    if ranks is not None:
        rcodes, ryears = _panel_keys(ranks, code, year)
        rcols = [c for c in ranks.columns if c not in (code, year)]
        r = ranks[rcols].apply(pd.to_numeric, errors="raise")
        _, rprev = _previous_values(rcodes, ryears, r)
        key = pd.MultiIndex.from_arrays([rcodes.to_numpy(), ryears.to_numpy()])
        want = pd.MultiIndex.from_arrays([codes.to_numpy(), years.to_numpy()])
        rcur = pd.DataFrame(r.to_numpy(dtype=np.float64), index=key).reindex(want).to_numpy()
        rprev = pd.DataFrame(rprev, index=key).reindex(want).to_numpy()
        for j, c in enumerate(rcols):
            cols[f"rank_{c}"] = _int_or_na(rcur[:, j])
            cols[f"rank_{c}_prev"] = _int_or_na(rprev[:, j])
            cols[f"rank_{c}_move"] = _int_or_na(rprev[:, j] - rcur[:, j])
    out = pd.concat([out, pd.DataFrame(cols, index=out.index)], axis=1)
    if relative:
        log(RELATIVE_NOTE)
    out.attrs["warnings"] = log.messages
    return out


def _pivot(panel: pd.DataFrame, codes: pd.Series, years: pd.Series, cols: Sequence[str],
           year_list: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """units × years × columns array (NaN where a row is absent), units in first-appearance order."""
    units = list(dict.fromkeys(codes.tolist()))
    u_pos = {u: i for i, u in enumerate(units)}
    y_pos = {int(y): i for i, y in enumerate(year_list)}
    arr = np.full((len(units), len(year_list), len(cols)), np.nan)
    vals = panel[list(cols)].apply(pd.to_numeric, errors="raise").to_numpy(dtype=np.float64)
    for r, (u, y) in enumerate(zip(codes.tolist(), years.tolist(), strict=True)):
        if int(y) in y_pos:
            arr[u_pos[u], y_pos[int(y)], :] = vals[r]
    return arr, units


def chain_links(
    prev: np.ndarray, cur: np.ndarray, directions: np.ndarray, weights: np.ndarray, *,
    link: str = "arithmetic", ratio_cap: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Link factor ``G_t`` (§7.2) for arrays ``(..., K)`` of previous and current values.

    Returns ``(G, n_usable)``; ``G`` is NaN where no indicator is usable or the usable weights sum to 0.
    """
    usable = (prev > 0) & (cur > 0)  # False for NaN
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(directions > 0, cur / prev, prev / cur)
    if ratio_cap is not None:
        g = np.minimum(g, ratio_cap)
    g = np.where(usable, g, 1.0)
    w = np.where(usable, weights, 0.0)
    total = w.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        what = w / total[..., None]
        G = (what * g).sum(axis=-1) if link == "arithmetic" else np.exp((what * np.log(g)).sum(axis=-1))
    n = usable.sum(axis=-1)
    G = np.where((n > 0) & (total > 0), G, np.nan)
    return G, n


def chained_index(
    panel: pd.DataFrame,
    directions: Mapping[str, int],
    weights: Mapping[str, float],
    config: ChainConfig | Mapping[str, Any] | None = None,
    *,
    code: str = "code",
    year: str = "year",
    warn: sec.WarnFn | None = None,
) -> pd.DataFrame:
    """§7.2 chained index (``mode: links``) over a long panel of indicator values.

    ``panel`` holds ``code``, ``year`` and one column per indicator in ``directions`` (denominated values;
    imputed ones only if the caller wants ``use_imputed``). ``weights`` are the indicators' effective
    weights (§3). Returns one row per input row: ``code, year, index, link (G_t), n_usable``. Years
    before the base year get a missing index.
    """
    cfg = config if isinstance(config, ChainConfig) else parse_chain_config(config)
    if cfg.mode != "links":
        raise ChainError("chained_index computes mode 'links'; use score_ratio_index for 'score_ratio'")
    log = sec.WarningLog(warn)
    codes, years = _panel_keys(panel, code, year)
    ind = [str(i) for i in directions]
    missing = [i for i in ind if i not in panel.columns]
    if missing:
        raise ChainError(f"chain: indicator column(s) missing from the panel: {', '.join(missing)}")
    d = np.array([int(directions[i]) for i in ind], dtype=np.int64)
    if not np.isin(d, (1, -1)).all():
        raise ChainError("chain: directions must be +1 or -1")
    w = np.array([float(weights.get(i, np.nan)) for i in ind])
    if np.isnan(w).any() or (w < 0).any():
        bad = [i for i, v in zip(ind, w, strict=True) if not v >= 0]
        raise ChainError(f"chain: missing or negative effective weight for {', '.join(bad)}")
    all_years = np.sort(years.unique())
    base = int(all_years[0]) if cfg.base_year is None else cfg.base_year
    if base not in set(all_years.tolist()):
        raise ChainError(f"chain: base year {base} is not in the data (years {all_years.tolist()})")
    ylist = all_years[all_years >= base]
    arr, units = _pivot(panel, codes, years, ind, ylist)
    G, n = chain_links(arr[:, :-1, :], arr[:, 1:, :], d, w, link=cfg.link, ratio_cap=cfg.ratio_cap)
    index = np.cumprod(np.concatenate([np.full((len(units), 1), 100.0), G], axis=1), axis=1)
    links = np.concatenate([np.full((len(units), 1), np.nan), G], axis=1)
    nus = np.concatenate([np.zeros((len(units), 1)), n], axis=1)
    breaks = np.isnan(G) & ~np.isnan(index[:, :-1])  # the first missing link after a defined value
    if breaks.any():
        first = [(units[u], int(ylist[t + 1])) for u, t in zip(*np.nonzero(breaks), strict=True)]
        shown = ", ".join(f"{c} ({y})" for c, y in first[:10])
        log(f"chain: no usable indicator for {len(first)} unit-year(s), e.g. {shown}; the index is missing "
            "from there on")
    u_pos = {u: i for i, u in enumerate(units)}
    y_pos = {int(y): i for i, y in enumerate(ylist)}
    rows = [(u_pos[c], y_pos.get(int(y), -1)) for c, y in zip(codes.tolist(), years.tolist(), strict=True)]
    ui = np.array([r[0] for r in rows], dtype=np.int64)
    ti = np.array([r[1] for r in rows], dtype=np.int64)
    ok = ti >= 0
    tsafe = np.where(ok, ti, 0)
    out = pd.DataFrame({
        code: codes.to_numpy(),
        year: years.to_numpy(),
        "index": np.where(ok, index[ui, tsafe], np.nan),
        "link": np.where(ok, links[ui, tsafe], np.nan),
        "n_usable": pd.array(np.where(ok & (tsafe > 0), nus[ui, tsafe], None).tolist(), dtype="Int64"),
    })
    out.attrs["warnings"] = log.messages
    out.attrs["rule"] = {**cfg.as_dict(), "base_year": base}
    return out


def score_ratio_index(
    scores: pd.DataFrame,
    column: str,
    base_year: int | None = None,
    *,
    code: str = "code",
    year: str = "year",
    warn: sec.WarnFn | None = None,
) -> pd.DataFrame:
    """§7.2 ``score_ratio`` mode: ``I_t = 100 · S_t / S_b`` for the node score in ``column``.

    Missing where ``S_t`` or ``S_b`` is missing or ``S_b = 0``; a negative ``S_b`` gives a warning (the
    ratio needs a scale where 0 means nothing). Returns ``code, year, index``.
    """
    log = sec.WarningLog(warn)
    codes, years = _panel_keys(scores, code, year)
    all_years = np.sort(years.unique())
    base = int(all_years[0]) if base_year is None else int(base_year)
    if base not in set(all_years.tolist()):
        raise ChainError(f"chain: base year {base} is not in the data (years {all_years.tolist()})")
    s = pd.to_numeric(scores[column], errors="raise").to_numpy(dtype=np.float64)
    at_base = pd.Series(s[(years == base).to_numpy()], index=codes[(years == base).to_numpy()].to_numpy())
    sb = codes.map(at_base).to_numpy(dtype=np.float64)
    if (sb < 0).any():
        log(f"chain: negative base-year score of {column} for {int((sb < 0).sum())} row(s); score_ratio needs "
            "a common scale where 0 means nothing (target_ratio or pooled normalisation)")
    with np.errstate(divide="ignore", invalid="ignore"):
        idx = np.where((sb == 0) | (years.to_numpy() < base), np.nan, 100.0 * s / sb)
    out = pd.DataFrame({code: codes.to_numpy(), year: years.to_numpy(), "index": idx})
    out.attrs["warnings"] = log.messages
    return out


def _relative_per_year(result: EvaluationResult, node: str | None = None) -> bool:
    if result.method["normalise"].get("pooling", "per_year") != "per_year":
        return False
    methods = _adapt.norm_methods(result)
    under = _adapt.indicators_below(result.framework, node) if node else result.framework.indicators
    return any(methods[i] in _adapt.RELATIVE_METHODS for i in under)


def _needs_panel(result: EvaluationResult, what: str, log: sec.WarnFn) -> bool:
    if result.data.has_year and len(result.years) >= 2:
        return True
    log(f"{what}: needs panel data (a year column with at least two years); skipped")
    return False


def compute_chain(result: EvaluationResult, cfg: ChainConfig | Mapping[str, Any] | None = None, *,
                  warn: sec.WarnFn | None = None) -> pd.DataFrame | None:
    """§7.2 on a pipeline result (``chain.csv``); None (with a warning) for a single cross-section.

    ``mode: links`` chains the Screened stage (denominated, screened-out unit-years missing, un-imputed), or
    the Imputed stage with ``use_imputed: true``, with the indicators' effective weights (§3).
    ``mode: score_ratio`` uses the score of ``chain.node`` (default the root) and warns when that score
    comes from per-year relative normalisation.
    """
    config = cfg if isinstance(cfg, ChainConfig) else parse_chain_config(
        result.method.get("chain") if cfg is None else cfg)
    log = _adapt.sink(result, warn)
    if not _needs_panel(result, "chain", log):
        return None
    fw = result.framework
    if config.mode == "links":
        panel = result.table("Imputed" if config.use_imputed else "Screened")
        dirs = {c: fw.nodes[c].direction for c in fw.indicators}
        eff = {c: result.effective_weights[c] for c in fw.indicators}
        return chained_index(panel, dirs, eff, config, warn=log)
    node = _adapt.check_node(fw, config.node, "chain")
    if _relative_per_year(result, node):
        log(f"chain: score_ratio on {node}, whose scores are normalised per year relative to that year's field; "
            "use target_ratio or pooled normalisation (§7.3) for a common scale")
    out = score_ratio_index(result.table("Aggregated", [node]), node, config.base_year, warn=log)
    out.attrs["rule"] = {**config.as_dict(), "node": node}
    return out


def compute_changes(result: EvaluationResult, *, warn: sec.WarnFn | None = None) -> pd.DataFrame | None:
    """§7.1 for every aggregate's score and national rank (``changes.csv``); None for a single
    cross-section. Adds the §7.1 note when the scores come from per-year relative normalisation."""
    log = _adapt.sink(result, warn)
    if not _needs_panel(result, "year-over-year change", log):
        return None
    aggs = result.framework.aggregates
    return year_over_year(result.table("scores", aggs), ranks=result.table("ranks", aggs),
                          relative=_relative_per_year(result), warn=log)
