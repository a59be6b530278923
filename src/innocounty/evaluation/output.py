"""CSV output writers (methodology §0, §12.5): UTF-8 without BOM, comma-separated, header row, floats in shortest
round-trip form (Python ``repr``), missing as ``NA``, integers (ranks, counts) without a decimal point."""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or type(v).__name__ in ("NAType", "NaTType")


_CACHE: dict[bytes, list[str]] = {}


def float_cells(arr: np.ndarray) -> list[str]:
    """repr of every value (shortest round trip), NA for NaN. A column identical to one formatted recently
    (e.g. an untreated indicator in imputed.csv and treated.csv) reuses its cells."""
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    key = arr.tobytes()
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    out = list(map(repr, arr.tolist()))
    for i in np.flatnonzero(np.isnan(arr)).tolist():
        out[i] = "NA"
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = out
    return out


def cells(values: Any, as_int: bool = False) -> list[str]:
    """Format one column's values as CSV cells (float repr, NA for missing, ints for ``as_int``)."""
    if hasattr(values, "to_numpy"):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        if as_int:
            return ["NA" if v != v else str(int(v)) for v in arr.tolist()]
        return float_cells(arr)
    if arr.dtype.kind in "iu":
        return list(map(str, arr.tolist()))
    if arr.dtype.kind == "b":
        return ["true" if v else "false" for v in arr.tolist()]
    if arr.dtype.kind == "U":
        return arr.tolist()
    return [v if type(v) is str else _other(v, as_int) for v in arr.tolist()]


def _other(v: Any, as_int: bool) -> str:
    if _is_missing(v):
        return "NA"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if as_int else repr(v)
    return str(v)


def write_columns(path: Path, columns: Iterable[tuple[str, Any]], int_columns: Iterable[str] = ()) -> None:
    """Write (name, values) columns with the output conventions."""
    ints = set(int_columns)
    cols = list(columns)
    body = [cells(v, name in ints) for name, v in cols]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([str(name) for name, _ in cols])
        w.writerows(zip(*body, strict=True))


def write_csv(path: Path, df: Any, int_columns: Iterable[str] = ()) -> None:
    """Write a pandas DataFrame (its columns, not its index) with the output conventions."""
    write_columns(path, [(c, df[c]) for c in df.columns], int_columns)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
