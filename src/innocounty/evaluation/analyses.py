"""One entry point for the optional analyses of the method file (§4–§7, §12.1–§12.2).

* :func:`check_sections` validates the ``groups``, ``eligibility``, ``strengths`` and ``chain`` sections
  of a (resolved) method dict before any computation, so that a bad key fails fast with a
  :class:`~innocounty.evaluation.errors.MethodError` naming it. It returns the resolved rules for the
  manifest (§10).
* :func:`run_analyses` runs each analysis whose section is present and returns ``{file name: DataFrame}``
  (``groups.csv``, ``eligibility.csv``, ``strengths.csv``, and for panel data with a ``chain`` section
  ``chain.csv`` and ``changes.csv``), every frame with ``code`` first and units in input order. An analysis
  whose data column is absent is skipped with a warning (into ``result.warnings`` unless ``warn`` is given)
  and has no entry. The core pipeline never depends on these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from innocounty.evaluation._adapt import check_node
from innocounty.evaluation.eligibility import compute_eligibility, parse_eligibility_config
from innocounty.evaluation.groups import compute_groups, parse_groups_config
from innocounty.evaluation.strengths import compute_strengths, parse_strengths_config
from innocounty.evaluation.timeseries import compute_chain, compute_changes, parse_chain_config

if TYPE_CHECKING:
    from innocounty.evaluation.framework import Framework
    from innocounty.evaluation.results import EvaluationResult

PARSERS: dict[str, Callable[[Any], Any]] = {
    "groups": parse_groups_config,
    "eligibility": parse_eligibility_config,
    "strengths": parse_strengths_config,
    "chain": parse_chain_config,
}


def check_sections(method: Mapping[str, Any], framework: Framework | None = None) -> dict[str, dict[str, Any]]:
    """Validate every optional-analysis section present in ``method``; return ``{section: rule}``.

    With the ``framework``, defaults that depend on it are written out too (the root for ``groups.node`` and
    a ``score_ratio`` ``chain.node``, ``⌈K/2⌉`` for ``eligibility.indicator.min_count``) and an unknown
    node is an error. ``strengths.data`` is resolved against ``eligibility.indicator_data``.
    """
    rules: dict[str, dict[str, Any]] = {}
    parsed = {name: parse(method.get(name)) for name, parse in PARSERS.items() if name in method}
    for name, cfg in parsed.items():
        rule = cfg.as_dict(len(framework.indicators)) if name == "eligibility" and framework else cfg.as_dict()
        if framework is not None and name in ("groups", "chain") and (name == "groups" or cfg.mode == "score_ratio"):
            rule["node"] = check_node(framework, cfg.node, name)
        rules[name] = rule
    if "strengths" in parsed and parsed["strengths"].data is None:
        elig = parsed.get("eligibility")
        rules["strengths"]["data"] = elig.indicator_data if elig is not None else "raw"
    return rules


def run_analyses(result: EvaluationResult, *, warn: Callable[[str], None] | None = None) -> dict[str, pd.DataFrame]:
    """Run the optional analyses asked for by ``result.method``; see the module docstring."""
    method = result.method
    out: dict[str, pd.DataFrame | None] = {}
    if "groups" in method:
        out["groups.csv"] = compute_groups(result, warn=warn)
    if "eligibility" in method:
        out["eligibility.csv"] = compute_eligibility(result, warn=warn)
    if "strengths" in method:
        out["strengths.csv"] = compute_strengths(result, warn=warn)
    if "chain" in method:
        out["chain.csv"] = compute_chain(result, warn=warn)
        if out["chain.csv"] is not None:
            out["changes.csv"] = compute_changes(result, warn=warn)
    return {name: df for name, df in out.items() if df is not None}
