"""Validation rules across indicators (DHIS2's validation rules), declared as data. Pure: no Django.

A rule is ``left operator right`` over indicator and unit-data codes, with an importance (``error``
blocks, ``warning`` needs confirmation) and a message in Chinese and English, e.g.::

    I03 <= gdp_100m * 10000              R&D spending (万元) within GDP (亿元)
    I23 == gdp_100m / population_10k * 10000   (tolerance 0.1)   GDP per capita consistent

Expressions are parsed by a small recursive-descent parser (never ``eval``): numbers, codes, ``+ - * /``,
parentheses, unary minus and the functions ``abs``, ``min``, ``max``. :func:`check_rules` evaluates every
rule for every county at once on numpy arrays. A rule is skipped for a county when a value it names is
missing (DHIS2's "skip if any value missing"); a division by zero gives a missing side, also skipped.
``==`` and ``!=`` compare within a relative ``tolerance`` (0: exactly, up to rounding).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

OPERATORS = ("<=", "<", ">=", ">", "==", "!=")
IMPORTANCES = ("error", "warning")
FUNCTIONS = {"abs": (1, 1), "min": (2, 8), "max": (2, 8)}
MAX_EXPRESSION = 300  # characters
MAX_NODES = 60
MAX_DEPTH = 12
ROUNDING = 1e-9
RULES_DIR = Path(__file__).parent / "rules"


def gettext_noop(message: str) -> str:
    """Marks a catalogue text (the platform translates :class:`ExpressionError` messages); pure, no Django."""
    return message


_TOKEN = re.compile(
    r"\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(.))"
)


class ExpressionError(ValueError):
    """The expression cannot be used; ``message`` is a Chinese catalogue text with %(name)s ``params``."""

    def __init__(self, message: str, params: Mapping | None = None):
        self.template = message
        self.params = dict(params or {})
        super().__init__(message % self.params if self.params else message)


# -- the parser -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    kind: str  # "num", "ref", "neg", "bin", "call"
    value: object = None  # the number, the code, the operator or the function name
    args: tuple = ()


def _tokens(text: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:  # only trailing whitespace remains
            break
        number, name, other = match.groups()
        if number is not None:
            out.append(("num", float(number)))
        elif name is not None:
            out.append(("name", name))
        elif other in "+-*/(),":
            out.append(("op", other))
        else:
            raise ExpressionError(gettext_noop("表达式中有不允许的字符“%(char)s”。"), {"char": other})
        pos = match.end()
    return out


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.pos = 0
        self.nodes = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", None)

    def take(self, kind: str, value=None):
        token = self.peek()
        if token[0] != kind or (value is not None and token[1] != value):
            shown = "" if token[0] == "end" else str(token[1])
            raise ExpressionError(
                gettext_noop("表达式不完整或有多余的部分（在“%(token)s”处）。"), {"token": shown or "…"}
            )
        self.pos += 1
        return token

    def node(self, *args, depth: int) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise ExpressionError(
                gettext_noop("表达式过于复杂（最多 %(nodes)d 项、%(depth)d 层括号）。"),
                {"nodes": MAX_NODES, "depth": MAX_DEPTH},
            )
        return Node(*args)

    def expression(self, depth: int = 0) -> Node:
        left = self.term(depth)
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take("op")[1]
            left = self.node("bin", op, (left, self.term(depth)), depth=depth)
        return left

    def term(self, depth: int) -> Node:
        left = self.factor(depth)
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take("op")[1]
            left = self.node("bin", op, (left, self.factor(depth)), depth=depth)
        return left

    def factor(self, depth: int) -> Node:
        kind, value = self.peek()
        if (kind, value) == ("op", "-"):
            self.take("op")
            return self.node("neg", None, (self.factor(depth + 1),), depth=depth + 1)
        if (kind, value) == ("op", "+"):
            self.take("op")
            return self.factor(depth + 1)
        if kind == "num":
            self.take("num")
            return self.node("num", value, depth=depth)
        if kind == "name":
            self.take("name")
            if self.peek() == ("op", "("):
                return self.call(str(value), depth + 1)
            return self.node("ref", value, depth=depth)
        if (kind, value) == ("op", "("):
            self.take("op")
            inner = self.expression(depth + 1)
            self.take("op", ")")
            return inner
        self.take("name")  # raises: nothing usable here
        raise AssertionError  # pragma: no cover

    def call(self, name: str, depth: int) -> Node:
        if name not in FUNCTIONS:
            raise ExpressionError(
                gettext_noop("未知的函数“%(name)s”（可用：abs、min、max）。"), {"name": name}
            )
        self.take("op", "(")
        args = [self.expression(depth)]
        while self.peek() == ("op", ","):
            self.take("op")
            args.append(self.expression(depth))
        self.take("op", ")")
        low, high = FUNCTIONS[name]
        if not low <= len(args) <= high:
            raise ExpressionError(gettext_noop("函数 %(name)s 的参数个数不对。"), {"name": name})
        return self.node("call", name, tuple(args), depth=depth)


def parse(text: str) -> Node:
    """The expression's tree; raises :class:`ExpressionError` with a reason a ministry officer can act on."""
    text = str(text or "")
    if not text.strip():
        raise ExpressionError(gettext_noop("表达式不能为空。"))
    if len(text) > MAX_EXPRESSION:
        raise ExpressionError(gettext_noop("表达式过长（最多 %(max)d 个字符）。"), {"max": MAX_EXPRESSION})
    parser = _Parser(text)
    tree = parser.expression()
    if parser.pos != len(parser.tokens):
        parser.take("end")
    return tree


