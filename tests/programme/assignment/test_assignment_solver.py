"""propose(): optimal against brute force, never breaking a hard rule, and honest about infeasibility."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from innocounty.programme.assignment import (
    Candidate,
    Expert,
    Rules,
    check_panels,
    greedy,
    propose,
)
from innocounty.programme.assignment.generate import programme_pool, theme_shortage_pool

from .pools import achieved, brute_force, pools

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(pools())
def test_lexicographic_optimum_equals_brute_force(pool):
    cands, exps, rules = pool
    best = brute_force(cands, exps, rules)
    proposal = propose(cands, exps, rules, time_limit=10)
    if best is None:
        assert not proposal.feasible and proposal.problems and not proposal.panels
        return
    assert proposal.feasible and proposal.optimal, proposal.statuses
    assert achieved(proposal, cands, exps) == best
    assert proposal.bound >= proposal.min_match - 1e-9
    assert not check_panels(proposal.panels, exps, cands, rules)


def test_the_theme_shortage_is_named():
    cands, exps = theme_shortage_pool()
    proposal = propose(cands, exps, Rules(5, 5), time_limit=10)
    assert not proposal.feasible
    (problem,) = proposal.problems
    assert problem.code == "panel_lacks_theme"
    assert problem.params["candidate_ids"] == (900, 901, 902, 903, 904, 905)
    assert problem.params["demand"] == 6 and problem.params["capacity"] == 5
    assert "科技支撑民生改善" in problem.text and "900" in problem.text
    # by counts it looks feasible: enough livelihood experts in the pool, and capacity to spare
    livelihood = [e for e in exps if "livelihood" in e.fields]
    assert len(livelihood) * 5 >= 6 * 2 and len(exps) * 5 > len(cands) * 5


def test_too_few_eligible_experts_names_the_rule_and_counts():
    cands = [Candidate(1, "320583", "32", "industry", frozenset({"industry"}))]
    exps = [Expert(10 + i, "32" if i < 3 else "11", frozenset({"industry"})) for i in range(6)]
    exps.append(Expert(20, "44", frozenset({"industry"}), conflict_counties=frozenset({"320583"})))
    proposal = propose(cands, exps, Rules(panel_size=5, max_load=5))
    (problem,) = proposal.problems
    assert problem.code == "panel_size"
    assert problem.params["eligible"] == 3 and problem.params["same_province"] == 3
    assert problem.params["conflict"] == 1 and problem.params["candidate_ids"] == (1,)


def test_no_theme_expert_at_all_names_the_theme():
    cands = [Candidate(1, "320583", "32", "ecology", frozenset({"ecology"}))]
    exps = [Expert(10 + i, "11", frozenset({"industry"})) for i in range(3)]
    exps.append(Expert(20, "32", frozenset({"ecology"})))
    proposal = propose(cands, exps, Rules(panel_size=2, max_load=5))
    assert [p.code for p in proposal.problems] == ["panel_lacks_theme"]
    assert "科技支撑生态文明" in proposal.problems[0].text


def test_total_capacity_below_demand():
    cands = [Candidate(i, f"3205{i:02d}", "32", "industry", frozenset({"industry"})) for i in range(1, 5)]
    exps = [Expert(10 + i, "11", frozenset({"industry"})) for i in range(3)]
    proposal = propose(cands, exps, Rules(panel_size=3, max_load=3))
    assert "expert_overloaded" in [p.code for p in proposal.problems]
    assert proposal.problems[0].params["demand"] == 12 and proposal.problems[0].params["capacity"] == 9


def test_seat_shortage_for_a_subset_is_named():
    # Jiangsu's 3 applications may use only the 2 Beijing experts (K=2: 4 seats for 6 needed); Beijing's are fine
    cands = [Candidate(i, f"3205{i:02d}", "32", "industry", frozenset({"industry"})) for i in range(1, 4)]
    cands.append(Candidate(9, "110101", "11", "industry", frozenset({"industry"})))
    exps = [Expert(10 + i, "11", frozenset({"industry"})) for i in range(2)]
    exps += [Expert(20 + i, "32", frozenset({"industry"})) for i in range(4)]
    proposal = propose(cands, exps, Rules(panel_size=2, max_load=2))
    (problem,) = proposal.problems
    assert problem.code == "expert_overloaded"
    assert problem.params["candidate_ids"] == (1, 2, 3)
    assert problem.params["demand"] == 6 and problem.params["capacity"] == 4


def test_pinned_and_forbidden_pairs_are_honoured():
    cands, exps = programme_pool(12, 30, seed=3)
    rules = Rules(3, 3)
    free = propose(cands, exps, rules, time_limit=10)
    cid, members = next(iter(free.panels.items()))
    other = next(
        e.id
        for e in exps
        if e.id not in members
        and not check_panels({cid: (*members[:2], e.id)}, exps, [c for c in cands if c.id == cid], rules)
    )
    pinned = propose(cands, exps, rules, pinned=[(cid, other)], forbidden=[(cid, members[0])], time_limit=10)
    assert pinned.feasible
    assert other in pinned.panels[cid] and members[0] not in pinned.panels[cid]
    assert not check_panels(pinned.panels, exps, cands, rules)


def test_an_ineligible_pin_is_refused_with_the_rule():
    cands = [Candidate(1, "320583", "32", "industry", frozenset({"industry"}))]
    exps = [Expert(10 + i, "11", frozenset({"industry"})) for i in range(3)] + [Expert(20, "32", frozenset())]
    proposal = propose(cands, exps, Rules(2, 2), pinned=[(1, 20)])
    assert not proposal.feasible
    assert proposal.problems[0].code == "expert_same_province" and proposal.problems[0].path == "pinned.1.20"


def test_inactive_experts_and_own_loads_are_respected():
    cands, exps = programme_pool(20, 40, seed=5)
    exps = [
        Expert(
            e.id,
            e.province,
            e.fields,
            e.conflict_counties,
            e.conflict_orgs,
            max_load=1 if i % 3 == 0 else None,
            active=i % 7 != 0,
        )
        for i, e in enumerate(exps)
    ]
    proposal = propose(cands, exps, Rules(3, 4), time_limit=10)
    assert proposal.feasible
    inactive = {e.id for e in exps if not e.active}
    assert not inactive & {e for ms in proposal.panels.values() for e in ms}
    assert all(proposal.loads[e.id] <= 1 for e in exps if e.max_load == 1)
    assert not check_panels(proposal.panels, exps, cands, Rules(3, 4))


def test_quality_is_reported_and_beats_or_equals_the_greedy_baseline():
    cands, exps = programme_pool(30, 50, seed=7)
    rules = Rules(4, 4)
    proposal = propose(cands, exps, rules, time_limit=20)
    base = greedy(cands, exps, rules)
    assert proposal.optimal
    assert (proposal.greedy_min, proposal.greedy_total) == (base.min_match, base.total_match)
    assert proposal.min_match >= base.min_match
    assert proposal.min_match == min(q.panel_match for q in proposal.per_candidate.values())
    assert all(q.worst_member_match <= q.panel_match for q in proposal.per_candidate.values())
    assert sum(proposal.loads.values()) == 4 * len(cands)
    assert 0 <= proposal.gap <= 1 and proposal.bound >= proposal.min_match
    assert proposal.total_bound == proposal.total_match
    assert not check_panels(base.panels, exps, cands, rules)


def test_nothing_to_assign():
    proposal = propose([], [Expert(1, "11")], Rules())
    assert proposal.feasible and proposal.panels == {} and proposal.loads == {1: 0}


def test_a_tiny_time_limit_still_returns_a_valid_assignment():
    cands, exps = programme_pool(60, 100, seed=2)
    rules = Rules(5, 5)
    proposal = propose(cands, exps, rules, time_limit=0.1)
    assert proposal.feasible
    assert not check_panels(proposal.panels, exps, cands, rules)
    assert proposal.bound >= proposal.min_match


def test_rules_that_conflict_only_together_are_said_so_plainly():
    # every count and both Hall checks pass, yet application 2 needs both theme experts, leaving none for 1
    c1 = Candidate(1, "320583", "32", "industry", frozenset({"industry"}))
    c2 = Candidate(2, "440101", "44", "industry", frozenset({"industry"}))
    industry = frozenset({"industry"})
    exps = [
        Expert(10, "11", industry),
        Expert(11, "11", industry, conflict_counties=frozenset({"320583"})),
        Expert(12, "11", frozenset({"种业"}), conflict_counties=frozenset({"440101"})),
        Expert(13, "11", frozenset({"种业"}), conflict_counties=frozenset({"440101"})),
    ]
    proposal = propose([c1, c2], exps, Rules(panel_size=2, max_load=1))
    assert not proposal.feasible
    (problem,) = proposal.problems
    assert problem.code == "assignment_infeasible"
    assert set(problem.params["candidate_ids"]) == {1, 2}


def test_the_restricted_incumbent_step_keeps_the_optimum(monkeypatch):
    from innocounty.programme.assignment import solve

    cands, exps = programme_pool(24, 40, seed=11)
    rules = Rules(3, 3)
    plain = propose(cands, exps, rules, time_limit=20)
    monkeypatch.setattr(solve, "RESTRICT_ABOVE", 0)
    restricted = propose(cands, exps, rules, time_limit=20)
    assert plain.optimal and restricted.optimal
    assert achieved(restricted, cands, exps) == achieved(plain, cands, exps)
    assert not check_panels(restricted.panels, exps, cands, rules)
