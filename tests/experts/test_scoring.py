"""The pure scoring core: the default rubric, totals, aggregation and the disagreement flag."""

import math

from hypothesis import given
from hypothesis import strategies as st

from innocounty.programme import KeyTask, PlanSection
from innocounty.programme.scoring import (
    DEFAULT_RUBRIC,
    Criterion,
    DisagreementRule,
    Rubric,
    review_problems,
    rubric_problems,
    sample_sd,
    summarise,
    total_score,
    trimmed_mean,
)

totals = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=0, max_size=12)


def test_default_rubric_covers_the_sections_and_the_six_key_tasks_weights_sum_to_100():
    refs = {c.ref for c in DEFAULT_RUBRIC.criteria}
    assert {f"key_tasks.{t.value}" for t in KeyTask} <= refs
    assert {f"sections.{s.value}" for s in PlanSection if s is not PlanSection.TASKS} <= refs
    assert sum(c.weight for c in DEFAULT_RUBRIC.criteria) == 100
    assert rubric_problems(DEFAULT_RUBRIC) == []


def test_rubric_problems_name_each_fault():
    bad = Rubric((Criterion("a", "A", 0), Criterion("a", "", 1, 5, 5), Criterion("x y", "X", float("inf"))))
    codes = {p.code for p in rubric_problems(bad)}
    assert {
        "criterion_weight",
        "criterion_duplicate",
        "criterion_label",
        "criterion_range",
        "criterion_code",
    } <= codes
    assert [p.code for p in rubric_problems(Rubric(()))] == ["rubric_empty"]


def test_total_is_a_weighted_percentage():
    assert total_score(DEFAULT_RUBRIC, {c.code: 10 for c in DEFAULT_RUBRIC.criteria}) == 100
    assert total_score(DEFAULT_RUBRIC, {}) == 0
    r = Rubric((Criterion("a", "A", 3, 0, 10), Criterion("b", "B", 1, 1, 5)))
    assert total_score(r, {"a": 5, "b": 5}) == (3 * 0.5 + 1 * 1.0) / 4 * 100


def test_review_problems_list_every_missing_score_and_the_recommendation():
    problems = review_problems(DEFAULT_RUBRIC, {"section_basis": 11}, None)
    codes = [p.code for p in problems]
    assert codes.count("score_missing") == len(DEFAULT_RUBRIC.criteria) - 1
    assert "score_out_of_range" in codes and "recommendation_missing" in codes


@given(totals)
def test_aggregation_properties(values):
    s = summarise(values, [], n_expected=5)
    assert s.n_in == len(values)
    if not values:
        assert s.mean is None and not s.disagreement
        return
    assert min(values) - 1e-9 <= s.trimmed_mean <= max(values) + 1e-9
    assert min(values) - 1e-9 <= s.mean <= max(values) + 1e-9
    assert math.isclose(s.mean, sum(values) / len(values), abs_tol=1e-6)
    if len(values) < 2:
        assert s.sd is None and not s.disagreement
    else:
        assert s.sd >= 0
        assert s.disagreement == ((s.maximum - s.minimum > 20) or s.sd > 10)


@given(totals, st.floats(min_value=-50, max_value=50, allow_nan=False))
def test_shifting_every_score_shifts_the_means_and_keeps_the_spread(values, shift):
    a, b = summarise(values, [], 5), summarise([v + shift for v in values], [], 5)
    if values:
        assert math.isclose(b.mean, a.mean + shift, abs_tol=1e-6)
        assert math.isclose(b.trimmed_mean, a.trimmed_mean + shift, abs_tol=1e-6)
        if a.sd is not None:
            assert math.isclose(a.sd, b.sd, abs_tol=1e-6)


def test_trimmed_mean_drops_one_each_side_from_five_and_nothing_below():
    assert trimmed_mean([0, 50, 60, 70, 100]) == 60
    assert trimmed_mean([0, 100]) == 50
    assert sample_sd([1]) is None


def test_disagreement_rule_is_configurable_and_recommendation_split_flags():
    assert not summarise([65, 75], ["approve", "approve"], 2).disagreement
    assert summarise([65, 75], [], 2, DisagreementRule(max_range=5)).reasons == ("range",)
    s = summarise([70, 72], ["approve", "reject"], 2)
    assert s.disagreement and s.reasons == ("recommendation",)
    assert not summarise(
        [70, 72], ["approve", "reject"], 2, DisagreementRule(split_recommendation=False)
    ).disagreement
