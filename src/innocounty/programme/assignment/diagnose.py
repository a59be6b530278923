"""Why no assignment satisfies the hard rules: the rule and the applications, named.

Checks, cheapest first (each only on the applications the earlier ones did not already name):

1. an application with fewer eligible experts than the panel size (province, conflict, inactive, excluded);
2. an application of a theme for which no eligible expert covers the theme;
3. total capacity (Σ each expert's K) below the demand (applications × panel size);
4. theme coverage, Hall's condition: every application needs one eligible theme expert, each expert covers
   at most K. A max-flow (OR-Tools ``SimpleMaxFlow``) decides it exactly; when it falls short, the source
   side of the minimum cut is a set S of applications whose eligible theme experts can take fewer than |S|
   of them — the case that "looks feasible by counts" (enough theme experts in the pool, but not once the
   province and conflict rules apply);
5. panel seats, Hall's condition: S needs P·|S| seats, each expert gives at most min(K, |S ∩ eligible|).

The rules form a flow problem with lower bounds (its matrix is totally unimodular), so when the checks pass
but the linear relaxation is infeasible, the rules conflict only in combination: we say so plainly and name
the most constrained applications.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from ortools.graph.python import max_flow

from ..problems import Problem, gettext_noop
from .model import Candidate, Expert, Rules, covers, ineligible_reason
from .rules import id_list, theme_label


def diagnose(
    candidates: Mapping[int, Candidate],
    experts: Mapping[int, Expert],
    rules: Rules,
    eligible: Mapping[int, list[int]],
    caps: Mapping[int, int],
    forbidden: set[tuple[int, int]],
) -> list[Problem]:
    """The named causes of infeasibility (empty: none of the checks finds one)."""
    problems: list[Problem] = []
    size = rules.panel_size
    short = {cid for cid, es in eligible.items() if len(es) < size}
    for cid in sorted(short):
        problems.append(_too_few(candidates[cid], experts, rules, len(eligible[cid]), forbidden))
    covering = {cid: [e for e in eligible[cid] if covers(experts[e], candidates[cid])] for cid in candidates}
    uncovered: dict[str, list[int]] = defaultdict(list)
    for cid, es in covering.items():
        if not es:
            uncovered[candidates[cid].theme].append(cid)
    for theme, cids in sorted(uncovered.items()):
        problems.append(
            Problem(
                "panel_lacks_theme",
                gettext_noop(
                    "主题“%(theme)s”：申报（编号%(candidates)s）按回避规则没有一名熟悉该主题的专家可选"
                ),
                "candidates",
                params={
                    "theme": theme_label(theme),
                    "candidates": id_list(cids),
                    "candidate_ids": tuple(cids),
                },
            )
        )
    demand = len(candidates) * size
    capacity = sum(caps[e] for e in experts if experts[e].active)
    if capacity < demand:
        problems.append(
            Problem(
                "expert_overloaded",
                gettext_noop(
                    "全部%(n)d份申报共需%(demand)d个评议席位，专家库中可用的%(experts)d名专家"
                    "按每人上限至多承担%(capacity)d个"
                ),
                "candidates",
                params={
                    "n": len(candidates),
                    "demand": demand,
                    "experts": sum(1 for e in experts.values() if e.active and caps[e.id] > 0),
                    "capacity": capacity,
                    "candidate_ids": tuple(sorted(candidates)),
                },
            )
        )
    rest = [cid for cid in candidates if covering[cid]]
    problems.extend(_theme_hall(rest, candidates, covering, caps))
    if capacity >= demand:
        problems.extend(_seat_hall([c for c in candidates if c not in short], eligible, caps, size))
    return problems


def _too_few(
    candidate: Candidate, experts: Mapping[int, Expert], rules: Rules, n: int, forbidden: set[tuple[int, int]]
) -> Problem:
    reasons = Counter(ineligible_reason(e, candidate) for e in experts.values())
    full = sum(1 for e in experts.values() if rules.capacity(e) == 0 and not ineligible_reason(e, candidate))
    return Problem(
        "panel_size",
        gettext_noop(
            "申报（编号%(candidate)s）按回避规则可选的专家仅%(eligible)d名，少于专家组人数%(panel_size)d名"
            "（同省回避%(same_province)d名，利益冲突%(conflict)d名，已停用%(inactive)d名，另有%(other)d名被排除或无余量）"
        ),
        "candidates",
        params={
            "candidate": candidate.id,
            "candidate_ids": (candidate.id,),
            "eligible": n,
            "panel_size": rules.panel_size,
            "same_province": reasons["expert_same_province"],
            "conflict": reasons["expert_conflict_county"] + reasons["expert_conflict_org"],
            "inactive": reasons["expert_inactive"],
            "other": full + sum(1 for c, _ in forbidden if c == candidate.id),
        },
    )


def _source_side(
    demands: Mapping[int, int], arcs: Mapping[int, list[tuple[int, int]]], caps: Mapping[int, int]
) -> tuple[int, set[int]]:
    """Max-flow source → application (demand) → expert (arc capacity) → sink (expert capacity K).
    Returns (flow, applications on the source side of a minimum cut)."""
    flow = max_flow.SimpleMaxFlow()
    cnode = {cid: 2 + i for i, cid in enumerate(demands)}
    experts = sorted({e for es in arcs.values() for e, _ in es})
    enode = {eid: 2 + len(cnode) + i for i, eid in enumerate(experts)}
    for cid, d in demands.items():
        flow.add_arc_with_capacity(0, cnode[cid], d)
        for eid, cap in arcs[cid]:
            flow.add_arc_with_capacity(cnode[cid], enode[eid], cap)
    for eid in experts:
        flow.add_arc_with_capacity(enode[eid], 1, caps[eid])
    if flow.solve(0, 1) != flow.OPTIMAL:  # pragma: no cover - integer capacities always solve
        return sum(demands.values()), set()
    side = set(flow.get_source_side_min_cut())
    return flow.optimal_flow(), {cid for cid, node in cnode.items() if node in side}


def _theme_hall(
    cids: list[int],
    candidates: Mapping[int, Candidate],
    covering: Mapping[int, list[int]],
    caps: Mapping[int, int],
) -> list[Problem]:
    if not cids:
        return []
    big = len(cids)
    got, side = _source_side(dict.fromkeys(cids, 1), {c: [(e, big) for e in covering[c]] for c in cids}, caps)
    if got >= len(cids) or not side:
        return []
    experts = sorted({e for c in side for e in covering[c]})
    themes = sorted({candidates[c].theme for c in side})
    params = {
        "candidates": id_list(side),
        "candidate_ids": tuple(sorted(side)),
        "demand": len(side),
        "experts": len(experts),
        "capacity": sum(caps[e] for e in experts),
        "expert_ids": tuple(experts),
        "themes": tuple(themes),
    }
    if len(themes) == 1:
        params["theme"] = theme_label(themes[0])
        message = gettext_noop(
            "主题“%(theme)s”：申报（编号%(candidates)s）共%(demand)d份，各需至少一名熟悉该主题的专家，"
            "但按回避规则可选的此类专家仅%(experts)d名，按每人上限至多承担%(capacity)d份"
        )
    else:
        message = gettext_noop(
            "主题覆盖：申报（编号%(candidates)s）共%(demand)d份，各需至少一名熟悉其主题的专家，"
            "但按回避规则可选的此类专家仅%(experts)d名，按每人上限至多承担%(capacity)d份"
        )
    return [Problem("panel_lacks_theme", message, "candidates", params=params)]


def _seat_hall(
    cids: list[int], eligible: Mapping[int, list[int]], caps: Mapping[int, int], size: int
) -> list[Problem]:
    if not cids:
        return []
    got, side = _source_side(
        dict.fromkeys(cids, size), {c: [(e, 1) for e in eligible[c]] for c in cids}, caps
    )
    if got >= size * len(cids) or not side:
        return []
    reach = Counter(e for c in side for e in eligible[c])
    seats = sum(min(caps[e], n) for e, n in reach.items())
    return [
        Problem(
            "expert_overloaded",
            gettext_noop(
                "申报（编号%(candidates)s）共需%(demand)d个评议席位，按回避规则可选的%(experts)d名专家"
                "按每人上限至多承担%(capacity)d个"
            ),
            "candidates",
            params={
                "candidates": id_list(side),
                "candidate_ids": tuple(sorted(side)),
                "demand": size * len(side),
                "experts": len(reach),
                "capacity": seats,
            },
        )
    ]


def most_constrained(
    candidates: Mapping[int, Candidate],
    experts: Mapping[int, Expert],
    eligible: Mapping[int, list[int]],
    size: int,
    limit: int = 10,
) -> Problem:
    """The honest answer when only the rules together are infeasible, with the tightest applications."""
    slack = sorted(
        candidates,
        key=lambda c: (
            len(eligible[c]) - size,
            sum(1 for e in eligible[c] if covers(experts[e], candidates[c])),
            c,
        ),
    )[:limit]
    return Problem(
        "assignment_infeasible",
        gettext_noop(
            "没有同时满足全部规则（回避、每人上限、专家组人数、主题覆盖）的分配；受约束最紧的申报：%(candidates)s"
        ),
        "candidates",
        params={"candidates": id_list(slack), "candidate_ids": tuple(slack)},
    )
