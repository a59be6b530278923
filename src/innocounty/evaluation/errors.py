"""Errors and warnings of the evaluation engine (methodology §0).

An *error* stops the run. Its message names the stage, the node or indicator code and, where relevant, the unit
code; for input files it also names the file, the row and the column. The CLI prints ``str(error)`` as one line
on stderr and exits with status 2.
"""

from __future__ import annotations


class EvaluationError(Exception):
    """A fatal error of the engine. ``str(e)`` is always a single line."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, stage: str | None = None):
        self.file = file
        self.row = row
        self.column = column
        self.stage = stage
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        if where:
            parts.append(", ".join(where))
        parts.append(self.message)
        return ": ".join(parts).replace("\n", " ")


class FrameworkError(EvaluationError):
    """The framework table is invalid (§1.1). ``problems`` lists every problem found."""

    def __init__(self, problems: list[str], *, file: str | None = None):
        self.problems = list(problems)
        n = len(self.problems)
        head = "invalid framework" + (f" ({n} problems)" if n > 1 else "")
        super().__init__(f"{head}: " + "; ".join(self.problems), file=file, stage="framework")


class DataError(EvaluationError):
    """The unit data are invalid (§1.2)."""


class MethodError(EvaluationError):
    """The method configuration is invalid (§2.0, §12.1)."""


class StageError(EvaluationError):
    """A pipeline stage failed (e.g. a degenerate column or a geometric mean of a value ≤ 0)."""


def fmt_num(value: float) -> str:
    """Format a number for messages: integral floats without ``.0``, others in shortest repr."""
    v = float(value)
    if v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return repr(v)
