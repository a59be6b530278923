"""The inputs a transition takes (reason, priority, confirmation, ...), with the bounds the domain has."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .problems import Msg, Problem, gettext_noop


class InputKind(StrEnum):
    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    LIST = "list"


@dataclass(frozen=True)
class Input:
    """One input a transition takes. Text is bounded by ``max_length``; integers by ``minimum``/``maximum``."""

    name: str
    label: str  # message id
    kind: InputKind = InputKind.TEXT
    required: bool = False
    max_length: int = 4000
    minimum: int | None = None
    maximum: int | None = None
    max_items: int = 200
    prompted: bool = False  # optional, but the form asks for it when a guard needs it (``available`` assumes it given)

    def problems(self, value: Any, action: str) -> list[Problem]:
        params = {"action": Msg(action), "input": Msg(self.label)}
        if is_empty(value):
            if self.required:
                return [Problem(f"missing_{self.name}", gettext_noop("「%(action)s」须填写%(input)s"), self.name,
                                params=params)]  # fmt: skip
            return []
        if self.kind is InputKind.TEXT:
            if not isinstance(value, str):
                return [Problem("invalid_input", gettext_noop("%(input)s须为文字"), self.name, params=params)]
            if len(value) > self.max_length:
                return [Problem("input_too_long", gettext_noop("%(input)s不能超过%(max)d字"), self.name,
                                params={**params, "max": self.max_length})]  # fmt: skip
        elif self.kind is InputKind.INT:
            if not isinstance(value, int) or isinstance(value, bool):
                return [Problem("invalid_input", gettext_noop("%(input)s须为整数"), self.name, params=params)]
            low = self.minimum if self.minimum is not None else -(2**63)
            high = self.maximum if self.maximum is not None else 2**63 - 1
            if not low <= value <= high:
                return [Problem("input_out_of_range", gettext_noop("%(input)s须在%(low)d至%(high)d之间"), self.name,
                                params={**params, "low": low, "high": high})]  # fmt: skip
        elif self.kind is InputKind.BOOL:
            if not isinstance(value, bool):
                return [Problem("invalid_input", gettext_noop("%(input)s须为是或否"), self.name, params=params)]
        elif self.kind is InputKind.LIST:
            if not isinstance(value, list | tuple) or len(value) > self.max_items:
                return [Problem("invalid_input", gettext_noop("%(input)s格式不正确"), self.name, params=params)]
            if any(not isinstance(v, str) or len(v) > 200 for v in value):
                return [Problem("invalid_input", gettext_noop("%(input)s格式不正确"), self.name, params=params)]
        return []


def is_empty(value: Any) -> bool:
    """No value given: None, blank text or an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and len(value) == 0