def references(node: Node) -> set[str]:
    if node.kind == "ref":
        return {str(node.value)}
    return set().union(*(references(a) for a in node.args)) if node.args else set()


def check_expression(text: str, known: Iterable[str]) -> Node:
    """Parse and require every code to be one of ``known`` (the framework's indicators and unit data)."""
    tree = parse(text)
    unknown = sorted(references(tree) - set(known))
    if unknown:
        raise ExpressionError(
            gettext_noop("表达式引用了本指标体系中没有的代码：%(codes)s。"), {"codes": "、".join(unknown)}
        )
    return tree


def evaluate(node: Node, data: Mapping[str, np.ndarray], size: int) -> np.ndarray:
    """The expression's value for every county (NaN where a value is missing or a division fails)."""
    if node.kind == "num":
        return np.full(size, float(node.value))
    if node.kind == "ref":
        column = data.get(str(node.value))
        return np.full(size, np.nan) if column is None else np.asarray(column, dtype=float)
    args = [evaluate(a, data, size) for a in node.args]
    if node.kind == "neg":
        return -args[0]
    if node.kind == "call":
        if node.value == "abs":
            return np.abs(args[0])
        stacked = np.vstack(args)
        return np.max(stacked, axis=0) if node.value == "max" else np.min(stacked, axis=0)
    left, right = args
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if node.value == "+":
            out = left + right
        elif node.value == "-":
            out = left - right
        elif node.value == "*":
            out = left * right
        else:
            out = np.where(right == 0, np.nan, left / np.where(right == 0, 1.0, right))
    out[~np.isfinite(out)] = np.nan
    return out


# -- rules ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    code: str
    left: str
    operator: str
    right: str
    importance: str = "error"
    message_zh: str = ""
    message_en: str = ""
    tolerance: float = 0.0

    def problems(self, known: Iterable[str]) -> dict[str, ExpressionError]:
        """Field name → what is wrong (empty when the rule is usable)."""
        known = set(known)
        found: dict[str, ExpressionError] = {}
        for name in ("left", "right"):
            try:
                check_expression(getattr(self, name), known)
            except ExpressionError as exc:
                found[name] = exc
        if self.operator not in OPERATORS:
            found["operator"] = ExpressionError(
                gettext_noop("未知的比较符号“%(op)s”。"), {"op": self.operator}
            )
        if self.importance not in IMPORTANCES:
            found["importance"] = ExpressionError(gettext_noop("重要程度只能是 error 或 warning。"))
        if not (math.isfinite(self.tolerance) and 0 <= self.tolerance <= 1):
            found["tolerance"] = ExpressionError(
                gettext_noop("容差须在 0 到 1 之间（相对误差，0.05 即 5%）。")
            )
        return found

    @property
    def text(self) -> str:
        tol = f"（±{self.tolerance:.0%}）" if self.tolerance and self.operator in ("==", "!=") else ""
        return f"{self.left} {self.operator} {self.right}{tol}"


