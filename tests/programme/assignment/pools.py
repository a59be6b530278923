"""Small pools for the assignment tests, and an exhaustive solver to compare with."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from innocounty.programme.assignment import Candidate, Expert, Rules, covers, ineligible_reason
from innocounty.programme.assignment.model import score

FIELDS = ("industry", "ecology", "livelihood", "leading_industry", "public_benefit", "种业", "新能源")
PROVINCES = ("11", "32", "44")


@st.composite
def pools(draw, candidates=(3, 4), experts=(6, 7), panel=(2, 2), load=(1, 3)):
    n = draw(st.integers(*candidates))
    m = draw(st.integers(*experts))
    cands = []
    for i in range(n):
        province = draw(st.sampled_from(PROVINCES))
        theme = draw(st.sampled_from(FIELDS[:3]))
        fields = frozenset(draw(st.sets(st.sampled_from(FIELDS), max_size=4))) | {theme}
        cands.append(
            Candidate(i + 1, f"{province}01{i:02d}", province, theme, fields, frozenset({f"org{i}"}))
        )
    exps = []
    for j in range(m):
        conflicts = draw(st.sets(st.sampled_from([c.county for c in cands]), max_size=1))
        orgs = draw(st.sets(st.sampled_from([f"org{i}" for i in range(n)]), max_size=1))
        exps.append(
            Expert(
                100 + j,
                draw(st.sampled_from(PROVINCES)),
                frozenset(draw(st.sets(st.sampled_from(FIELDS), min_size=1, max_size=4))),
                frozenset(conflicts),
                frozenset(orgs),
                max_load=draw(st.one_of(st.none(), st.integers(0, 3))),
                active=draw(st.sampled_from((True, True, True, False))),
            )
        )
    rules = Rules(panel_size=draw(st.integers(*panel)), max_load=draw(st.integers(*load)))
    return cands, exps, rules


def brute_force(cands, exps, rules):
    """The lexicographic optimum (min panel score sum, total score) by enumeration, or None if infeasible."""
    options = []
    for c in cands:
        ok = [e for e in exps if not ineligible_reason(e, c) and rules.capacity(e) > 0]
        panels = [p for p in itertools.combinations(ok, rules.panel_size) if any(covers(e, c) for e in p)]
        options.append([(tuple(e.id for e in p), sum(score(e, c) for e in p)) for p in panels])
    best = None
    caps = {e.id: rules.capacity(e) for e in exps}
    for combo in itertools.product(*options):
        loads: dict[int, int] = {}
        for ids, _ in combo:
            for i in ids:
                loads[i] = loads.get(i, 0) + 1
        if any(loads[i] > caps[i] for i in loads):
            continue
        value = (min(s for _, s in combo), sum(s for _, s in combo))
        if best is None or value > best:
            best = value
    return best


def achieved(proposal, cands, exps):
    c_by, e_by = {c.id: c for c in cands}, {e.id: e for e in exps}
    sums = [sum(score(e_by[e], c_by[c]) for e in ms) for c, ms in proposal.panels.items()]
    return min(sums), sum(sums)
