"""The linear relaxation: the bound on the achievable minimum, and the stage-2 LP used to prove the total.

HiGHS (through OR-Tools' linear-solver wrapper; GLOP when HiGHS is missing) solves the 200 × 300 relaxation
in about a second where GLOP needed 8–12 s on our (shared) machine. Should the LP not finish within its share
of the time, the bound is the weaker one of each application's best panel on its own (:func:`alone_bound`).

Stage 2 also solves its relaxation (maximise the total with t fixed), with GLOP: the row duals HiGHS returns
through the wrapper do not give a valid dual bound (checked: the bound came out 28 times the optimum), GLOP's
do (equal to the LP optimum on our pools). Its optimum bounds the total, its rounded solution is often a
better incumbent than stage 1's, and its reduced costs fix variables: a variable
at 0 whose reduced cost r satisfies z_LP − |r| < z_incumbent − 1 is 0 in every solution at least as good as
the incumbent (and symmetrically for variables at 1), so CP-SAT searches a much smaller model.
"""

from __future__ import annotations

from collections.abc import Mapping

from ortools.linear_solver import pywraplp

from .model import SCALE, Candidate, Expert, Rules, covers

Key = tuple[int, int]


class Relaxation:
    def __init__(
        self, candidates, experts, rules: Rules, eligible, caps, pins, scores, solver: str = "HIGHS"
    ):
        self.scores = scores
        lp = pywraplp.Solver.CreateSolver(solver)
        if lp is not None and solver == "HIGHS":
            # HiGHS prints its banner on every solve unless told otherwise (the call reports failure, but works)
            lp.SetSolverSpecificParametersAsString("output_flag=false")
        lp = lp or pywraplp.Solver.CreateSolver("GLOP")
        lp.SuppressOutput()
        self.lp = lp
        self.x = x = {k: lp.NumVar(0.0, 1.0, "") for k in scores}
        self.t = t = lp.NumVar(0.0, rules.panel_size * SCALE, "t")
        by_expert: dict[int, list] = {}
        for (_c, e), var in x.items():
            by_expert.setdefault(e, []).append(var)
        self.rows: dict[int, tuple] = {}
        for c, es in eligible.items():
            self.rows[c] = (
                lp.Add(lp.Sum([x[c, e] for e in es]) == rules.panel_size),
                lp.Add(lp.Sum([x[c, e] for e in es if covers(experts[e], candidates[c])]) >= 1),
                lp.Add(lp.Sum([scores[c, e] * x[c, e] for e in es]) >= t),
            )
        self.cap_rows = {e: lp.Add(lp.Sum(vars_) <= caps[e]) for e, vars_ in by_expert.items()}
        self.caps = caps
        for k in pins:
            x[k].SetLb(1.0)
        self.args = (candidates, experts, rules, eligible, pins, scores)

    def max_min(self, seconds: float) -> float | None:
        """The relaxation's optimum t (an upper bound on the integer max-min); None: no assignment exists
        (the hard rules alone are a flow problem, so an infeasible relaxation proves it)."""
        self.lp.SetTimeLimit(max(1, int(seconds * 1000)))
        self.lp.Maximize(self.t)
        status = self.lp.Solve()
        if status == pywraplp.Solver.INFEASIBLE:
            return None
        if status != pywraplp.Solver.OPTIMAL:
            return alone_bound(*self.args)
        return self.t.solution_value()

    def max_total(
        self, t_min: int, seconds: float
    ) -> tuple[float, dict[Key, float], dict[Key, float]] | None:
        """(optimum total, values, reduced costs) of the relaxation with t ≥ t_min; None if not solved."""
        self.t.SetLb(float(t_min))
        self.lp.SetTimeLimit(max(1, int(seconds * 1000)))
        self.lp.Maximize(self.lp.Sum([self.scores[k] * v for k, v in self.x.items()]))
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        values = {k: v.solution_value() for k, v in self.x.items()}
        z_dual, costs = self._dual_bound(t_min)
        return self.lp.Objective().Value(), z_dual, values, costs

    def _dual_bound(self, t_min: int) -> tuple[float, dict[Key, float]]:
        """A valid upper bound on the total and the reduced costs, from the LP's row duals made
        sign-feasible (the wrappers differ in sign conventions and some return no reduced costs, so they are
        recomputed here): for any assignment with t ≥ t_min, total ≤ D + Σ_j r_j·x_j, D = Σ_i y_i·b_i + r_t·t_min."""
        candidates, experts, rules, _eligible, pins, scores = self.args
        raw = {c: tuple(r.dual_value() for r in rows) for c, rows in self.rows.items()}
        raw_cap = {e: r.dual_value() for e, r in self.cap_rows.items()}
        # maximisation: "=" rows free, ">=" rows y <= 0, "<=" rows y >= 0. Either sign of the reported duals,
        # clipped to those signs, gives a valid bound: keep the tighter.
        return min((self._bound(sign, raw, raw_cap, t_min) for sign in (1.0, -1.0)), key=lambda b: b[0])

    def _bound(self, sign, raw, raw_cap, t_min):
        candidates, experts, rules, _eligible, pins, scores = self.args
        y = {c: (sign * a, min(0.0, sign * b), min(0.0, sign * d)) for c, (a, b, d) in raw.items()}
        y_cap = {e: max(0.0, sign * v) for e, v in raw_cap.items()}
        costs = {}
        for (c, e), s_ce in scores.items():
            panel, cover, trow = y[c]
            hit = cover if covers(experts[e], candidates[c]) else 0.0
            costs[c, e] = s_ce - panel - hit - trow * s_ce - y_cap[e]
        r_t = sum(v[2] for v in y.values())  # t's column is -1 in every t-row; <= 0
        base = sum(rules.panel_size * a + b for a, b, _ in y.values()) + sum(
            self.caps[e] * v for e, v in y_cap.items()
        )
        pinned = set(pins)
        z = base + r_t * t_min + sum(r if k in pinned else max(r, 0.0) for k, r in costs.items())
        return z, costs


