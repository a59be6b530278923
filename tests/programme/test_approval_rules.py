"""The approval list's rules (no database): the score order, the proposal, departures and their reasons,
the balance counts, the inclusive notice period and the document number; properties with hypothesis."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.programme.approval_rules import (
    InspectionConclusion,
    ListCandidate,
    ListDecision,
    departure_problems,
    departures,
    document_number_problems,
    inversions,
    list_balance,
    notice_period,
    order_key,
    parse_document_number,
    plan_gaps,
    proposed_decisions,
    score_order,
)
from innocounty.programme.balance import THREE_BELTS

PROVINCES = sorted(THREE_BELTS)
candidate = st.builds(
    ListCandidate,
    application_id=st.integers(1, 10_000),
    county_code=st.builds(lambda p, n: f"{p}{n:04d}", st.sampled_from(PROVINCES), st.integers(100, 9999)),
    theme=st.sampled_from(["industry", "ecology", "livelihood", None]),
    score=st.one_of(st.none(), st.floats(0, 100, allow_nan=False)),
    inspection=st.one_of(st.none(), st.sampled_from(list(InspectionConclusion))),
    evaluation_rank=st.one_of(st.none(), st.integers(1, 2000)),
)
candidates = st.lists(candidate, max_size=25, unique_by=lambda c: c.application_id)
decision = st.sampled_from(list(ListDecision))


@given(candidates)
def test_the_order_is_a_sorted_permutation(cs):
    order = score_order(cs)
    assert sorted(c.application_id for c in order) == sorted(c.application_id for c in cs)
    keys = [order_key(c) for c in order]
    assert keys == sorted(keys)
    scored = [c.score for c in order if c.score is not None]
    assert scored == sorted(scored, reverse=True)
    assert all(c.score is None for c in order[len(scored):])  # unscored last


@given(candidates, st.one_of(st.none(), st.integers(0, 30)))
def test_the_proposal_follows_the_order_and_never_departs(cs, places):
    proposed = proposed_decisions(cs, places)
    approved = [a for a, d in proposed.items() if d is ListDecision.APPROVE]
    assert places is None or len(approved) <= places
    assert all(c.inspection is not InspectionConclusion.NOT_RECOMMEND for c in cs if c.application_id in approved)
    eligible = [c for c in cs if c.inspection is not InspectionConclusion.NOT_RECOMMEND]
    if all(c in eligible for c in cs):
        assert departures(cs, proposed) == frozenset()
        assert departure_problems(cs, proposed, {}) == []


@given(candidates, st.data())
def test_departures_are_exactly_the_inversions_and_one_reason_covers_them(cs, data):
    decisions = {c.application_id: data.draw(decision) for c in cs}
    pairs = inversions(cs, decisions)
    assert departures(cs, decisions) == frozenset(a for pair in pairs for a in pair)
    rank = {c.application_id: i for i, c in enumerate(score_order(cs))}
    assert all(rank[over] < rank[instead] for over, instead in pairs)
    assert bool(departure_problems(cs, decisions, {})) == bool(pairs)
    reasons = {over: "理由" for over, _ in pairs}  # a reason on each county passed over covers everything
    assert departure_problems(cs, decisions, reasons) == []
    # Approved ones form a prefix of the order exactly when nothing departs.
    flags = [decisions[c.application_id] is ListDecision.APPROVE for c in score_order(cs)]
    assert (not pairs) == (flags == sorted(flags, reverse=True))


@given(candidates, st.data())
def test_the_balance_counts_add_up(cs, data):
    decisions = {c.application_id: data.draw(decision) for c in cs}
    balance = list_balance(cs, decisions)
    approved = sum(d is ListDecision.APPROVE for d in decisions.values())
    assert balance.total.candidates == len(cs) and balance.total.selected == approved
    for groups in (balance.by_belt, balance.by_theme, balance.by_province):
        assert sum(t.candidates for t in groups.values()) == len(cs)
        assert sum(t.selected for t in groups.values()) == approved
    gaps = {g.group: g for g in plan_gaps(balance, {"total": 10, "belt:west": 3, "theme:ecology": 2, "other": 1})}
    assert set(gaps) == {"total", "belt:west", "theme:ecology"}
    assert gaps["total"].difference == approved - 10 and gaps["belt:west"].approved == balance.by_belt["west"].selected


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.integers(1, 30))
def test_the_notice_period_is_inclusive(start, days):
    period = notice_period(start, days)
    assert period.days == days and period.open_on(start) and period.open_on(period.ends)
    assert not period.over_on(period.ends) and period.over_on(period.ends + timedelta(days=1))
    assert not period.open_on(start - timedelta(days=1))


def test_the_2018_notice():
    period = notice_period(date(2018, 11, 22))
    assert (period.starts, period.ends) == (date(2018, 11, 22), date(2018, 11, 28))
    with pytest.raises(ValueError):
        notice_period(date(2018, 11, 22), 0)


@pytest.mark.parametrize("text", ["国科发农〔2023〕76号", "国科发〔2018〕130号", "国科发农〔2022〕158号"])
def test_real_document_numbers_parse(text):
    assert str(parse_document_number(text)) == text and document_number_problems(text) == []


@pytest.mark.parametrize("text", ["", "国科发农[2023]76号", "国科发农〔23〕76号", "国科发农〔2023〕076号", "〔2023〕76号",
                                  "国科发农〔2023〕76", "Guokefa〔2023〕76号", "国科发农〔2023〕76号 x"])
def test_malformed_document_numbers_are_refused(text):
    assert [p.code for p in document_number_problems(text)] == ["document_number_invalid"]


def test_the_number_year_is_the_year_of_issue():
    assert [p.code for p in document_number_problems("国科发农〔2023〕76号", date(2024, 1, 2))] == ["document_number_year"]
    assert document_number_problems("国科发农〔2023〕76号", date(2023, 5, 10)) == []
