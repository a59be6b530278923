"""Unit data (单位数据): reading and validating the wide table (methodology §0, §1.2, §1.3, §12.4).

Every column is read as text first, so codes keep their leading zeros (§1.3). ``code`` is required; ``name`` and
``year`` are optional. Indicator columns, and denominator columns when ``denominate`` is on, are parsed as float64:
an empty cell, ``NA``, ``NaN`` or ``null`` is missing; any other non-numeric text, or an infinite value, is an
error naming the file, the row (spreadsheet numbering: header = row 1), the column, the unit and the cell's text.
Every other column is kept as text (missing → None) and never rejected.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import DataError

NA_TOKENS = frozenset({"", "NA", "NaN", "null"})


@dataclass
class UnitData:
    """A validated unit-data table.

    ``frame`` has the columns of the file in file order: ``code`` (str), numeric columns as float64, ``year`` as
    int64 when present, every other column as object (str, or None when missing). ``rows_by_year`` maps each year
    (``None`` for a single cross-section) to the row positions of that year, in input order.
    """

    frame: pd.DataFrame
    numeric_columns: list[str]
    path: str | None = None
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def has_year(self) -> bool:
        return "year" in self.frame.columns

    @property
    def years(self) -> list[int | None]:
        if not self.has_year:
            return [None]
        return sorted(int(y) for y in pd.unique(self.frame["year"]))

    @property
    def rows_by_year(self) -> dict[int | None, np.ndarray]:
        if not self.has_year:
            return {None: np.arange(len(self.frame))}
        y = self.frame["year"].to_numpy()
        return {yr: np.flatnonzero(y == yr) for yr in self.years}

    def canonical_sha256(self) -> str:
        """SHA-256 of the canonical parsed table (§10): header, then rows; codes/text as is, floats in repr,
        missing as NA; comma-separated, newline-terminated."""
        h = hashlib.sha256()
        h.update((",".join(self.frame.columns) + "\n").encode("utf-8"))
        cols = [_canonical_cells(self.frame[c]) for c in self.frame.columns]
        for row in zip(*cols, strict=True):
            h.update((",".join(row) + "\n").encode("utf-8"))
        return h.hexdigest()


def _canonical_cells(s: pd.Series) -> list[str]:
    if s.dtype == np.float64:
        return ["NA" if v != v else repr(v) for v in s.tolist()]
    return ["NA" if v is None else str(v) for v in s.tolist()]


def read_table(path: str | Path) -> tuple[pd.DataFrame, int]:
    """Read a CSV or XLSX file with every cell as text (None for an empty cell). Returns (frame, first data row)."""
    p = Path(path)
    try:
        if p.suffix.lower() in (".xlsx", ".xlsm"):
            import openpyxl

            wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
            rows = list(wb.worksheets[0].iter_rows(values_only=True))
            wb.close()
            if not rows:
                raise DataError("the sheet is empty", file=str(path))
            header = [_xlsx_text(h) or f"column{i + 1}" for i, h in enumerate(rows[0])]
            body = [[_xlsx_text(v) for v in r] for r in rows[1:] if any(v is not None for v in r)]
            frame = pd.DataFrame(body, columns=header, dtype=object)
        else:
            frame = pd.read_csv(p, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
            frame.columns = [str(c).strip() for c in frame.columns]
    except DataError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError) as e:
        raise DataError(f"cannot read: {str(e).splitlines()[0] if str(e) else e!r}", file=str(path)) from None
    return frame, 2


def _xlsx_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v).strip()


def parse_numeric(values: np.ndarray, column: str, codes: np.ndarray, file: str | None,
                  first_row: int) -> np.ndarray:
    """Text cells → float64 (§0): NA tokens → NaN; other text or ±inf → DataError naming row, column and unit."""
    stripped = np.array([("" if v is None else str(v).strip()) for v in values], dtype=object)
    na = np.isin(stripped, list(NA_TOKENS))
    out = pd.to_numeric(pd.Series(np.where(na, "nan", stripped)), errors="coerce").to_numpy(dtype=np.float64)
    bad = (np.isnan(out) & ~na) | np.isinf(out)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "infinite value" if np.isinf(out[i]) else "non-numeric value"
        raise DataError(f"{what} {stripped[i]!r} (unit {codes[i]})", file=file, row=first_row + i, column=column)
    return out


def build_unit_data(frame: pd.DataFrame, indicators: list[str], denominators: list[str], *,
                    text_columns: list[str] | tuple[str, ...] = (), path: str | None = None, first_row: int = 2,
                    sha256: str | None = None) -> UnitData:
    """Validate a text frame and convert the numeric columns (§1.2, §12.4)."""
    file = path
    cols = list(frame.columns)
    dup_cols = sorted({c for c in cols if cols.count(c) > 1})
    if dup_cols:
        raise DataError(f"duplicate column name(s): {', '.join(dup_cols)}", file=file)
    if "code" not in cols:
        raise DataError("required column 'code' is missing", file=file, column="code")
    missing = [c for c in indicators if c not in cols]
    if missing:
        raise DataError(f"missing indicator column(s): {', '.join(missing)}", file=file)
    missing_den = [c for c in dict.fromkeys(denominators) if c not in cols]
    if missing_den:
        raise DataError(f"missing denominator column(s): {', '.join(missing_den)}", file=file)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    codes = np.array([("" if v is None else str(v).strip()) for v in frame["code"].tolist()], dtype=object)
    empty = np.flatnonzero((codes == "") | np.isin(codes, ["NA", "NaN", "null"]))
    if empty.size:
        raise DataError("empty unit code", file=file, row=first_row + int(empty[0]), column="code")
    numeric = list(dict.fromkeys([*indicators, *denominators]))
    years = None
    if "year" in cols:
        ytext = [("" if v is None else str(v).strip()) for v in frame["year"].tolist()]
        years = np.empty(len(ytext), dtype=np.int64)
        for i, t in enumerate(ytext):
            try:
                f = float(t)
                if not f.is_integer():
                    raise ValueError
                years[i] = int(f)
            except ValueError:
                raise DataError(f"year must be an integer, got {t!r} (unit {codes[i]})", file=file,
                                row=first_row + i, column="year") from None
    key = pd.Series(codes) if years is None else pd.Series(codes) + "\x00" + pd.Series(years).astype(str)
    dup = key.duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        first = int(np.flatnonzero((key == key.iloc[i]).to_numpy())[0])
        yr = "" if years is None else f" in year {years[i]}"
        raise DataError(f"duplicate unit code {codes[i]}{yr} (first at row {first_row + first})", file=file,
                        row=first_row + i, column="code")
    for c in cols:
        if c == "code":
            out[c] = pd.Series(codes, dtype=object)
        elif c == "year":
            out[c] = years
        elif c in numeric:
            out[c] = parse_numeric(frame[c].to_numpy(dtype=object), c, codes, file, first_row)
        else:
            vals = [None if (v is None or str(v).strip() in NA_TOKENS) else str(v).strip()
                    for v in frame[c].tolist()]
            out[c] = pd.Series(vals, dtype=object)
    known = {"code", "name", "year", *numeric, *text_columns}
    warnings = [f"data: column {c} is not used by the method; kept as text" for c in cols if c not in known]
    return UnitData(out, numeric, path, sha256, warnings)


def load_data(path: str | Path, indicators: list[str], denominators: list[str],
              text_columns: list[str] | tuple[str, ...] = ()) -> UnitData:
    """Read and validate a unit-data CSV/XLSX file (§1.2)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise DataError(f"cannot read: {e.strerror or e}", file=str(path)) from None
    frame, first_row = read_table(p)
    return build_unit_data(frame, indicators, denominators, text_columns=text_columns, path=str(path),
                           first_row=first_row, sha256=hashlib.sha256(raw).hexdigest())


def from_frame(df: pd.DataFrame, indicators: list[str], denominators: list[str],
               text_columns: list[str] | tuple[str, ...] = ()) -> UnitData:
    """Build UnitData from an in-memory DataFrame (the platform's entry point). Numeric columns may already be
    numbers; everything else is converted to text."""
    cols: dict[str, list] = {}
    for c in df.columns:
        s = df[c]
        if c in indicators or c in denominators:
            cols[c] = [None if (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))) else
                       (repr(float(v)) if isinstance(v, int | float | np.number) and not isinstance(v, bool)
                        else str(v)) for v in s.tolist()]
        else:
            cols[c] = [None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v)
                       for v in s.tolist()]
    text = pd.DataFrame(cols, dtype=object)
    text = text.reset_index(drop=True)
    return build_unit_data(text, indicators, denominators, text_columns=text_columns)
