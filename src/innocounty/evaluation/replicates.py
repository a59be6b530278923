"""Evaluating many parameter sets at once (methodology §8.1–8.2, §9): uncertain inputs, the weight pool, the
mapping of design samples u ∈ [0, 1) to parameters, and the vectorised evaluation of replicates.

A replicate is (method override, weight row). Replicates are grouped by their method override; each distinct
configuration reuses the Engine's cached upstream stages (a normalisation alternative is computed once) and
aggregates all its replicates in one pass with an (R × nodes) weight matrix, through the same code as a single
run, so every replicate equals the full pipeline run with its parameters (the fixed-parameter mode of §8.2).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import EvaluationError, MethodError
from .framework import Framework
from .method import expand_dotted, merge_method
from .rank import ranks_with_groups
from .weights import resolve_weights, weight_matrix

KEY_ALIASES = ("key", "param", "parameter")            # the config key an input sets
VALUES_ALIASES = ("values", "alternatives", "options")   # a discrete input's alternatives
DEFAULT_NORMALISE_ALTERNATIVES = [{"method": "minmax", "range": [0, 100]}, {"method": "zscore", "mean": 0, "sd": 1}]


@dataclass
class UncertainInput:
    """One entry of ``uncertainty.inputs``: kind weights | discrete | continuous."""

    name: str
    kind: str
    key: str | None = None
    values: list[Any] = field(default_factory=list)
    lo: float = 0.0
    hi: float = 0.0
    noise: dict[int, float] = field(default_factory=dict)
    pool_size: int | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.kind == "weights":
            return {"name": self.name, "kind": "weights", "noise": self.noise, "pool_size": self.pool_size}
        if self.kind == "discrete":
            return {"name": self.name, "kind": "discrete", "key": self.key, "values": self.values}
        return {"name": self.name, "kind": "continuous", "key": self.key, "range": [self.lo, self.hi]}


def _ierr(where: str, msg: str) -> MethodError:
    return MethodError(f"method: {where}: {msg}", stage="method")


def default_inputs(fw: Framework) -> list[dict[str, Any]]:
    """§8.1/§12.7 defaults: weights ±25% at every level below the root, then normalise ∈ {minmax, zscore}."""
    return [{"name": "weights", "kind": "weights", "noise": dict.fromkeys(range(1, fw.levels), 0.25)},
            {"name": "normalise", "kind": "discrete", "key": "normalise",
             "values": json.loads(json.dumps(DEFAULT_NORMALISE_ALTERNATIVES))}]


def parse_inputs(raw: Any, fw: Framework, where: str, n: int) -> list[UncertainInput]:
    """Validate an ``inputs`` list (None → the defaults). ``n`` is the default weight pool size."""
    if raw is None:
        raw = default_inputs(fw)
    if not isinstance(raw, list) or not raw:
        raise _ierr(f"{where}.inputs", "must be a non-empty list")
    out = []
    for i, item in enumerate(raw):
        w = f"{where}.inputs[{i}]"
        if not isinstance(item, dict):
            raise _ierr(w, "must be a mapping")
        kind = item.get("kind")
        if kind == "weights":
            allowed = {"name", "kind", "noise", "pool_size"}
        elif kind == "discrete":
            allowed = {"name", "kind", *KEY_ALIASES, *VALUES_ALIASES}
        elif kind == "continuous":
            allowed = {"name", "kind", *KEY_ALIASES, "range"}
        else:
            raise _ierr(f"{w}.kind", f"unknown value {kind!r} (weights | discrete | continuous)")
        for k in item:
            if k not in allowed:
                raise _ierr(f"{w}.{k}", f"unknown key (allowed: {', '.join(sorted(allowed))})")
        if kind == "weights":
            noise = item.get("noise", 0.25)
            if isinstance(noise, int | float) and not isinstance(noise, bool):
                noise = dict.fromkeys(range(1, fw.levels), noise)
            if not isinstance(noise, dict):
                raise _ierr(f"{w}.noise", "must be {level: f} or a number")
            parsed = {}
            for lev, f in noise.items():
                try:
                    lv = int(lev)
                except (TypeError, ValueError):
                    raise _ierr(f"{w}.noise", f"level {lev!r} is not an integer") from None
                if not 1 <= lv < fw.levels:
                    raise _ierr(f"{w}.noise", f"level {lv} is not below the root (1..{fw.levels - 1})")
                if isinstance(f, bool) or not isinstance(f, int | float) or not 0 <= f <= 1:
                    raise _ierr(f"{w}.noise.{lv}", f"must be a number in [0, 1], got {f!r}")
                parsed[lv] = float(f)
            ps = item.get("pool_size", n)
            if isinstance(ps, bool) or not isinstance(ps, int) or ps < 1:
                raise _ierr(f"{w}.pool_size", f"must be an integer >= 1, got {ps!r}")
            out.append(UncertainInput(str(item.get("name", "weights")), "weights",
                                      noise=dict(sorted(parsed.items())), pool_size=ps))
            continue
        given = [k for k in KEY_ALIASES if k in item]
        if len(given) > 1:
            raise _ierr(w, f"give the config key once (got {', '.join(given)})")
        key = item.get(given[0]) if given else None
        if not isinstance(key, str) or not key:
            raise _ierr(f"{w}.key", "a config key is required, e.g. normalise, aggregate.method, treat.winmax")
        if key.split(".")[0] in ("uncertainty", "sensitivity", "group_by", "weights"):
            raise _ierr(f"{w}.key", f"{key} cannot be an uncertain input")
        name = str(item.get("name", key))
        if kind == "discrete":
            vals = next((item[k] for k in VALUES_ALIASES if k in item), None)
            if not isinstance(vals, list) or not vals:
                raise _ierr(f"{w}.values", "a non-empty list of alternatives is required")
            out.append(UncertainInput(name, "discrete", key=key, values=list(vals)))
        else:
            rng = item.get("range")
            if not (isinstance(rng, list) and len(rng) == 2 and all(
                    isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in rng)):
                raise _ierr(f"{w}.range", "must be [lo, hi]")
            out.append(UncertainInput(name, "continuous", key=key, lo=float(rng[0]), hi=float(rng[1])))
    return out


def check_alternatives(m: dict[str, Any], inputs: list[UncertainInput], where: str) -> None:
    """Every discrete alternative (and both ends of a continuous range) must give a valid method: an invalid
    one is a configuration error before any sampling, not a failed replicate."""
    for inp in inputs:
        if inp.kind == "weights":
            continue
        values = inp.values if inp.kind == "discrete" else [inp.lo, inp.hi]
        for v in values:
            try:
                merge_method(m, {inp.key: v})
            except MethodError as e:
                raise MethodError(f"method: {where}.inputs ({inp.name}): alternative {v!r}: {e.message}") from None


def draw_weight_pool(fw: Framework, nominal: dict[str, float], inp: UncertainInput,
                     rng: np.random.Generator) -> np.ndarray:
    """The weight pool of §8.1/§10: set by set, level by level ascending, one ``rng.random(n_level)`` per level
    over that level's nodes in framework order; w' = w + (2U − 1)·f·w. Returns (pool_size, nodes)."""
    base = weight_matrix(fw, [nominal])[0]
    pos = {n.code: i for i, n in enumerate(fw.node_list)}
    levels = [(lev, f, np.array([pos[c] for c in fw.level_nodes(lev)])) for lev, f in sorted(inp.noise.items())]
    pool = np.empty((inp.pool_size, base.size))
    for m in range(inp.pool_size):
        row = base.copy()
        for _lev, f, idx in levels:
            u = rng.random(idx.size)
            w = base[idx]
            row[idx] = w + (2 * u - 1) * f * w
        pool[m] = row
    return pool


@dataclass
class ReplicateSpec:
    """One parameter set: a method override (dotted keys) and an optional full weight row."""

    override: dict[str, Any]
    weights: np.ndarray | None = None


def map_design(inputs: list[UncertainInput], U: np.ndarray, pools: dict[int, np.ndarray]) -> list[ReplicateSpec]:
    """Map each design row u ∈ [0, 1)^d to its parameters (§8.1 table)."""
    specs = []
    for r in range(U.shape[0]):
        override: dict[str, Any] = {}
        weights = None
        for j, inp in enumerate(inputs):
            u = float(U[r, j])
            if inp.kind == "weights":
                pool = pools[j]
                weights = pool[min(int(math.floor(u * pool.shape[0])), pool.shape[0] - 1)]
            elif inp.kind == "discrete":
                override[inp.key] = inp.values[min(int(math.floor(u * len(inp.values))), len(inp.values) - 1)]
            else:
                override[inp.key] = inp.lo + u * (inp.hi - inp.lo)
        specs.append(ReplicateSpec(override, weights))
    return specs


def spec_record(fw: Framework, spec: ReplicateSpec, rid: str) -> dict[str, Any]:
    """A replicate's parameters in the scenario format of §8.4 (feeding it back reproduces the replicate)."""
    rec: dict[str, Any] = {"id": rid}
    if spec.weights is not None:
        rec["weights"] = {n.code: float(spec.weights[i]) for i, n in enumerate(fw.node_list)}
    if spec.override:
        rec["method"] = expand_dotted(spec.override)
    return rec


