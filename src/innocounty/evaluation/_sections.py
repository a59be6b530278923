"""Validation helpers for the optional method sections ``groups``, ``eligibility``, ``strengths`` and
``chain`` (§4–§7, §12.1: unknown keys or values are an error) and the warning channel they share.

Every validation failure raises :class:`SectionError` (a :class:`~innocounty.evaluation.errors.MethodError`
and a :class:`ValueError`), whose message names the section and the key, e.g. ``method: eligibility.composite: unknown key 'pp' (allowed: N, n, p, rule)``.

Warnings (§0: they go into the run log and the manifest, the run continues) are passed to a ``warn``
callback when one is given and always collected into the list the caller gets back.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any

from innocounty.evaluation.cutoffs import exact_fraction
from innocounty.evaluation.errors import MethodError, StageError

WarnFn = Callable[[str], None]


class SectionError(MethodError, ValueError):
    """An invalid optional-analysis section of the method file (§12.1); the CLI exits with status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, stage="method")


class AnalysisError(StageError, ValueError):
    """A fatal error while computing an optional analysis, e.g. a §4 reference value ≤ 0."""

    def __init__(self, message: str, stage: str) -> None:
        super().__init__(message, stage=stage)


class AnalysisWarning(UserWarning):
    """Category used when no ``warn`` callback is given."""


class WarningLog:
    """Collects warning messages and forwards each to ``warn`` (or :func:`warnings.warn`)."""

    def __init__(self, warn: WarnFn | None = None) -> None:
        self.messages: list[str] = []
        self._warn = warn

    def __call__(self, message: str) -> None:
        self.messages.append(message)
        if self._warn is not None:
            self._warn(message)
        else:
            warnings.warn(message, AnalysisWarning, stacklevel=3)


def mapping(raw: Any, where: str, allowed: Iterable[str]) -> dict[str, Any]:
    """``raw`` as a dict (``None`` → ``{}``), rejecting unknown keys with a message naming them."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise SectionError(f"method: {where} must be a mapping, got {type(raw).__name__}")
    allowed = sorted(allowed)
    for key in raw:
        if key not in allowed:
            raise SectionError(f"method: {where}: unknown key {key!r} (allowed: {', '.join(allowed)})")
    return dict(raw)


def choice(value: Any, where: str, options: Iterable[str]) -> str:
    options = list(options)
    if not isinstance(value, str) or value not in options:
        raise SectionError(f"method: {where} must be one of {', '.join(options)}, got {value!r}")
    return value


def number(value: Any, where: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise SectionError(f"method: {where} must be a finite number, got {value!r}")
    if positive and float(value) <= 0:
        raise SectionError(f"method: {where} must be > 0, got {value!r}")
    return float(value)


def share(value: Any, where: str, *, allow_zero: bool = True) -> Fraction | float:
    """A share in [0, 1] (or (0, 1]); returned unchanged so that ``Fraction(str(p))`` sees what was written.

    Strings such as ``"1/3"`` are accepted and returned as a :class:`Fraction`.
    """
    if isinstance(value, str):
        try:
            frac = exact_fraction(value, name=where)
        except ValueError as exc:
            raise SectionError(f"method: {where} must be a number in [0, 1], got {value!r}") from exc
        result: Fraction | float = frac
    else:
        number(value, where)
        frac = exact_fraction(value, name=where)
        result = value
    if frac < 0 or frac > 1 or (not allow_zero and frac == 0):
        bounds = "[0, 1]" if allow_zero else "(0, 1]"
        raise SectionError(f"method: {where} must be in {bounds}, got {value!r}")
    return result


def integer(value: Any, where: str, *, minimum: int = 0, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < minimum:
        raise SectionError(f"method: {where} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise SectionError(f"method: {where} must be true or false, got {value!r}")
    return value


def code(value: Any, where: str, *, allow_none: bool = True) -> str | None:
    if value is None and allow_none:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value).strip() == "":
        raise SectionError(f"method: {where} must be a non-empty string, got {value!r}")
    return str(value).strip()
