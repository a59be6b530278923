"""Eligibility "位居本省前列" (at the front of the province), methodology §5.

Two tests within the unit's province (``eligibility.group``, default ``"province"``), then combined:

(a) **composite**: ``R`` = within-province competition rank on the index; ``top_share`` (default,
    ``p = 0.25``) passes when ``R ≤ ⌈p · n_g⌉``, ``top_n`` when ``R ≤ N``, ``off`` always.
(b) **indicators**: per indicator, the unit's within-province competition rank on
    ``eligibility.indicator_data`` — ``"raw"`` (default: denominated, screened, un-imputed, untreated
    values × direction) or ``"normalised"`` — counts when ``R_i ≤ ⌈q · n_{g,i}⌉``
    (``q = indicator.share``, default 0.25). ``C_u`` counts such indicators; the test passes when
    ``C_u ≥ indicator.min_count`` (default ``⌈K/2⌉``).

``combine``: ``and`` (default) | ``or`` | ``composite_only`` | ``indicators_only``. Cut-offs use exact
rational arithmetic (:func:`innocounty.evaluation.cutoffs.share_cutoff`); with competition ranks every unit
tied at the cut-off qualifies. The defaults are provisional (§5), so :meth:`EligibilityConfig.as_dict`
records the rule used.

Method section::

    eligibility:
      group: province
      composite: {rule: top_share, p: 0.25}      # | {rule: top_n, N: 10} | {rule: off}
      indicator: {share: 0.25, min_count: 12}    # min_count default ⌈K/2⌉
      indicator_data: raw                        # | normalised
      combine: and
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from innocounty.evaluation import _adapt
from innocounty.evaluation import _sections as sec
from innocounty.evaluation.cutoffs import (
    group_codes,
    group_competition_rank,
    group_rank_matrix,
    share_cutoffs,
)

if TYPE_CHECKING:
    from innocounty.evaluation.results import EvaluationResult

COMBINE = ("and", "or", "composite_only", "indicators_only")
RULES = ("top_share", "top_n", "off")
INDICATOR_DATA = ("raw", "normalised")


class EligibilityError(sec.SectionError):
    """An invalid ``eligibility`` section."""


@dataclass(frozen=True)
class EligibilityConfig:
    group: str = "province"
    rule: str = "top_share"
    p: Fraction | float = 0.25
    top_n: int | None = None
    share: Fraction | float = 0.25
    min_count: int | None = None  # None → ⌈K/2⌉
    indicator_data: str = "raw"
    combine: str = "and"

    def resolved_min_count(self, n_indicators: int) -> int:
        return self.min_count if self.min_count is not None else math.ceil(Fraction(n_indicators, 2))

    def as_dict(self, n_indicators: int | None = None) -> dict[str, Any]:
        """The rule as applied, defaults written out (§5 "Every run records the rule it used", §10)."""
        composite: dict[str, Any] = {"rule": self.rule}
        if self.rule == "top_share":
            composite["p"] = str(self.p) if isinstance(self.p, Fraction) else self.p
        elif self.rule == "top_n":
            composite["N"] = self.top_n
        mc = self.resolved_min_count(n_indicators) if n_indicators is not None else self.min_count
        return {
            "group": self.group,
            "composite": composite,
            "indicator": {"share": str(self.share) if isinstance(self.share, Fraction) else self.share,
                          "min_count": mc},
            "indicator_data": self.indicator_data,
            "combine": self.combine,
        }


def parse_eligibility_config(raw: Mapping[str, Any] | None) -> EligibilityConfig:
    """Validate the ``eligibility`` section (§5, §12.1)."""
    d = sec.mapping(raw, "eligibility", ("group", "composite", "indicator", "indicator_data", "combine"))
    group = sec.code(d.get("group", "province"), "eligibility.group", allow_none=False)
    comp = sec.mapping(d.get("composite"), "eligibility.composite", ("rule", "p", "N", "n"))
    rule = sec.choice(comp.get("rule", "top_share"), "eligibility.composite.rule", RULES)
    if "N" in comp and "n" in comp:
        raise EligibilityError("method: eligibility.composite: give N or n, not both")
    n_raw = comp.get("N", comp.get("n"))
    p: Fraction | float = 0.25
    top_n = None
    if rule == "top_share":
        if n_raw is not None:
            raise EligibilityError("method: eligibility.composite.N is only used with rule top_n")
        p = sec.share(comp.get("p", 0.25), "eligibility.composite.p")
    elif rule == "top_n":
        if "p" in comp:
            raise EligibilityError("method: eligibility.composite.p is only used with rule top_share")
        if n_raw is None:
            raise EligibilityError("method: eligibility.composite.N is required with rule top_n")
        top_n = sec.integer(n_raw, "eligibility.composite.N", minimum=1)
    elif "p" in comp or n_raw is not None:
        raise EligibilityError("method: eligibility.composite: rule off takes no p or N")
    ind = sec.mapping(d.get("indicator"), "eligibility.indicator", ("share", "min_count"))
    share = sec.share(ind.get("share", 0.25), "eligibility.indicator.share")
    min_count = sec.integer(ind.get("min_count"), "eligibility.indicator.min_count", allow_none=True)
    data = sec.choice(d.get("indicator_data", "raw"), "eligibility.indicator_data", INDICATOR_DATA)
    combine = sec.choice(d.get("combine", "and"), "eligibility.combine", COMBINE)
    return EligibilityConfig(group=group, rule=rule, p=p, top_n=top_n, share=share, min_count=min_count,
                             indicator_data=data, combine=combine)


def composite_pass(
    group_rank: np.ndarray, n_in_group: np.ndarray, config: EligibilityConfig
) -> tuple[np.ndarray, np.ndarray]:
    """§5(a) on arrays of any shape (e.g. unit × replicate for §8.3 ``eligible_share``).

    Returns ``(passes, k)``: ``passes`` is boolean (a missing rank fails unless the rule is ``off``); ``k``
    is the cut-off (``⌈p · n_g⌉`` or ``N``; NaN for ``off``).
    """
    r = np.asarray(group_rank, dtype=np.float64)
    n = np.broadcast_to(np.asarray(n_in_group, dtype=np.float64), r.shape)
    if config.rule == "off":
        return np.ones(r.shape, dtype=bool), np.full(r.shape, np.nan)
    if config.rule == "top_n":
        k = np.where(np.isnan(n), np.nan, float(config.top_n))
    else:
        k = share_cutoffs(config.p, n)
    with np.errstate(invalid="ignore"):
        passes = ~np.isnan(r) & (r <= k)
    return passes, k


def indicator_counts(
    values: pd.DataFrame,
    groups: Sequence[Any] | pd.Series | None = None,
    share: Fraction | float = 0.25,
    *,
    codes: np.ndarray | None = None,
) -> tuple[np.ndarray, list[list[str]], np.ndarray]:
    """§5(b): per unit, ``C_u``, the list of top-quartile indicator codes (column order) and the number of
    indicators with data.

    ``values`` holds one column per indicator, already oriented so that higher is better (raw × direction,
    or normalised), missing as NaN; rows are units. A unit with a missing group value is never in a top
    quartile.
    """
    arr = values.to_numpy(dtype=np.float64)
    if codes is None:
        codes = group_codes(groups if groups is not None else [])
    rank, _, n = group_rank_matrix(arr, codes)
    with np.errstate(invalid="ignore"):
        top = ~np.isnan(rank) & (rank <= share_cutoffs(share, n))
    cols = [str(c) for c in values.columns]
    lists = [[cols[j] for j in np.flatnonzero(row)] for row in top]
    return top.sum(axis=1), lists, (~np.isnan(arr)).sum(axis=1)


def eligibility(
    index_scores: pd.Series,
    indicator_values: pd.DataFrame,
    groups: pd.Series,
    config: EligibilityConfig | Mapping[str, Any] | None = None,
    *,
    active: pd.Series | None = None,
    warn: sec.WarnFn | None = None,
) -> pd.DataFrame:
    """Both §5 tests and their combination, one row per unit (in the order of ``index_scores``).

    ``indicator_values`` (same index) holds the data of §5(b), already × direction for ``"raw"``;
    ``groups`` the unit's value of ``config.group``; ``active`` is False for screened-out units (§2.2),
    whose flags are missing. Columns: ``code, <group>, n_g, rank, k, composite, C, top_indicators``
    (``;``-separated), ``indicator_min_count``, ``indicators``, ``eligible``,
    ``n_with_data``. Flags use the nullable ``boolean`` dtype.
    """
    cfg = config if isinstance(config, EligibilityConfig) else parse_eligibility_config(config)
    log = sec.WarningLog(warn)
    idx = index_scores.index
    values = indicator_values.reindex(idx)
    g = pd.Series(groups.reindex(idx).to_numpy(), dtype=object)
    act = np.ones(len(idx), dtype=bool) if active is None else active.reindex(idx).fillna(False).to_numpy(bool)
    s = pd.to_numeric(index_scores, errors="raise").to_numpy(dtype=np.float64)
    s = np.where(act, s, np.nan)
    vals = values.where(pd.DataFrame(np.repeat(act[:, None], values.shape[1], axis=1), index=idx,
                                     columns=values.columns))
    codes = group_codes(g)
    if ((codes < 0) & act).any():
        log(f"eligibility: {int(((codes < 0) & act).sum())} unit(s) have no {cfg.group} value and cannot "
            "be at the front of their province")
    rank, n_g = group_competition_rank(s, codes=codes)
    passes, k = composite_pass(rank, n_g, cfg)
    n_ind = values.shape[1]
    min_count = cfg.resolved_min_count(n_ind)
    count, lists, with_data = indicator_counts(vals, share=cfg.share, codes=codes)
    ind_pass = count >= min_count
    if cfg.combine == "and":
        eligible = passes & ind_pass
    elif cfg.combine == "or":
        eligible = passes | ind_pass
    elif cfg.combine == "composite_only":
        eligible = passes
    else:
        eligible = ind_pass

    def flag(a: np.ndarray) -> pd.arrays.BooleanArray:
        return pd.array(np.where(act, a, None).tolist(), dtype="boolean")

    out = pd.DataFrame({
        "code": idx.astype(str),
        cfg.group: g.where(g.notna(), None).to_numpy(),
        "n_g": pd.array(np.where(np.isnan(n_g), None, n_g).tolist(), dtype="Int64"),
        "rank": pd.array(np.where(np.isnan(rank), None, rank).tolist(), dtype="Int64"),
        "k": pd.array(np.where(np.isnan(k) | ~act, None, k).tolist(), dtype="Int64"),
        "composite": flag(passes),
        "C": pd.array(np.where(act, count, None).tolist(), dtype="Int64"),
        "top_indicators": [";".join(x) if a else None for x, a in zip(lists, act, strict=True)],
        "indicator_min_count": min_count,
        "indicators": flag(ind_pass),
        "eligible": flag(eligible),
        "n_with_data": pd.array(np.where(act, with_data, None).tolist(), dtype="Int64"),
    })
    out.attrs["warnings"] = log.messages
    out.attrs["rule"] = cfg.as_dict(n_ind)
    return out


def compute_eligibility(result: EvaluationResult, cfg: EligibilityConfig | Mapping[str, Any] | None = None, *,
                        warn: sec.WarnFn | None = None) -> pd.DataFrame | None:
    """§5 on a pipeline result, every year, units in input order (``eligibility.csv``).

    The composite test uses the root's score; ``"raw"`` indicator data are the Screened stage × direction.
    ``cfg`` defaults to the method's ``eligibility`` section; warnings go to ``warn`` or ``result.warnings``.
    If the group column is not in the data the analysis is skipped with a warning and None is returned
    (§12.2). ``df.attrs["rule"]`` is the rule applied (for the manifest, §10).
    """
    config = cfg if isinstance(cfg, EligibilityConfig) else parse_eligibility_config(
        result.method.get("eligibility") if cfg is None else cfg)
    log = _adapt.sink(result, warn)
    if config.group not in result.data.frame.columns:
        log(f"eligibility: group column {config.group!r} is not in the data; eligibility is skipped")
        return None
    fw = result.framework
    parts = []
    messages: list[str] = []
    for year in result.years:
        yres = result.by_year[year]
        values, _ = _adapt.oriented(result, yres, config.indicator_data)
        groups = _adapt.column_values(result, yres, config.group)
        df = eligibility(yres.stages["Aggregated"][fw.root], values, groups, config,
                         active=yres.status == "ok", warn=messages.append)
        parts.append((yres, df))
    for m in dict.fromkeys(messages):
        log(m)
    out = _adapt.stack(result, parts, per_unit=True)
    out.attrs["warnings"] = list(dict.fromkeys(messages))
    return out