@dataclass
class ReplicateRun:
    """Results of a batch: node scores and ranks (R × n), group ranks per column, failures by replicate."""

    scores: np.ndarray
    ranks: np.ndarray
    group_ranks: dict[str, np.ndarray]
    failures: dict[int, str]


def evaluate_replicates(engine, m: dict[str, Any], nominal_weights: dict[str, float], specs: list[ReplicateSpec],
                        year: int | None, node: str, group_by: list[str]) -> ReplicateRun:
    """Evaluate every parameter set on one year; scores of ``node``, national and group ranks."""
    fw = engine.fw
    n = len(engine.codes[year])
    R = len(specs)
    scores = np.full((R, n), np.nan)
    failures: dict[int, str] = {}
    groups: dict[str, list[int]] = {}
    for r, spec in enumerate(specs):
        groups.setdefault(json.dumps(spec.override, sort_keys=True, default=str), []).append(r)
    for members in groups.values():
        try:
            m_r = merge_method(m, specs[members[0]].override)
            default_row = None
            rows = []
            for r in members:
                if specs[r].weights is not None:
                    rows.append(specs[r].weights)
                else:
                    if default_row is None:
                        default_row = weight_matrix(fw, [resolve_weights(fw, m_r["weights"])])[0]
                    rows.append(default_row)
            W = np.vstack(rows)
            out = engine.replicate_scores(m_r, W, year, keep=[node])
        except EvaluationError as e:
            for r in members:
                failures[r] = str(e)
            continue
        idx = np.asarray(members)
        scores[idx] = out.scores[node]
        for local, msg in out.failures.items():
            failures[members[local]] = msg
    if failures:
        scores[np.fromiter(failures, dtype=np.int64)] = np.nan
    ranks, granks = ranks_with_groups(scores, {g: engine.group_rows(g, year) for g in group_by})
    return ReplicateRun(scores, ranks, granks, failures)


