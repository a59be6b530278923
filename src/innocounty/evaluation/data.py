"""Unit data (单位数据): reading and validating the wide table (methodology §0, §1.2, §1.3, §12.4).

Every column is read as text first, so codes keep their leading zeros (§1.3). ``code`` is required; ``name`` and
``year`` are optional. Indicator columns, and denominator columns when ``denominate`` is on, are parsed as float64:
an empty cell, ``NA``, ``NaN`` or ``null`` is missing; any other non-numeric text, or an infinite value, is an
error naming the file, the row (spreadsheet numbering: header = row 1), the column, the unit and the cell's text.
Every other column is kept as text (missing → None) and never rejected.
"""

from __future__ import annotations

import csv
import hashlib
import math
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np

from .errors import DataError

NA_TOKENS = frozenset({"", "NA", "NaN", "null"})


@dataclass
class UnitData:
    """A validated unit-data table, held as numpy columns (pandas is not needed on the CLI path).

    ``columns`` maps each column name (file order) to an array: ``code`` and text columns as object arrays (str,
    or None when missing), numeric columns as float64, ``year`` as int64. :attr:`frame` gives the same table
    as a pandas DataFrame (built on first use). ``rows_by_year`` maps each year (``None`` for a single
    cross-section) to the row positions of that year, in input order.
    """

    columns: dict[str, np.ndarray]
    numeric_columns: list[str]
    path: str | None = None
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)
    _frame: Any = None

    @property
    def column_names(self) -> list[str]:
        return list(self.columns)

    def __len__(self) -> int:
        return len(self.columns["code"])

    @property
    def frame(self):
        """The table as a pandas DataFrame (text columns object dtype, None = missing)."""
        if self._frame is None:
            import pandas as pd

            self._frame = pd.DataFrame({c: (pd.Series(v, dtype=object) if v.dtype == object else v)
                                        for c, v in self.columns.items()})
        return self._frame

    @property
    def has_year(self) -> bool:
        return "year" in self.columns

    @property
    def years(self) -> list[int | None]:
        if not self.has_year:
            return [None]
        return [int(y) for y in np.unique(self.columns["year"])]

    @property
    def rows_by_year(self) -> dict[int | None, np.ndarray]:
        if not self.has_year:
            return {None: np.arange(len(self))}
        y = self.columns["year"]
        return {yr: np.flatnonzero(y == yr) for yr in self.years}

    def canonical_sha256(self) -> str:
        """SHA-256 of the canonical parsed table (§10): header, then rows; codes/text as is, floats in repr,
        missing as NA; comma-separated, newline-terminated."""
        h = hashlib.sha256()
        h.update((",".join(self.columns) + "\n").encode("utf-8"))
        cols = [_canonical_cells(v) for v in self.columns.values()]
        h.update("".join(",".join(row) + "\n" for row in zip(*cols, strict=True)).encode("utf-8"))
        return h.hexdigest()


def _canonical_cells(v: np.ndarray) -> list[str]:
    from .output import cells

    return cells(v)


def read_table(path: str | Path) -> tuple[list[str], list[list[str]], int]:
    """Read a CSV or XLSX file with every cell as text. Returns (header, rows, row number of the first row)."""
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
            return header, body, 2
        with open(p, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise DataError("the file is empty", file=str(path))
            body = list(reader)
    except DataError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError, EOFError, csv.Error, zipfile.BadZipFile, zlib.error,
            ElementTree.ParseError) as e:  # a damaged workbook: one line, never a traceback
        raise DataError(f"cannot read: {str(e).splitlines()[0] if str(e) else e!r}", file=str(path)) from None
    width = len(header)
    for i, row in enumerate(body):
        if len(row) != width:
            if not any(c.strip() for c in row):
                continue
            raise DataError(f"expected {width} fields, found {len(row)}", file=str(path), row=i + 2)
    body = [r for r in body if len(r) == width]
    return [h.strip() for h in header], body, 2


def _xlsx_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v).strip()


