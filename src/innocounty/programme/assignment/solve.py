"""The proposal: a lexicographic max-min, then max-total, assignment from OR-Tools CP-SAT, with an LP bound.

1. The eligible pairs (active, other province, no declared conflict, not excluded, expert's K > 0) and the
   named infeasibility checks of :mod:`.diagnose`; pinned slots must be eligible.
2. The linear relaxation (HiGHS, else GLOP) of stage 1: an upper bound on the achievable minimum. The hard
   rules alone are a flow problem with lower bounds (totally unimodular), so an infeasible relaxation proves
   that no assignment exists.
3. The two greedy assignments (:mod:`.greedy`); the better one is CP-SAT's hint.
4. Stage 1: maximise t subject to Σ_e s_ae·x_ae ≥ t for every application a (s = match × 1000, exact
   integers), with t ≤ ⌊LP bound⌋ so that reaching the bound proves optimality (when the hint already
   reaches it, stage 1 is proved without search). Stage 2: t ≥ the stage-1 value, maximise Σ s_ae·x_ae, hinted with the stage-1 assignment (or the stage-2 LP's rounded solution, when valid and
   better), on a model shrunk by reduced-cost fixing (:mod:`.relax`).

The time limit is shared: the first LP at most 30 %, stage 1 60 % of what is left after the set-up, stage
2's LP (GLOP, for its duals) at most 60 % of what is left then, stage 2 the rest (all of it when stage 1 is
proved early).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from ..problems import Problem, gettext_noop
from .diagnose import diagnose, most_constrained
from .greedy import eligibility, greedy_panels, greedy_proposal, sequential_panels
from .model import (
    SCALE,
    Candidate,
    Expert,
    Proposal,
    Rules,
    by_id,
    covers,
    ineligible_reason,
    loads_of,
    quality,
    score,
)
from .relax import Relaxation, fixings, valid
from .rules import overloaded, pair_problem

STAGE1_SHARE = 0.6
LP_SHARE = 0.3
LP2_SHARE = 0.6
#: Above this many free variables per application after fixing, a restricted model finds a better incumbent.
RESTRICT_ABOVE = 20
NEAR = 12
WORKERS = 2


def propose(
    candidates: Iterable[Candidate] | Mapping[int, Candidate],
    experts: Iterable[Expert] | Mapping[int, Expert],
    rules: Rules,
    *,
    time_limit: float = 30.0,
    pinned: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
) -> Proposal:
    """Propose panels for every candidate (see the module docstring); never breaks a hard rule."""
    start = time.perf_counter()
    deadline = start + max(0.1, time_limit)
    clock = _Clock(start)
    candidates = by_id(candidates, "candidate")
    experts = by_id(experts, "expert")
    banned = set(forbidden)
    pins = sorted(set(pinned))
    caps, eligible = eligibility(candidates, experts, rules, banned)
    if not candidates:
        return Proposal(True, loads=loads_of({}, experts), optimal=True, solver="none")
    problems = _pin_problems(pins, candidates, experts, rules, banned, caps)
    problems += diagnose(candidates, experts, rules, eligible, caps, banned)
    clock.lap("checks")
    if problems:
        return _infeasible(problems, experts, clock, "diagnosis")
    pin_map: dict[int, list[int]] = {}
    for cid, eid in pins:
        pin_map.setdefault(cid, []).append(eid)
    scores = {(c, e): score(experts[e], candidates[c]) for c, es in eligible.items() for e in es}
    relaxation = Relaxation(candidates, experts, rules, eligible, caps, pins, scores)
    lp = relaxation.max_min(LP_SHARE * time_limit)
    clock.lap("lp")
    if lp is None:
        return _infeasible(
            [most_constrained(candidates, experts, eligible, rules.panel_size)], experts, clock, "glop"
        )
    args = (candidates, experts, rules, eligible, caps, pin_map)
    base = replace(greedy_proposal(*sequential_panels(*args), candidates, experts, 0), solver="greedy")
    fair = replace(greedy_proposal(*greedy_panels(*args), candidates, experts, 0), solver="fair-greedy")
    hint = max((p for p in (base, fair) if p.feasible), key=_lexicographic, default=fair)
    clock.lap("greedy")
    out = _Outcome(candidates, experts, rules, lp, base, fair, clock)
    t_max = math.floor(lp + 1e-6)
    model, x, t = _model(candidates, experts, rules, eligible, caps, pins, scores, t_max)
    for (c, e), var in x.items():
        model.add_hint(var, e in hint.panels.get(c, ()))
    clock.lap("build")
    hinted = {(c, e) for c, members in hint.panels.items() for e in members} if hint.feasible else set()
    hint_t = min((sum(scores[c, e] for e in ms) for c, ms in hint.panels.items()), default=-1)
    if hint.feasible and hint_t >= t_max:
        # the warm start already reaches the LP bound: stage 1 is proved without search
        status1, best_t, bound, chosen = "OPTIMAL", hint_t, hint_t, hinted
    else:
        stage1, status1 = _solve(model, (deadline - time.perf_counter()) * STAGE1_SHARE)
        if status1 == "INFEASIBLE":
            problem = most_constrained(candidates, experts, eligible, rules.panel_size)
            return _infeasible([problem], experts, clock, "cp-sat")
        if status1 not in ("OPTIMAL", "FEASIBLE"):
            if hint.feasible:
                return out.finish(hint.panels, lp, False, (status1,), hint.solver)
            problem = Problem(
                "assignment_timeout",
                gettext_noop("在限定的%(seconds)s秒内未找到满足全部规则的分配，请延长求解时间"),
                "time_limit",
                params={"seconds": f"{time_limit:g}"},
            )
            return _infeasible([problem], experts, clock, "cp-sat")
        best_t = int(stage1.value(t))
        bound = best_t if status1 == "OPTIMAL" else min(t_max, math.floor(stage1.best_objective_bound + 1e-6))
        chosen = {k for k, v in x.items() if stage1.boolean_value(v)}
    clock.lap("stage1")
    model.add(t >= best_t)
    objective = cp_model.LinearExpr.weighted_sum(list(x.values()), [scores[k] for k in x])
    model.maximize(objective)
    second = Relaxation(candidates, experts, rules, eligible, caps, pins, scores, solver="GLOP")
    relaxed = second.max_total(best_t, LP2_SHARE * (deadline - time.perf_counter()))
    if relaxed is not None:
        z_lp, z_dual, values, costs = relaxed
        rounded = {k for k, v in values.items() if v > 0.5}
        if valid(rounded, candidates, experts, rules, caps, pins, scores, best_t) and _sum(
            rounded, scores
        ) > _sum(chosen, scores):
            chosen = rounded
        model.add(objective <= math.floor(min(z_lp, z_dual) + 1e-6))
        out.total_bound = math.floor(min(z_lp, z_dual) + 1e-6) / SCALE
        fixed = _fix(model, x, z_dual, chosen, scores, costs, pins)
        if len(x) - fixed > RESTRICT_ABOVE * len(candidates):
            better = _restricted(
                model, x, chosen, values, costs, LP2_SHARE * (deadline - time.perf_counter())
            )
            if better is not None and _sum(better, scores) > _sum(chosen, scores):
                chosen = better
                _fix(model, x, z_dual, chosen, scores, costs, pins)
    model.clear_hints()
    for k, var in x.items():
        model.add_hint(var, k in chosen)
    clock.lap("lp2")
    stage2, status2 = _solve(model, deadline - time.perf_counter())
    clock.lap("stage2")
    if status2 in ("OPTIMAL", "FEASIBLE"):
        chosen = {k for k, v in x.items() if stage2.boolean_value(v)}
    panels: dict[int, list[int]] = {c: [] for c in candidates}
    for c, e in sorted(chosen):
        panels[c].append(e)
    optimal = status1 == "OPTIMAL" and status2 == "OPTIMAL"
    return out.finish(panels, bound, optimal, (status1, status2), "cp-sat")


class _Clock:
    def __init__(self, start: float) -> None:
        self.start = self.last = start
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 3)
        self.last = now

    @property
    def seconds(self) -> float:
        return round(time.perf_counter() - self.start, 3)


@dataclass
class _Outcome:
    candidates: Mapping[int, Candidate]
    experts: Mapping[int, Expert]
    rules: Rules
    lp: float
    base: Proposal
    fair: Proposal
    clock: _Clock
    total_bound: float | None = None

    def finish(self, panels, bound, optimal, statuses, solver) -> Proposal:
        experts, candidates, size = self.experts, self.candidates, self.rules.panel_size
        final = {
            c: tuple(sorted(ms, key=lambda e, c=c: (-score(experts[e], candidates[c]), e)))
            for c, ms in panels.items()
        }
        low, total, per = quality(final, candidates, experts)
        bound_match = min(1.0, bound / (SCALE * size))
        gap = max(0.0, (bound_match - low) / bound_match) if bound_match > 0 else 0.0
        return Proposal(
            True,
            panels=final,
            min_match=low,
            total_match=total,
            bound=round(bound_match, 4),
            gap=round(gap, 4),
            optimal=optimal,
            greedy_min=self.base.greedy_min,
            greedy_total=self.base.greedy_total,
            fair_greedy_min=self.fair.greedy_min,
            fair_greedy_total=self.fair.greedy_total,
            loads=loads_of(final, experts),
            per_candidate=per,
            solver=solver,
            seconds=self.clock.seconds,
            statuses=statuses,
            lp_bound=round(min(1.0, self.lp / (SCALE * size)), 4),
            timings=dict(self.clock.laps),
            total_bound=total if optimal else self.total_bound,
        )


def _fix(model, x, z_dual, chosen, scores, costs, pins) -> int:
    """Reduced-cost fixing against the incumbent ``chosen``; returns how many variables are fixed."""
    zero, one = fixings(z_dual, _sum(chosen, scores), costs, pins)
    for k in zero:
        model.add(x[k] == 0)
    for k in one:
        model.add(x[k] == 1)
    return len(zero) + len(one)


def _restricted(model, x, chosen, values, costs, seconds):
    """A better incumbent from a restricted model (a heuristic, like an LNS step): only the pairs the LP or
    the incumbent uses, and each application's NEAR pairs of smallest reduced cost, may be chosen. Its
    solutions are solutions of the full model; what it finds is used only as an incumbent."""
    keep = set(chosen) | {k for k, v in values.items() if v > 1e-9}
    by_candidate: dict[int, list] = {}
    for k in x:
        by_candidate.setdefault(k[0], []).append(k)
    for keys in by_candidate.values():
        keep.update(sorted(keys, key=lambda k: abs(costs[k]))[:NEAR])
    sub = model.clone()
    for k, var in x.items():
        if k not in keep:
            sub.add(sub.get_bool_var_from_proto_index(var.index) == 0)
    sub.clear_hints()
    for k, var in x.items():
        sub.add_hint(sub.get_bool_var_from_proto_index(var.index), k in chosen)
    solver, status = _solve(sub, seconds)
    if status not in ("OPTIMAL", "FEASIBLE"):
        return None
    return {k for k, var in x.items() if solver.boolean_value(sub.get_bool_var_from_proto_index(var.index))}


def _sum(chosen, scores) -> int:
    return sum(scores[k] for k in chosen)


def _lexicographic(p: Proposal) -> tuple[float, float]:
    return (p.min_match, p.total_match)


def _pin_problems(pins, candidates, experts, rules, banned, caps) -> list[Problem]:
    problems: list[Problem] = []
    per: dict[int, int] = {}
    for cid, eid in pins:
        if cid not in candidates or eid not in experts:
            raise ValueError(f"pinned pair ({cid}, {eid}) names an unknown candidate or expert")
        reason = ineligible_reason(experts[eid], candidates[cid])
        if reason:
            problems.append(pair_problem(reason, experts[eid], candidates[cid], f"pinned.{cid}.{eid}"))
        if (cid, eid) in banned:
            problems.append(
                pair_problem("pair_forbidden", experts[eid], candidates[cid], f"pinned.{cid}.{eid}")
            )
        per[cid] = per.get(cid, 0) + 1
    for eid, load in loads_of({i: [e] for i, (_, e) in enumerate(pins)}).items():
        if load > caps[eid]:
            problems.append(overloaded(experts[eid], load, rules, f"pinned.{eid}"))
    for cid, n in sorted(per.items()):
        if n > rules.panel_size:
            problems.append(
                Problem(
                    "panel_size",
                    gettext_noop(
                        "申报（编号%(candidate)s）固定了%(n)d名专家，超过专家组人数%(panel_size)d名"
                    ),
                    f"pinned.{cid}",
                    params={
                        "candidate": cid,
                        "candidate_ids": (cid,),
                        "n": n,
                        "panel_size": rules.panel_size,
                    },
                )
            )
    return problems


def _model(candidates, experts, rules, eligible, caps, pins, scores, t_max):
    model = cp_model.CpModel()
    x = {k: model.new_bool_var(f"x{k[0]}_{k[1]}") for k in scores}
    t = model.new_int_var(0, max(0, t_max), "t")
    by_expert: dict[int, list] = {}
    for (_c, e), var in x.items():
        by_expert.setdefault(e, []).append(var)
    for c, es in eligible.items():
        model.add(cp_model.LinearExpr.sum([x[c, e] for e in es]) == rules.panel_size)
        model.add(cp_model.LinearExpr.sum([x[c, e] for e in es if covers(experts[e], candidates[c])]) >= 1)
        model.add(cp_model.LinearExpr.weighted_sum([x[c, e] for e in es], [scores[c, e] for e in es]) >= t)
    for e, vars_ in by_expert.items():
        if len(vars_) > caps[e]:
            model.add(cp_model.LinearExpr.sum(vars_) <= caps[e])
    for k in pins:
        model.add(x[k] == 1)
    model.maximize(t)
    return model, x, t


def _solve(model: cp_model.CpModel, seconds: float) -> tuple[cp_model.CpSolver, str]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = WORKERS
    status = solver.solve(model)
    return solver, solver.status_name(status)


def _infeasible(problems, experts, clock: _Clock, solver: str) -> Proposal:
    return Proposal(
        False,
        loads=loads_of({}, experts),
        problems=tuple(problems),
        solver=solver,
        seconds=clock.seconds,
        timings=dict(clock.laps),
    )
