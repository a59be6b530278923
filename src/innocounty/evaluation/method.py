"""The method configuration (methodology §2.0, §12.1): defaults, validation, overrides and the reset rule (§2.5).

A method is a plain dict (the YAML file's structure). :func:`resolve_method` validates a user dict and returns the
fully resolved configuration with every default written out. Unknown keys or values raise a
:class:`~innocounty.evaluation.errors.MethodError` naming the key. The optional sections ``groups``,
``eligibility``, ``strengths`` and ``chain`` are accepted as known keys and passed through as raw dicts: their own
modules validate them. ``uncertainty`` and ``sensitivity`` are validated by :mod:`.uncertainty`.

:func:`merge_method` applies an override with the rules of §8.2/§12.6: a deep merge, except that a ``normalise``
section replaces the nominal one whole (its omitted parameters take the new method's defaults).
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from pathlib import Path
from typing import Any

from .errors import MethodError

NORMALISE_PARAMS: dict[str, dict[str, Any]] = {
    "minmax": {"range": [0, 100]},
    "zscore": {"mean": 0, "sd": 1},
    "rank": {},
    "prank": {"scale": 1},
    "target_ratio": {"cap": 100, "floor": None},
    "goalposts": {"lower": None, "upper": None, "scale": 100, "truncate": True},
    "none": {},
}
NORMALISE_COMMON: dict[str, Any] = {"degenerate": "error", "pooling": "per_year", "pool_years": None}
ABSOLUTE_METHODS = ("target_ratio", "goalposts", "none")
PASSTHROUGH_SECTIONS = ("groups", "eligibility", "strengths", "chain")
ANALYSIS_SECTIONS = ("uncertainty", "sensitivity")
AGG_METHODS = ("arithmetic", "geometric", "harmonic")

DEFAULTS: dict[str, Any] = {
    "denominate": True,
    "screen": {"min_coverage": 0, "nonzero_thresh": None, "force": {}},
    "impute": {"method": "mean", "by": "province", "max_back": None, "then": "none"},
    "treat": {"method": "jrc", "winmax": 5, "skew": 2.0, "kurt": 3.5, "fallback": "log_ct", "treat_absolute": False},
    "normalise": {"method": "minmax", "range": [0, 100], **NORMALISE_COMMON},
    "weights": {"source": "framework", "sets": {}},
    "aggregate": {"method": "arithmetic", "min_coverage": None},
    "group_by": ["province"],
}
TOP_KEYS = (*DEFAULTS, *PASSTHROUGH_SECTIONS, *ANALYSIS_SECTIONS)


def load_method(path: str | Path | None) -> dict[str, Any]:
    """Read a method YAML file (None → {}); the result still has to go through :func:`resolve_method`."""
    if path is None:
        return {}
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except (OSError, UnicodeDecodeError) as e:
        raise MethodError(f"cannot read: {e}", file=str(path)) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise MethodError(f"invalid YAML: {getattr(e, 'problem', e)}", file=str(path),
                          row=(mark.line + 1) if mark else None) from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise MethodError("the method file must be a YAML mapping", file=str(path))
    return doc


def _err(key: str, msg: str) -> MethodError:
    return MethodError(f"method: {key}: {msg}", stage="method")


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _check_keys(section: dict[str, Any], allowed: set[str] | tuple[str, ...], where: str) -> None:
    for k in section:
        if k not in allowed:
            raise _err(f"{where}.{k}" if where else str(k),
                       f"unknown key (allowed: {', '.join(sorted(map(str, allowed)))})")


def _section(user: dict[str, Any], name: str) -> dict[str, Any]:
    sec = user.get(name, {})
    if sec is None:
        sec = {}
    if not isinstance(sec, dict):
        raise _err(name, f"must be a mapping, got {sec!r}")
    return sec


def _num_in(key: str, v: Any, lo: float | None = None, hi: float | None = None, *, none_ok: bool = False,
            strict_lo: bool = False) -> None:
    if v is None and none_ok:
        return
    if not _is_num(v):
        raise _err(key, f"must be a number, got {v!r}")
    if lo is not None and (v <= lo if strict_lo else v < lo):
        raise _err(key, f"must be {'>' if strict_lo else '>='} {lo}, got {v!r}")
    if hi is not None and v > hi:
        raise _err(key, f"must be <= {hi}, got {v!r}")


def resolve_normalise(sec: dict[str, Any]) -> dict[str, Any]:
    """Validate a normalise section and fill the defaults of its method (reset rule, §2.5)."""
    method = sec.get("method", "minmax")
    if method not in NORMALISE_PARAMS:
        raise _err("normalise.method", f"unknown value {method!r} (expected one of {', '.join(NORMALISE_PARAMS)})")
    allowed = {"method", *NORMALISE_PARAMS[method], *NORMALISE_COMMON}
    for k in sec:
        if k not in allowed:
            raise _err(f"normalise.{k}", f"unknown key for method {method} (allowed: {', '.join(sorted(allowed))})")
    out = {"method": method, **copy.deepcopy(NORMALISE_PARAMS[method]), **copy.deepcopy(NORMALISE_COMMON)}
    out.update(copy.deepcopy(sec))
    check_norm_params(method, out, "normalise")
    if out["degenerate"] not in ("error", "midpoint", "exclude"):
        raise _err("normalise.degenerate", f"unknown value {out['degenerate']!r} (error | midpoint | exclude)")
    if out["pooling"] not in ("per_year", "pooled"):
        raise _err("normalise.pooling", f"unknown value {out['pooling']!r} (per_year | pooled)")
    py = out["pool_years"]
    if py is not None and (not isinstance(py, list) or not all(isinstance(y, int) for y in py)):
        raise _err("normalise.pool_years", f"must be a list of years, got {py!r}")
    return out


def check_norm_params(method: str, p: dict[str, Any], where: str) -> None:
    """Validate the parameters of one normalisation method (global section or a framework norm_params)."""
    if method == "minmax" and "range" in p:
        r = p["range"]
        if not (isinstance(r, list | tuple) and len(r) == 2 and all(_is_num(v) for v in r) and r[0] < r[1]):
            raise _err(f"{where}.range", f"must be [l, u] with l < u, got {r!r}")
    if method == "zscore":
        _num_in(f"{where}.mean", p.get("mean", 0))
        _num_in(f"{where}.sd", p.get("sd", 1), 0, strict_lo=True)
    if method == "prank":
        _num_in(f"{where}.scale", p.get("scale", 1), 0, strict_lo=True)
    if method == "target_ratio":
        _num_in(f"{where}.cap", p.get("cap"), none_ok=True)
        _num_in(f"{where}.floor", p.get("floor"), none_ok=True)
        _num_in(f"{where}.target", p.get("target"), 0, strict_lo=True, none_ok=True)
    if method == "goalposts":
        _num_in(f"{where}.lower", p.get("lower"), none_ok=True)
        _num_in(f"{where}.upper", p.get("upper"), none_ok=True)
        _num_in(f"{where}.scale", p.get("scale", 100))
        if not isinstance(p.get("truncate", True), bool):
            raise _err(f"{where}.truncate", f"must be true or false, got {p.get('truncate')!r}")


def _per_level(key: str, v: Any, check) -> Any:
    if isinstance(v, list):
        if not v:
            raise _err(key, "an empty list; give one value or one per level from 2 to L")
        for x in v:
            check(x)
        return list(v)
    check(v)
    return v


def resolve_method(user: dict[str, Any] | None) -> dict[str, Any]:
    """Validate a user method dict and return the fully resolved configuration (every default written out)."""
    user = {} if user is None else user
    if not isinstance(user, dict):
        raise _err("method", "must be a mapping")
    _check_keys(user, TOP_KEYS, "")
    out: dict[str, Any] = {}
    den = user.get("denominate", True)
    if not isinstance(den, bool):
        raise _err("denominate", f"must be true or false, got {den!r}")
    out["denominate"] = den

    sc = _section(user, "screen")
    _check_keys(sc, DEFAULTS["screen"].keys(), "screen")
    sc = {**copy.deepcopy(DEFAULTS["screen"]), **sc}
    _num_in("screen.min_coverage", sc["min_coverage"], 0, 1)
    _num_in("screen.nonzero_thresh", sc["nonzero_thresh"], 0, 1, none_ok=True)
    force = sc["force"] if sc["force"] is not None else {}
    if not isinstance(force, dict) or not all(isinstance(v, bool) for v in force.values()):
        raise _err("screen.force", "must map unit codes to true (keep) or false (drop)")
    sc["force"] = {str(k): v for k, v in force.items()}
    out["screen"] = sc

    im = _section(user, "impute")
    _check_keys(im, DEFAULTS["impute"].keys(), "impute")
    im = {**DEFAULTS["impute"], **im}
    if im["method"] not in ("none", "mean", "group_mean", "carry_forward"):
        raise _err("impute.method", f"unknown value {im['method']!r} (none | mean | group_mean | carry_forward)")
    if im["then"] not in ("none", "mean", "group_mean"):
        raise _err("impute.then", f"unknown value {im['then']!r} (none | mean | group_mean)")
    if not isinstance(im["by"], str) or not im["by"]:
        raise _err("impute.by", f"must be a column name, got {im['by']!r}")
    mb = im["max_back"]
    if mb is not None and (not isinstance(mb, int) or isinstance(mb, bool) or mb < 1):
        raise _err("impute.max_back", f"must be an integer >= 1 or null, got {mb!r}")
    out["impute"] = im

    tr = _section(user, "treat")
    _check_keys(tr, DEFAULTS["treat"].keys(), "treat")
    tr = {**DEFAULTS["treat"], **tr}
    if tr["method"] not in ("jrc", "none"):
        raise _err("treat.method", f"unknown value {tr['method']!r} (jrc | none)")
    wm = tr["winmax"]
    if isinstance(wm, float) and wm.is_integer():
        wm = tr["winmax"] = int(wm)
    if not isinstance(wm, int) or isinstance(wm, bool) or wm < 0:
        raise _err("treat.winmax", f"must be an integer >= 0, got {wm!r}")
    _num_in("treat.skew", tr["skew"])
    _num_in("treat.kurt", tr["kurt"])
    if tr["fallback"] not in ("log_ct", "none"):
        raise _err("treat.fallback", f"unknown value {tr['fallback']!r} (log_ct | none)")
    if not isinstance(tr["treat_absolute"], bool):
        raise _err("treat.treat_absolute", "must be true or false")
    out["treat"] = tr

    out["normalise"] = resolve_normalise(_section(user, "normalise"))

    we = _section(user, "weights")
    _check_keys(we, DEFAULTS["weights"].keys(), "weights")
    we = {**copy.deepcopy(DEFAULTS["weights"]), **copy.deepcopy(we)}
    sets = we["sets"] or {}
    if not isinstance(sets, dict) or not all(isinstance(s, dict) for s in sets.values()):
        raise _err("weights.sets", "must map set names to {node code: weight}")
    for name, s in sets.items():
        for code, w in s.items():
            if not _is_num(w) or w < 0:
                raise _err(f"weights.sets.{name}.{code}", f"must be a finite number >= 0, got {w!r}")
    we["sets"] = {str(n): {str(c): float(w) for c, w in s.items()} for n, s in sets.items()}
    if we["source"] != "framework" and we["source"] not in we["sets"]:
        raise _err("weights.source", f"unknown weight set {we['source']!r} (framework or a name in weights.sets)")
    out["weights"] = we

    ag = _section(user, "aggregate")
    _check_keys(ag, DEFAULTS["aggregate"].keys(), "aggregate")
    ag = {**DEFAULTS["aggregate"], **ag}

    def _agg_check(m: Any) -> None:
        if m not in AGG_METHODS:
            raise _err("aggregate.method", f"unknown value {m!r} (arithmetic | geometric | harmonic)")

    ag["method"] = _per_level("aggregate.method", ag["method"], _agg_check)
    ag["min_coverage"] = _per_level("aggregate.min_coverage", ag["min_coverage"],
                                    lambda v: _num_in("aggregate.min_coverage", v, 0, 1, none_ok=True))
    out["aggregate"] = ag

    gb = user.get("group_by", DEFAULTS["group_by"])
    if gb is None:
        gb = []
    if isinstance(gb, str):
        gb = [gb]
    if not isinstance(gb, list) or not all(isinstance(g, str) and g for g in gb):
        raise _err("group_by", f"must be a list of column names, got {gb!r}")
    out["group_by"] = list(gb)
    out["_group_by_default"] = "group_by" not in user

    for name in (*PASSTHROUGH_SECTIONS, *ANALYSIS_SECTIONS):
        if name in user:
            sec = user[name]
            if sec is None:
                sec = {}
            if not isinstance(sec, dict):
                raise _err(name, f"must be a mapping, got {sec!r}")
            out[name] = copy.deepcopy(sec)
    return out


def public_config(method: dict[str, Any]) -> dict[str, Any]:
    """The resolved configuration without private bookkeeping keys (for run.json and hashing)."""
    return {k: v for k, v in method.items() if not k.startswith("_")}


def config_sha256(config: dict[str, Any]) -> str:
    """SHA-256 of canonical JSON (keys sorted, UTF-8, no insignificant whitespace), §10."""
    text = json.dumps(config, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def merge_method(base: dict[str, Any], override: dict[str, Any] | None) -> dict[str, Any]:
    """nominal ⊕ override (§8.2, §12.6): deep merge; a ``normalise`` section replaces the nominal one whole.

    ``override`` may use dotted keys (``"treat.winmax": 3``, ``"normalise.method": "zscore"``). The result is
    re-validated with :func:`resolve_method`.
    """
    if not override:
        return base
    if not isinstance(override, dict):
        raise _err("method", f"an override must be a mapping, got {override!r}")
    merged = copy.deepcopy(public_config(base))
    merged.pop("uncertainty", None)
    merged.pop("sensitivity", None)
    if base.get("_group_by_default"):
        merged.pop("group_by")
    for key, value in expand_dotted(override).items():
        if key == "normalise":
            if isinstance(value, str):
                value = {"method": value}
            merged["normalise"] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict) and key != "sets":
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    resolved = resolve_method(merged)
    for name in ANALYSIS_SECTIONS:
        if name in base:
            resolved[name] = base[name]
    return resolved


def expand_dotted(override: dict[str, Any]) -> dict[str, Any]:
    """{"treat.winmax": 3} → {"treat": {"winmax": 3}}; ``normalise.method`` switches the whole section."""
    out: dict[str, Any] = {}
    for key, value in override.items():
        parts = str(key).split(".")
        if parts[0] == "normalise" and len(parts) == 2 and parts[1] == "method":
            out["normalise"] = {"method": value}
            continue
        cur = out
        for p in parts[:-1]:
            cur = cur.setdefault(p, {})
            if not isinstance(cur, dict):
                raise _err(str(key), "conflicting override")
        cur[parts[-1]] = value
    return out


def _deep_merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k not in ("force",):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def per_level(value: Any, levels: int) -> dict[int, Any]:
    """Expand a one-for-all or per-level (2..L) aggregate parameter to {level: value}."""
    if isinstance(value, list):
        if len(value) != levels - 1:
            raise _err("aggregate", f"a per-level list needs {levels - 1} entries (levels 2 to {levels}), got {len(value)}")
        return {lev: value[lev - 2] for lev in range(2, levels + 1)}
    return dict.fromkeys(range(2, levels + 1), value)
