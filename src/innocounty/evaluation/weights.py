"""Weights (权重, methodology §2.6) and effective weights (§3).

``resolve_weights`` gives one weight per node: the framework's weight column, or a named set from
``weights.sets`` (nodes not in the set keep their framework weight), then optional overrides (scenario weights,
§8.4). Weights must be finite and ≥ 0, and each parent's children must sum to > 0.
"""

from __future__ import annotations

import math

import numpy as np

from .errors import StageError
from .framework import Framework


def resolve_weights(fw: Framework, cfg: dict | None = None, overrides: dict[str, float] | None = None,
                    where: str = "weights") -> dict[str, float]:
    """{code: weight} for every node, in framework order. Unknown codes are an error; a root weight is ignored."""
    w = fw.weights()
    layers = []
    if cfg and cfg.get("source", "framework") != "framework":
        layers.append((f"weights.sets.{cfg['source']}", cfg["sets"][cfg["source"]]))
    if overrides:
        layers.append((where, overrides))
    for label, layer in layers:
        for code, val in layer.items():
            code = str(code)
            if code not in w:
                raise StageError(f"{label}: unknown node code {code}", stage="weights")
            try:
                v = float(val)
            except (TypeError, ValueError):
                raise StageError(f"{label}: weight of {code} is not a number: {val!r}", stage="weights") from None
            if not math.isfinite(v) or v < 0:
                raise StageError(f"{label}: weight of {code} must be finite and >= 0, got {val!r}", stage="weights")
            if code != fw.root:
                w[code] = v
    for p in fw.aggregates:
        total = sum(w[c] for c in fw.children[p])
        if not total > 0:
            raise StageError(f"weights: the weights of the children of {p} sum to {total}; must be > 0",
                             stage="weights")
    return w


def weight_matrix(fw: Framework, sets: list[dict[str, float]]) -> np.ndarray:
    """Stack weight dicts into an array (R, number of nodes) in framework row order."""
    codes = [n.code for n in fw.node_list]
    return np.array([[s[c] for c in codes] for s in sets], dtype=np.float64).reshape(len(sets), len(codes))


def effective_weights_columns(fw: Framework, weights: dict[str, float]) -> list[tuple[str, list]]:
    """The effective_weights.csv columns (§3): code, name, level, parent, weight, normalised weight, effective."""
    norm = fw.normalised_weights(weights)
    eff = fw.effective_weights(weights)
    nodes = fw.node_list
    return [("code", [n.code for n in nodes]), ("name", [n.name for n in nodes]),
            ("level", np.array([n.level for n in nodes], dtype=np.int64)), ("parent", [n.parent for n in nodes]),
            ("weight", np.array([weights[n.code] for n in nodes])),
            ("normalised_weight", np.array([norm[n.code] for n in nodes])),
            ("effective_weight", np.array([eff[n.code] for n in nodes]))]


def effective_weights_table(fw: Framework, weights: dict[str, float]):
    """effective_weights_columns as a pandas DataFrame."""
    import pandas as pd

    return pd.DataFrame(dict(effective_weights_columns(fw, weights)))
