"""Two greedy assignments: the baseline the proposal is compared with, and a fairer one used as warm start.

**Baseline** (:func:`greedy`, ``Proposal.greedy_min``/``greedy_total``) — what an officer filling panels by
hand, one application after another, best expert first, would get:

* applications in order of fewest eligible experts (the hardest first), then id; each starts with its pinned
  slots;
* if the panel has no theme expert yet, it first takes the best-matching eligible theme expert under load;
* then it fills the panel with the best-matching eligible experts under load (ties: lower load, then id).

**Round-robin** (:func:`fair_greedy`, ``Proposal.fair_greedy_min``/``fair_greedy_total``), fairness-minded,
the solver's hint (with the baseline, whichever is better):

* panels start with the pinned slots;
* in each round, every application whose panel is not full picks one expert, the worst-served application
  (lowest sum of its members' matches so far; ties: fewest eligible experts, then id) first;
* it picks the best-matching eligible expert not yet on its panel and under their load (ties: lower load,
  then id); if its panel has no theme expert yet and this is its first pick or its last open slot, it picks
  among the theme experts only.

Neither ever breaks a hard rule, but either can get stuck (an application left with no eligible expert under load)
where a solver would not; the proposal then says the greedy assignment is incomplete.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..problems import Problem, gettext_noop
from .model import (
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
from .rules import id_list


def sequential_panels(
    candidates: Mapping[int, Candidate],
    experts: Mapping[int, Expert],
    rules: Rules,
    eligible: Mapping[int, list[int]],
    caps: Mapping[int, int],
    pinned: Mapping[int, list[int]],
) -> tuple[dict[int, list[int]], list[int]]:
    """The baseline: (panels, the ids of applications left incomplete)."""
    size = rules.panel_size
    panels = {cid: list(pinned.get(cid, ()))[:size] for cid in candidates}
    loads = loads_of(panels)
    for cid in sorted(candidates, key=lambda c: (len(eligible[c]), c)):
        candidate, panel = candidates[cid], panels[cid]
        free = sorted(
            (e for e in eligible[cid] if e not in panel and loads.get(e, 0) < caps[e]),
            key=lambda e: (-score(experts[e], candidate), loads.get(e, 0), e),
        )
        if not any(covers(experts[e], candidate) for e in panel):
            first = next((e for e in free if covers(experts[e], candidate)), None)
            if first is not None:
                panel.append(first)
                free.remove(first)
        panel.extend(free[: max(0, size - len(panel))])
        for e in panel:
            loads[e] = loads.get(e, 0) + (0 if e in pinned.get(cid, ()) else 1)
    incomplete = [
        c for c in sorted(candidates)
        if len(panels[c]) < size or not any(covers(experts[e], candidates[c]) for e in panels[c])
    ]  # fmt: skip
    return panels, incomplete


def greedy_panels(
    candidates: Mapping[int, Candidate],
    experts: Mapping[int, Expert],
    rules: Rules,
    eligible: Mapping[int, list[int]],
    caps: Mapping[int, int],
    pinned: Mapping[int, list[int]],
) -> tuple[dict[int, list[int]], list[int]]:
    """(panels, the ids of applications left incomplete)."""
    size = rules.panel_size
    panels = {cid: list(pinned.get(cid, ()))[:size] for cid in candidates}
    loads = loads_of(panels)
    sums = {cid: sum(score(experts[e], candidates[cid]) for e in panels[cid]) for cid in candidates}
    ranked = {
        cid: sorted(eligible[cid], key=lambda e, c=candidates[cid]: (-score(experts[e], c), e))
        for cid in candidates
    }
    stuck: set[int] = set()
    for _ in range(size):
        order = sorted(
            (c for c in candidates if len(panels[c]) < size and c not in stuck),
            key=lambda c: (sums[c], len(eligible[c]), c),
        )
        for cid in order:
            candidate = candidates[cid]
            panel = panels[cid]
            need_theme = not any(covers(experts[e], candidate) for e in panel) and (
                not panel or len(panel) == size - 1
            )
            best = None
            for eid in ranked[cid]:
                if eid in panel or loads.get(eid, 0) >= caps[eid]:
                    continue
                if need_theme and not covers(experts[eid], candidate):
                    continue
                key = (-score(experts[eid], candidate), loads.get(eid, 0), eid)
                if best is None or key < best[0]:
                    best = (key, eid)
                elif key[0] > best[0][0]:
                    break
            if best is None:
                stuck.add(cid)
                continue
            panel.append(best[1])
            loads[best[1]] = loads.get(best[1], 0) + 1
            sums[cid] += -best[0][0]
    return panels, sorted(c for c in candidates if len(panels[c]) < size or c in stuck)


def greedy(
    candidates: Iterable[Candidate] | Mapping[int, Candidate],
    experts: Iterable[Expert] | Mapping[int, Expert],
    rules: Rules,
    *,
    pinned: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
) -> Proposal:
    """The baseline greedy assignment as a :class:`Proposal` (``solver="greedy"``, no bound)."""
    return _run(sequential_panels, "greedy", candidates, experts, rules, pinned, forbidden)


def fair_greedy(
    candidates: Iterable[Candidate] | Mapping[int, Candidate],
    experts: Iterable[Expert] | Mapping[int, Expert],
    rules: Rules,
    *,
    pinned: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
) -> Proposal:
    """The round-robin greedy assignment as a :class:`Proposal` (``solver="fair-greedy"``, no bound)."""
    return _run(greedy_panels, "fair-greedy", candidates, experts, rules, pinned, forbidden)


def eligibility(
    candidates: Mapping[int, Candidate],
    experts: Mapping[int, Expert],
    rules: Rules,
    banned: set[tuple[int, int]],
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """(each expert's capacity, each candidate's eligible experts: no rule against the pair, not excluded, K > 0)."""
    caps = {e: rules.capacity(x) for e, x in experts.items()}
    eligible = {
        cid: [
            e
            for e, x in experts.items()
            if caps[e] > 0 and (cid, e) not in banned and not ineligible_reason(x, c)
        ]
        for cid, c in candidates.items()
    }
    return caps, eligible


def _run(method, name, candidates, experts, rules, pinned, forbidden) -> Proposal:
    start = time.perf_counter()
    candidates = by_id(candidates, "candidate")
    experts = by_id(experts, "expert")
    caps, eligible = eligibility(candidates, experts, rules, set(forbidden))
    pins: dict[int, list[int]] = {}
    for cid, eid in sorted(set(pinned)):
        pins.setdefault(cid, []).append(eid)
    panels, incomplete = method(candidates, experts, rules, eligible, caps, pins)
    proposal = greedy_proposal(panels, incomplete, candidates, experts, time.perf_counter() - start)
    return replace(proposal, solver=name)


def greedy_proposal(
    panels: Mapping[int, list[int]],
    incomplete: list[int],
    candidates: Mapping[int, Candidate],
    experts: Mapping[int, Expert],
    seconds: float,
) -> Proposal:
    loads = loads_of(panels, experts)
    if incomplete:
        problem = Problem(
            "greedy_incomplete",
            gettext_noop("逐一挑选最匹配专家的贪心分配未能为申报（编号%(candidates)s）配齐专家组"),
            "candidates",
            params={"candidates": id_list(incomplete), "candidate_ids": tuple(incomplete)},
        )
        return Proposal(False, problems=(problem,), loads=loads, solver="greedy", seconds=seconds)
    final = {cid: tuple(members) for cid, members in panels.items()}
    low, total, per = quality(final, candidates, experts)
    return Proposal(
        True,
        panels=final,
        min_match=low,
        total_match=total,
        greedy_min=low,
        greedy_total=total,
        loads=loads,
        per_candidate=per,
        solver="greedy",
        seconds=seconds,
    )
