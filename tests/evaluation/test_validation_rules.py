"""Validation rules as data: the safe expression parser, each operator, missing values, the shipped set."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.evaluation.validation_rules import (
    ExpressionError,
    Rule,
    check_expression,
    check_rules,
    evaluate,
    frame_data,
    parse,
    references,
    shipped_rules,
)

CODES = ["I01", "I03", "I04", "I07", "I23", "gdp_100m", "population_10k", "enterprises_1k"]


def run(rule: Rule, rows: dict) -> list[str]:
    counties, data = frame_data(rows)
    return [v.county for v in check_rules([rule], counties, data)]


def test_arithmetic_precedence_unary_and_functions():
    data = {"a": np.array([2.0]), "b": np.array([3.0])}
    cases = {
        "a + b * 2": 8,
        "(a + b) * 2": 10,
        "-a + b": 1,
        "a / b * 3": 2,
        "abs(a - b)": 1,
        "max(a, b, 10)": 10,
        "min(a, b)": 2,
        "2e3 / 1000": 2,
        "--a": 2,
        ".5 * a": 1,
    }
    for text, expected in cases.items():
        assert evaluate(parse(text), data, 1)[0] == pytest.approx(expected), text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1 +",
        "a b",
        "a ** 2",
        "abs(1, 2)",
        "max(1)",
        "foo(1)",
        "__import__",
        "a; b",
        "a[0]",
        "'x'",
        "a.b",
        "(" * 13 + "1" + ")" * 13,
        "1" + " + 1" * 70,
        "x" * 301,
    ],
)
def test_bad_expressions_are_refused_with_a_reason(text):
    with pytest.raises(ExpressionError) as info:
        check_expression(text, ["a", "b"])
    assert str(info.value) and "%(" not in str(info.value)


def test_unknown_codes_are_named():
    with pytest.raises(ExpressionError, match="I99"):
        check_expression("I01 + I99", CODES)
    assert references(check_expression("I03 / gdp_100m / 100", CODES)) == {"I03", "gdp_100m"}


@given(st.text(max_size=60))
def test_the_parser_never_fails_otherwise(text):
    try:
        tree = parse(text)
    except ExpressionError:
        return
    evaluate(tree, {}, 2)  # whatever parsed also evaluates (NaN where codes are absent)


def test_each_operator_on_hand_made_counties():
    rows = {
        "A": {"I03": 50.0, "gdp_100m": 0.004},
        "B": {"I03": 40.0, "gdp_100m": 0.004},
        "C": {"I03": 41.0, "gdp_100m": 0.004},
        "D": {"I03": None, "gdp_100m": 0.004},
    }  # 0.004 亿元 = 40 万元
    limit = "gdp_100m * 10000"
    assert run(Rule("le", "I03", "<=", limit), rows) == ["A", "C"]
    assert run(Rule("lt", "I03", "<", limit), rows) == ["A", "B", "C"]
    assert run(Rule("ge", "I03", ">=", limit), rows) == []
    assert run(Rule("gt", "I03", ">", limit), rows) == ["B"]
    assert run(Rule("eq", "I03", "==", limit), rows) == ["A", "C"]
    assert run(Rule("eq5", "I03", "==", limit, tolerance=0.05), rows) == ["A"]  # |41-40| ≤ 5% of 41
    assert run(Rule("ne", "I03", "!=", limit), rows) == ["B"]
    # D is missing I03: no rule is checked for it (DHIS2's skip-if-missing).


def test_division_by_zero_skips_the_county():
    rows = {"A": {"I04": 1.0, "I03": 5.0, "gdp_100m": 0.0}}
    assert run(Rule("share", "I04", "==", "I03 / gdp_100m / 100", tolerance=0.05), rows) == []


def test_violation_carries_the_values_involved():
    counties, data = frame_data({"X": {"I07": 1200.0, "enterprises_1k": 1.0, "I01": 3.0}})
    [v] = check_rules(
        [Rule("ht", "I07", "<=", "enterprises_1k * 1000", "error", "高企不能多于企业")], counties, data
    )
    assert (v.county, v.left, v.right, v.values, v.importance) == (
        "X",
        1200.0,
        1000.0,
        {"I07": 1200.0, "enterprises_1k": 1.0},
        "error",
    )


def test_rule_problems_per_field():
    rule = Rule("x", "I01 +", "~", "I99", "fatal", tolerance=2)
    assert set(rule.problems(CODES)) == {"left", "operator", "right", "importance", "tolerance"}
    assert Rule("ok", "I01", "<=", "gdp_100m * 10000").problems(CODES) == {}


def test_shipped_set_for_the_provisional_framework():
    rules = {r.code: r for r in shipped_rules("provisional-23")}
    assert len(rules) >= 15 and all(
        not r.problems(CODES + [f"I{i:02d}" for i in range(1, 24)]) for r in rules.values()
    )
    assert {
        "share-I02-max",
        "rd-within-gdp",
        "hightech-within-enterprises",
        "gdp-per-capita-consistent",
        "rd-share-consistent",
    } <= set(rules)
    assert all(r.message_zh and r.message_en for r in rules.values())
    # Hand-made counties: one clean, one breaking each kind of shipped rule.
    clean = {
        "I02": 2.0,
        "I03": 20000.0,
        "gdp_100m": 100.0,
        "I04": 2.0,
        "I07": 50.0,
        "enterprises_1k": 3.0,
        "population_10k": 25.0,
        "I23": 40000.0,
    }
    broken = {
        "I02": 120.0,
        "I03": 200_000.0,
        "gdp_100m": 10.0,
        "I04": 2.0,
        "I07": 5000.0,
        "enterprises_1k": 3.0,
        "population_10k": 25.0,
        "I23": 30000.0,
    }
    counties, data = frame_data({"clean": clean, "broken": broken})
    found = check_rules(list(rules.values()), counties, data)
    assert {v.county for v in found} == {"broken"}
    by_rule = {v.rule.code: v for v in found}
    assert set(by_rule) == {
        "share-I02-max",
        "rd-within-gdp",
        "rd-share-consistent",
        "hightech-within-enterprises",
        "gdp-per-capita-consistent",
    }
    assert by_rule["rd-share-consistent"].right == pytest.approx(200.0)  # 200000 万元 / 10 亿元 / 100
    assert by_rule["gdp-per-capita-consistent"].right == pytest.approx(4000.0)  # 10 亿元 / 25 万人
    assert by_rule["share-I02-max"].importance == "error"
    assert by_rule["gdp-per-capita-consistent"].importance == "warning"


def test_shipped_rules_are_limited_to_the_framework_codes():
    hunan_like = ["I02", "I03", "I07", "gdp_100m", "enterprises_1k", "population_10k"]
    codes = {r.code for r in shipped_rules("provisional-23", hunan_like)}
    assert "rd-within-gdp" in codes and "gdp-per-capita-consistent" not in codes
    assert shipped_rules("no-such-framework") == []


def test_stored_rounding_never_breaks_an_equality():
    counties, data = frame_data({"A": {"I04": 1.1, "I03": 1.1 * 3.3 * 100, "gdp_100m": 3.3}})
    assert not math.isnan(data["I04"][0])
    assert check_rules([Rule("eq", "I04", "==", "I03 / gdp_100m / 100")], counties, data) == []


@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(-1e6, 1e6, allow_nan=False))
def test_opposite_operators_never_both_fail(a, b):
    """Where both sides exist, a ≤ b or a > b holds, and a ≥ b or a < b (up to rounding: never neither)."""
    left, right = np.array([a]), np.array([b])
    from innocounty.evaluation.validation_rules import holds

    assert holds("<=", left, right)[0] or holds(">", left, right)[0]
    assert holds(">=", left, right)[0] or holds("<", left, right)[0]
    assert holds("==", left, right)[0] != holds("!=", left, right)[0]