@dataclass(frozen=True)
class Violation:
    rule: Rule
    county: str
    left: float
    right: float
    values: dict = field(default_factory=dict, hash=False, compare=False)  # code → value named by the rule

    @property
    def importance(self) -> str:
        return self.rule.importance


def holds(operator: str, left: np.ndarray, right: np.ndarray, tolerance: float = 0.0) -> np.ndarray:
    """Where the comparison holds (True where a side is missing: nothing to check)."""
    scale = np.maximum(np.abs(left), np.abs(right))
    eps = ROUNDING * np.maximum(scale, 1.0)  # rounding of stored decimals never breaks a rule
    margin = scale * tolerance + eps
    with np.errstate(invalid="ignore"):
        result = {
            "<=": left <= right + eps,
            "<": left < right,
            ">=": left >= right - eps,
            ">": left > right,
            "==": np.abs(left - right) <= margin,
            "!=": np.abs(left - right) > margin,
        }[operator]
    return result | np.isnan(left) | np.isnan(right)


def check_rules(
    rules: Sequence[Rule], counties: Sequence[str], data: Mapping[str, np.ndarray]
) -> list[Violation]:
    """Every violation of every rule, counties in the given order. ``data``: code → values aligned with
    ``counties`` (NaN: missing). Vectorised: one pass of numpy per rule whatever the number of counties."""
    size = len(counties)
    violations: list[Violation] = []
    for rule in rules:
        left_tree, right_tree = parse(rule.left), parse(rule.right)
        left, right = evaluate(left_tree, data, size), evaluate(right_tree, data, size)
        broken = np.flatnonzero(~holds(rule.operator, left, right, rule.tolerance))
        if not len(broken):
            continue
        named = sorted(references(left_tree) | references(right_tree))
        for i in broken:
            values = {code: float(data[code][i]) for code in named if code in data}
            violations.append(Violation(rule, counties[i], float(left[i]), float(right[i]), values))
    return violations


def frame_data(rows: Mapping[str, Mapping[str, float | None]]) -> tuple[list[str], dict[str, np.ndarray]]:
    """County → {code: value} rows as (counties, code → array) for :func:`check_rules`."""
    counties = list(rows)
    codes = sorted({code for values in rows.values() for code in values})
    data = {code: np.array([_num(rows[c].get(code)) for c in counties], dtype=float) for code in codes}
    return counties, data


def _num(value) -> float:
    return float("nan") if value is None else float(value)


# -- shipped rule sets ------------------------------------------------------------------------------------
RULE_FIELDS = ("code", "left", "operator", "right", "importance", "tolerance", "message_zh", "message_en")


def rules_from_records(records: Iterable[Mapping]) -> list[Rule]:
    return [Rule(code=str(r["code"]).strip(), left=str(r["left"]).strip(), operator=str(r["operator"]).strip(),
                 right=str(r["right"]).strip(), importance=str(r.get("importance") or "error").strip(),
                 tolerance=float(r.get("tolerance") or 0), message_zh=str(r.get("message_zh") or ""),
                 message_en=str(r.get("message_en") or "")) for r in records]  # fmt: skip


def shipped_rules(framework_code: str, known: Iterable[str] | None = None) -> list[Rule]:
    """The rule set shipped for a framework (``rules/<code>.csv``), limited to the rules whose
    codes the framework has when ``known`` is given; empty when none is shipped."""
    path = RULES_DIR / f"{framework_code}.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rules = rules_from_records(csv.DictReader(fh))
    if known is None:
        return rules
    return [r for r in rules if not r.problems(known)]