def parse_numeric(values: list[str], column: str, codes: np.ndarray, file: str | None,
                  first_row: int) -> np.ndarray:
    """Text cells → float64 (§0): NA tokens → NaN; other text or ±inf → DataError naming row, column and unit."""
    cells = ["nan" if v in NA_TOKENS else v for v in values]
    n_na = sum(1 for v in values if v in NA_TOKENS)
    try:
        out = np.array(cells, dtype=np.float64) if cells else np.zeros(0)
        suspicious = (int(np.isnan(out).sum()) != n_na or bool(np.isinf(out).any())
                      or "_" in "".join(cells))
    except ValueError:
        suspicious = True
        out = None
    if not suspicious:
        return out
    stripped = [v.strip() for v in values]
    cells = ["nan" if v in NA_TOKENS else v for v in stripped]
    result = np.empty(len(cells))
    for i, (text, cell) in enumerate(zip(stripped, cells, strict=True)):
        what = None
        if cell == "nan" and text in NA_TOKENS:
            result[i] = math.nan
            continue
        try:
            if "_" in cell:
                raise ValueError
            v = float(cell)
            if math.isinf(v):
                what = "infinite value"
            elif math.isnan(v):
                what = "non-numeric value"
            result[i] = v
        except ValueError:
            what = "non-numeric value"
        if what:
            raise DataError(f"{what} {text!r} (unit {codes[i]})", file=file, row=first_row + i, column=column)
    return result


def build_unit_data(header: list[str], rows: list[list[str]], indicators: list[str], denominators: list[str], *,
                    text_columns: list[str] | tuple[str, ...] = (), path: str | None = None, first_row: int = 2,
                    sha256: str | None = None) -> UnitData:
    """Validate a text table and convert the numeric columns (§1.2, §12.4)."""
    file = path
    cols = list(header)
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
    text = {c: [r[j] for r in rows] for j, c in enumerate(cols)}
    codes_list = [v.strip() for v in text["code"]]
    for i, c in enumerate(codes_list):
        if c in NA_TOKENS:
            raise DataError("empty unit code", file=file, row=first_row + i, column="code")
    codes = np.array(codes_list, dtype=object)
    numeric = list(dict.fromkeys([*indicators, *denominators]))
    years = None
    if "year" in cols:
        years = np.empty(len(codes_list), dtype=np.int64)
        for i, t in enumerate(v.strip() for v in text["year"]):
            try:
                f = float(t)
                if not f.is_integer():
                    raise ValueError
                years[i] = int(f)
            except ValueError:
                raise DataError(f"year must be an integer, got {t!r} (unit {codes[i]})", file=file,
                                row=first_row + i, column="year") from None
    keys = codes_list if years is None else list(zip(codes_list, years.tolist(), strict=True))
    first: dict = {}
    for i, k in enumerate(keys):
        if k in first:
            yr = "" if years is None else f" in year {years[i]}"
            raise DataError(f"duplicate unit code {codes[i]}{yr} (first at row {first_row + first[k]})", file=file,
                            row=first_row + i, column="code")
        first[k] = i
    out: dict[str, np.ndarray] = {}
    for c in cols:
        if c == "code":
            out[c] = codes
        elif c == "year":
            out[c] = years
        elif c in numeric:
            out[c] = parse_numeric(text[c], c, codes, file, first_row)
        else:
            vals = [v.strip() for v in text[c]]
            out[c] = np.array([None if v in NA_TOKENS else v for v in vals], dtype=object)
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
    header, rows, first_row = read_table(p)
    return build_unit_data(header, rows, indicators, denominators, text_columns=text_columns, path=str(path),
                           first_row=first_row, sha256=hashlib.sha256(raw).hexdigest())


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or type(v).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(v, float | np.floating):
        return repr(float(v))
    return str(v)


def from_frame(df: Any, indicators: list[str], denominators: list[str],
               text_columns: list[str] | tuple[str, ...] = ()) -> UnitData:
    """Build UnitData from an in-memory pandas DataFrame (the platform's entry point). Numeric columns may
    already be numbers; everything else is converted to text."""
    header = [str(c) for c in df.columns]
    cols = [[_text(v) for v in df[c].tolist()] for c in df.columns]
    rows = [list(r) for r in zip(*cols, strict=True)] if cols else []
    return build_unit_data(header, rows, indicators, denominators, text_columns=text_columns)
