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

from innocounty.evaluation.eligibility import compute_eligibility, parse_eligibility_config
from innocounty.evaluation.groups import compute_groups, parse_groups_config
from innocounty.evaluation.strengths import compute_strengths, parse_strengths_config
from innocounty.evaluation.timeseries import compute_chain, compute_changes, parse_chain_config

if TYPE_CHECKING:
    from innocounty.evaluation.results import EvaluationResult

PARSERS: dict[str, Callable[[Any], Any]] = {
    "groups": parse_groups_config,
    "eligibility": parse_eligibility_config,
    "strengths": parse_strengths_config,
    "chain": parse_chain_config,
}


def check_sections(method: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Validate every optional-analysis section present in ``method``; return ``{section: rule}``."""
    return {name: parse(method.get(name)).as_dict() for name, parse in PARSERS.items() if name in method}


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
