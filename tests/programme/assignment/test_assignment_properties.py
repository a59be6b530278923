"""On random pools, no proposal breaks a hard rule, and an infeasible pool is reported, never hidden."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model

from innocounty.programme.assignment import HARD_RULES, check_panels, covers, ineligible_reason, propose

from .pools import pools


def independently_feasible(cands, exps, rules) -> bool:
    """A separate, plain CP-SAT feasibility model of the hard rules (no objective)."""
    model = cp_model.CpModel()
    x = {(c.id, e.id): model.new_bool_var("") for c in cands for e in exps if not ineligible_reason(e, c)}
    for c in cands:
        model.add(sum(v for (a, _), v in x.items() if a == c.id) == rules.panel_size)
        model.add(
            sum(v for (a, b), v in x.items() if a == c.id and covers(next(e for e in exps if e.id == b), c))
            >= 1
        )
    for e in exps:
        model.add(sum(v for (_, b), v in x.items() if b == e.id) <= rules.capacity(e))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools(candidates=(2, 12), experts=(4, 24), panel=(1, 4), load=(1, 4)))
def test_no_proposal_breaks_a_hard_rule_and_infeasibility_is_reported(pool):
    cands, exps, rules = pool
    proposal = propose(cands, exps, rules, time_limit=5)
    assert proposal.feasible == independently_feasible(cands, exps, rules)
    if proposal.feasible:
        assert set(proposal.panels) == {c.id for c in cands}
        assert not check_panels(proposal.panels, exps, cands, rules)
        assert proposal.bound >= proposal.min_match - 1e-9
    else:
        assert proposal.problems and not proposal.panels
        for problem in proposal.problems:
            assert problem.text and "%(" not in problem.text
            assert problem.code in (*HARD_RULES, "assignment_infeasible") or problem.path.startswith("pinned")