def spawn_rngs(seed: int | None) -> tuple[int, np.random.Generator, np.random.Generator, np.random.Generator]:
    """§10: SeedSequence(seed).spawn(3) → rng_design, rng_weights, rng_boot. A missing seed is drawn from OS
    entropy and returned so that it can be recorded."""
    ss = np.random.SeedSequence(seed)
    design, weights, boot = (np.random.default_rng(c) for c in ss.spawn(3))
    return int(ss.entropy), design, weights, boot


def sorted_columns(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column of ``values`` (R × n) sorted ascending, as rows of an (n × R) array (NaN last), and the
    count of non-missing values per column."""
    srt = np.sort(np.ascontiguousarray(values.T), axis=1)
    return srt, (~np.isnan(srt)).sum(axis=1)


def quantile_from_sorted(srt: np.ndarray, k: np.ndarray, p: float) -> np.ndarray:
    """Q(p) per row of ``srt`` (sorted, NaN last; ``k`` valid values) by the §0 formula (type 7)."""
    out = np.full(srt.shape[0], np.nan)
    ok = k > 0
    rows = np.flatnonzero(ok)
    kk = k[ok]
    h = (kk - 1) * p
    j = np.floor(h).astype(np.int64)
    vj = srt[rows, j]
    vj1 = srt[rows, np.minimum(j + 1, kk - 1)]
    out[ok] = np.where(j == kk - 1, vj, vj + (h - j) * (vj1 - vj))
    return out


def linear_quantile_rows(values: np.ndarray, p: float) -> np.ndarray:
    """Per column of ``values`` (R × n, NaN ignored): Q(p) by the §0 formula (type 7)."""
    srt, k = sorted_columns(values)
    return quantile_from_sorted(srt, k, p)
