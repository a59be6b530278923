"""Glue between a pipeline result (:mod:`innocounty.evaluation.pipeline`) and the optional analyses (§4–§7).

The analyses themselves are pure functions over DataFrames; these helpers read what they need from an
:class:`~innocounty.evaluation.results.EvaluationResult` and put per-year outputs back together in input order
with ``code`` (and ``year`` for panel data) first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from innocounty.evaluation.framework import Framework
    from innocounty.evaluation.results import EvaluationResult, YearResult

RELATIVE_METHODS = ("minmax", "zscore", "rank", "prank")


def sink(result: EvaluationResult, warn: Callable[[str], None] | None) -> Callable[[str], None]:
    """Where warnings go: ``warn`` if given, else the run log ``result.warnings`` (§0, §10)."""
    return warn if warn is not None else result.warnings.append


def indicators_below(fw: Framework, node: str) -> list[str]:
    """The indicators under ``node`` (itself if it is an indicator), in framework row order."""
    found: set[str] = set()
    stack = [node]
    while stack:
        c = stack.pop()
        if fw.nodes[c].level == 1:
            found.add(c)
        stack.extend(fw.children.get(c, []))
    return [i for i in fw.indicators if i in found]


def check_node(fw: Framework, node: str | None, section: str) -> str:
    from innocounty.evaluation._sections import SectionError

    if node is None:
        return fw.root
    if node not in fw.nodes:
        raise SectionError(f"method: {section}.node: unknown node {node!r}")
    return node


def norm_methods(result: EvaluationResult) -> dict[str, str]:
    """Indicator code → its normalisation method (global method or the framework's per-indicator override)."""
    from innocounty.evaluation.normalise import indicator_norms

    return {c: n.method for c, n in indicator_norms(result.framework, result.method["normalise"]).items()}


def column_values(result: EvaluationResult, yres: YearResult, column: str) -> pd.Series | None:
    """A data column's values for one year's units (index: unit code), or None if the data lack it."""
    frame = result.data.frame
    if column not in frame.columns:
        return None
    vals = frame[column].to_numpy(dtype=object)[yres.rows]
    out = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in vals]
    return pd.Series(out, index=pd.Index(yres.codes, dtype=object), dtype=object)


def oriented(result: EvaluationResult, yres: YearResult, data: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The §5(b)/§6 data of one year: (values × direction, values as reported).

    ``"raw"``: the Screened stage (denominated, screened-out units missing, un-imputed, untreated) times
    the direction. ``"normalised"``: the Normalised stage (already oriented).
    """
    fw = result.framework
    if data == "normalised":
        nrm = yres.stages["Normalised"][fw.indicators]
        return nrm, nrm
    raw = yres.stages["Screened"][fw.indicators]
    d = np.array([fw.nodes[c].direction for c in fw.indicators], dtype=np.float64)
    return raw * d, raw


def stack(result: EvaluationResult, parts: list[tuple[YearResult, pd.DataFrame]], *, per_unit: bool) -> pd.DataFrame:
    """Concatenate per-year outputs (each with a leading ``code`` column) in input order; add ``year``.

    ``per_unit``: each part has one row per unit in ``yres.codes`` order; otherwise rows are entries keyed by
    ``code`` and kept in their order within a unit.
    """
    frames = []
    has_year = result.data.has_year
    for yres, df in parts:
        df = df.reset_index(drop=True)
        if per_unit:
            pos = np.asarray(yres.rows)
        else:
            at = pd.Index(np.asarray(yres.codes, dtype=object)).get_indexer(df["code"].to_numpy(dtype=object))
            pos = np.asarray(yres.rows, dtype=np.int64)[at]
        df.insert(0, "_row", pos)
        if has_year:
            df.insert(2, "year", yres.year)
        frames.append(df)
    if not frames:
        return pd.DataFrame()
    attrs: dict[str, Any] = {"warnings": [w for _, d in parts for w in d.attrs.get("warnings", [])],
                             "rule": parts[0][1].attrs.get("rule")}
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    out = out.sort_values("_row", kind="mergesort").drop(columns="_row").reset_index(drop=True)
    out.attrs = attrs
    return out
