"""Strengths and weaknesses (优势与短板) per unit, methodology §6.

For each unit and indicator within a scope (``scope``: a group column, default ``"province"``, or
``"national"``), on the data of §5(b) (default raw: denominated, screened, un-imputed, untreated values ×
direction; or ``"normalised"``)::

    R_top = 1 + #{v in scope : x̃_v > x̃_u}        R_bot = 1 + #{v in scope : x̃_v < x̃_u}
    k     = ⌈q · n⌉  (exact; q = share, default 0.25; n = units in scope with a value)
    strength ⇔ R_top ≤ k and not R_bot ≤ k         weakness ⇔ R_bot ≤ k and not R_top ≤ k

An indicator with fewer than two distinct values in the scope is excluded for that scope, and with
``min_unique_share`` set, so is one whose share of distinct values (distinct / n, exact) is at or below it.
A missing value is neither. Strengths are listed by ascending ``R_top`` (ties in framework order) up to
``top_n`` (default 5), weaknesses by ascending ``R_bot`` up to ``bottom_n`` (default 5); ``null`` means no
limit.

Method section (the spec's ``sw.*`` parameters)::

    strengths: {scope: province, share: 0.25, top_n: 5, bottom_n: 5, min_unique_share: null, data: raw}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from innocounty.evaluation import _adapt
from innocounty.evaluation import _sections as sec
from innocounty.evaluation.cutoffs import exact_fraction, group_codes, group_rank_matrix, share_cutoffs

if TYPE_CHECKING:
    from innocounty.evaluation.results import EvaluationResult

ENTRY_COLUMNS = ("code", "kind", "position", "indicator", "indicator_name", "value", "rank", "n", "k",
                 "scope", "scope_value")


class StrengthsError(sec.SectionError):
    """An invalid ``strengths`` section."""


@dataclass(frozen=True)
class StrengthsConfig:
    scope: str = "province"
    share: Fraction | float = 0.25
    top_n: int | None = 5
    bottom_n: int | None = 5
    min_unique_share: Fraction | float | None = None
    data: str | None = None  # None → eligibility.indicator_data if set, else "raw"

    def as_dict(self) -> dict[str, Any]:
        def num(v: Any) -> Any:
            return str(v) if isinstance(v, Fraction) else v

        return {"scope": self.scope, "share": num(self.share), "top_n": self.top_n, "bottom_n": self.bottom_n,
                "min_unique_share": num(self.min_unique_share), "data": self.data or "raw"}


def parse_strengths_config(raw: Mapping[str, Any] | None) -> StrengthsConfig:
    """Validate the ``strengths`` section (§6, §12.1)."""
    d = sec.mapping(raw, "strengths", ("scope", "share", "top_n", "bottom_n", "min_unique_share", "data"))
    scope = sec.code(d.get("scope", "province"), "strengths.scope", allow_none=False)
    share = sec.share(d.get("share", 0.25), "strengths.share")
    top_n = sec.integer(d.get("top_n", 5), "strengths.top_n", allow_none=True)
    bottom_n = sec.integer(d.get("bottom_n", 5), "strengths.bottom_n", allow_none=True)
    mus = d.get("min_unique_share")
    mus = None if mus is None else sec.share(mus, "strengths.min_unique_share")
    data = d.get("data")
    data = None if data is None else sec.choice(data, "strengths.data", ("raw", "normalised"))
    return StrengthsConfig(scope=scope, share=share, top_n=top_n, bottom_n=bottom_n, min_unique_share=mus,
                           data=data)


def _entries(mask: np.ndarray, rank: np.ndarray, limit: int | None, kind: int) -> tuple[np.ndarray, ...]:
    """(unit, indicator, position, rank, kind) of the flagged cells, sorted per unit by (rank, framework
    order) and cut to ``limit`` per unit."""
    u, j = np.nonzero(mask)
    rk = rank[u, j]
    order = np.lexsort((j, rk, u))
    u, j, rk = u[order], j[order], rk[order]
    starts = np.flatnonzero(np.r_[True, u[1:] != u[:-1]]) if u.size else np.zeros(0, dtype=np.int64)
    first = np.repeat(starts, np.diff(np.r_[starts, u.size]))
    pos = np.arange(u.size) - first + 1
    keep = np.ones(u.size, dtype=bool) if limit is None else pos <= limit
    return u[keep], j[keep], pos[keep], rk[keep], np.full(int(keep.sum()), kind)


def strengths_weaknesses(
    values: pd.DataFrame,
    config: StrengthsConfig | Mapping[str, Any] | None = None,
    *,
    scope_values: pd.Series | None = None,
    display_values: pd.DataFrame | None = None,
    names: Mapping[str, str] | None = None,
    active: pd.Series | None = None,
    warn: sec.WarnFn | None = None,
) -> pd.DataFrame:
    """§6 entries, one row per (unit, strength or weakness).

    ``values``: units × indicators in framework order, oriented so that higher is better (x̃), missing as
    NaN. ``scope_values``: the unit's scope group (required unless ``scope == "national"``).
    ``display_values``: the values reported in the ``value`` column (default ``values``; the adapter passes
    the denominated values before direction). ``active``: False for screened-out units, which get no entries.

    Columns: ``code, kind ("strength" | "weakness"), position (1-based), indicator, indicator_name, value,
    rank (R_top or R_bot), n, k, scope, scope_value``. Units are in input order, strengths before
    weaknesses.
    """
    cfg = config if isinstance(config, StrengthsConfig) else parse_strengths_config(config)
    log = sec.WarningLog(warn)
    idx = values.index
    act = np.ones(len(idx), dtype=bool) if active is None else active.reindex(idx).fillna(False).to_numpy(bool)
    x = values.to_numpy(dtype=np.float64, copy=True)
    x[~act, :] = np.nan
    shown = (display_values.reindex(index=idx, columns=values.columns) if display_values is not None
             else values).to_numpy(dtype=np.float64)
    ind = [str(c) for c in values.columns]
    names = dict(names or {})
    if cfg.scope == "national":
        codes = np.zeros(len(idx), dtype=np.int64)
        labels = np.full(len(idx), "", dtype=object)
    else:
        if scope_values is None:
            raise StrengthsError(f"strengths: scope {cfg.scope!r} needs the column {cfg.scope}")
        sv = pd.Series(scope_values.reindex(idx).to_numpy(), dtype=object)
        codes = group_codes(sv)
        labels = sv.where(sv.notna(), None).to_numpy()
    mus = None if cfg.min_unique_share is None else exact_fraction(cfg.min_unique_share)
    r_top, r_bot, n_arr = group_rank_matrix(x, codes)
    # distinct values and counts per (scope, indicator); a scope with < 2 distinct values (or a distinct share
    # at or below min_unique_share, compared exactly) drops the indicator there
    in_scope = codes >= 0
    grouped = pd.DataFrame(x[in_scope]).groupby(codes[in_scope])
    distinct, count = grouped.nunique().to_numpy(np.int64), grouped.count().to_numpy(np.int64)
    excluded_g = distinct < 2
    if mus is not None:
        excluded_g |= distinct * mus.denominator <= mus.numerator * count
    gpos = np.searchsorted(grouped.nunique().index.to_numpy(), codes)
    excluded = np.zeros(x.shape, dtype=bool)
    excluded[in_scope] = excluded_g[gpos[in_scope]]
    for arr in (r_top, r_bot, n_arr):
        arr[excluded] = np.nan
    k_arr = share_cutoffs(cfg.share, n_arr)
    per_ind = excluded_g.sum(axis=0)
    if per_ind.any():
        detail = ", ".join(f"{c} ({int(per_ind[j])})" for j, c in enumerate(ind) if per_ind[j])
        log(f"strengths: indicators excluded for too few distinct values, by number of {cfg.scope} scopes: {detail}")
    with np.errstate(invalid="ignore"):
        top = r_top <= k_arr
        bot = r_bot <= k_arr
    strong = top & ~bot
    weak = bot & ~top
    blocks = [_entries(strong, r_top, cfg.top_n, 0), _entries(weak, r_bot, cfg.bottom_n, 1)]
    u, j, pos, rk, kind = (np.concatenate(parts) for parts in zip(*blocks, strict=True))
    order = np.lexsort((pos, kind, u))  # units in input order, strengths first, then by position
    u, j, pos, rk, kind = u[order], j[order], pos[order], rk[order], kind[order]
    ind_arr = np.asarray(ind, dtype=object)
    scope_value = labels[u] if cfg.scope != "national" else np.full(u.size, "", dtype=object)
    out = pd.DataFrame({
        "code": np.asarray(idx.astype(str), dtype=object)[u],
        "kind": np.where(kind == 0, "strength", "weakness").astype(object),
        "position": pos.astype(np.int64),
        "indicator": ind_arr[j],
        "indicator_name": np.asarray([names.get(c, "") for c in ind], dtype=object)[j],
        "value": shown[u, j].astype(np.float64),
        "rank": rk.astype(np.int64),
        "n": n_arr[u, j].astype(np.int64),
        "k": k_arr[u, j].astype(np.int64),
        "scope": cfg.scope,
        "scope_value": scope_value,
    }, columns=list(ENTRY_COLUMNS))
    out.attrs["warnings"] = log.messages
    out.attrs["rule"] = cfg.as_dict()
    return out


def compute_strengths(result: EvaluationResult, cfg: StrengthsConfig | Mapping[str, Any] | None = None, *,
                      warn: sec.WarnFn | None = None) -> pd.DataFrame | None:
    """§6 on a pipeline result, every year (``strengths.csv``: one row per entry, units in input order).

    The data default to ``eligibility.indicator_data`` when that section is present, else ``"raw"`` (the
    Screened stage × direction; ``value`` reports the denominated value itself). If the scope column is not
    in the data the analysis is skipped with a warning and None is returned (§12.2).
    """
    config = cfg if isinstance(cfg, StrengthsConfig) else parse_strengths_config(
        result.method.get("strengths") if cfg is None else cfg)
    log = _adapt.sink(result, warn)
    if config.data is None:
        elig = result.method.get("eligibility") or {}
        data = elig.get("indicator_data", "raw") if isinstance(elig, Mapping) else "raw"
        config = replace(config, data=sec.choice(data, "eligibility.indicator_data", ("raw", "normalised")))
    if config.scope != "national" and config.scope not in result.data.frame.columns:
        log(f"strengths: scope column {config.scope!r} is not in the data; strengths and weaknesses are skipped")
        return None
    fw = result.framework
    names = {c: fw.nodes[c].name for c in fw.indicators}
    parts = []
    messages: list[str] = []
    for year in result.years:
        yres = result.by_year[year]
        values, shown = _adapt.oriented(result, yres, config.data or "raw")
        scope = None if config.scope == "national" else _adapt.column_values(result, yres, config.scope)
        df = strengths_weaknesses(values, config, scope_values=scope, display_values=shown, names=names,
                                  active=yres.status == "ok", warn=messages.append)
        parts.append((yres, df))
    for m in dict.fromkeys(messages):
        log(m)
    out = _adapt.stack(result, parts, per_unit=False)
    if out.empty and not len(out.columns):
        out = pd.DataFrame(columns=["code", *(["year"] if result.data.has_year else []), *ENTRY_COLUMNS[1:]])
    out.attrs["warnings"] = list(dict.fromkeys(messages))
    out.attrs["rule"] = config.as_dict()
    return out
