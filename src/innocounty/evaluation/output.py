"""CSV output writers (methodology §0, §12.5): UTF-8 without BOM, comma-separated, header row, floats in shortest
round-trip form (Python ``repr``), missing as ``NA``, integers (ranks, counts) without a decimal point."""

from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def _cells(values: Any, as_int: bool = False) -> list[str]:
    """Format one column's values as CSV cells."""
    if isinstance(values, pd.Series):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        lst = arr.astype(np.float64).tolist()
        if as_int:
            return ["NA" if v != v else str(int(v)) for v in lst]
        return ["NA" if v != v else repr(v) for v in lst]
    if arr.dtype.kind in "iu":
        return [str(v) for v in arr.tolist()]
    if arr.dtype.kind == "b":
        return ["true" if v else "false" for v in arr.tolist()]
    out = []
    for v in arr.tolist():
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            out.append("NA")
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, float):
            out.append(repr(v))
        else:
            out.append(str(v))
    return out


def write_csv(path: Path, df: pd.DataFrame, int_columns: set[str] | frozenset[str] = frozenset()) -> None:
    """Write a DataFrame (its columns, not its index) with the output conventions."""
    cols = [_cells(df[c], c in int_columns) for c in df.columns]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([str(c) for c in df.columns])
        w.writerows(zip(*cols, strict=True))


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