def fixings(z_bound: float, z_inc: int, costs: Mapping[Key, float], pins=()):
    """(keys fixed to 0, keys fixed to 1) by reduced cost: with ``z_bound`` = D + Σ max(r, 0), a variable
    with r < 0 set to 1, or one with r > 0 set to 0, caps the total at z_bound − |r|; below the incumbent's
    total (with a margin of 1 for rounding), no solution at least as good as the incumbent does that."""
    pinned = set(pins)
    zero, one = [], []
    for k, r in costs.items():
        if k in pinned or z_bound - abs(r) >= z_inc - 1:
            continue
        (zero if r < 0 else one).append(k)
    return zero, one


def alone_bound(
    candidates: Mapping[int, Candidate], experts: Mapping[int, Expert], rules: Rules, eligible, pins, scores
) -> float:
    """min over applications of the best panel each could have on its own (no loads): a valid, weak bound."""
    pinned = set(pins)
    best = []
    for c, es in eligible.items():
        ranked = sorted(es, key=lambda e, c=c: ((c, e) not in pinned, -scores[c, e]))
        panel = ranked[: rules.panel_size]
        if not any(covers(experts[e], candidates[c]) for e in panel):
            theme = [e for e in ranked if covers(experts[e], candidates[c])]
            if theme:
                panel = panel[:-1] + theme[:1]
        best.append(sum(scores[c, e] for e in panel))
    return float(min(best, default=0))


def valid(chosen: set[Key], candidates, experts, rules: Rules, caps, pins, scores, t_min: int) -> bool:
    """Whether a 0/1 selection satisfies every hard rule and the stage-1 minimum."""
    panels: dict[int, list[int]] = {c: [] for c in candidates}
    loads: dict[int, int] = {}
    for c, e in chosen:
        panels[c].append(e)
        loads[e] = loads.get(e, 0) + 1
    if any(loads[e] > caps[e] for e in loads) or not set(pins) <= chosen:
        return False
    for c, es in panels.items():
        if len(es) != rules.panel_size or not any(covers(experts[e], candidates[c]) for e in es):
            return False
        if sum(scores[c, e] for e in es) < t_min:
            return False
    return True
