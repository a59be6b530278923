"""The data of an assignment: experts, candidates (applications), the rules, the match score and the result.

Plain frozen dataclasses, no Django: the Django side builds :class:`Expert` and :class:`Candidate` from its
models and stores the :class:`Proposal` it gets back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..problems import Problem

#: Weight of the theme in :func:`match`; the rest goes to the candidate's other fields.
THEME_WEIGHT = 0.4
#: Scores are kept to three decimals, so that the solver's integer scores (×1000) are exact.
SCALE = 1000


@dataclass(frozen=True)
class Expert:
    """One expert of the pool. ``fields``: Theme values, KeyTask values and free keywords."""

    id: int
    province: str  # 2-digit code
    fields: frozenset[str] = frozenset()
    conflict_counties: frozenset[str] = frozenset()  # 6-digit county codes
    conflict_orgs: frozenset[str] = frozenset()
    max_load: int | None = None
    active: bool = True


@dataclass(frozen=True)
class Candidate:
    """One application to be reviewed: the county (6-digit), its province, its theme, its fields and the
    organisations named in it (applicant, partners), against which experts declare conflicts."""

    id: int
    county: str
    province: str
    theme: str
    fields: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    """The batch's rules: panel size and the most applications one expert reviews (K)."""

    panel_size: int = 5
    max_load: int = 5

    def __post_init__(self) -> None:
        if self.panel_size < 1 or self.max_load < 1:
            raise ValueError("panel_size and max_load must be at least 1")

    def capacity(self, expert: Expert) -> int:
        """How many applications this expert may review: K, or less if the expert declared less."""
        if expert.max_load is None:
            return self.max_load
        return max(0, min(expert.max_load, self.max_load))


@dataclass(frozen=True)
class CandidateQuality:
    """How well one application is served: its panel's match (mean of the members' matches) and the worst
    member's match."""

    panel_match: float
    worst_member_match: float


@dataclass(frozen=True)
class Proposal:
    """The answer of :func:`propose` (or :func:`greedy`).

    ``min_match`` is the worst-served application's panel match (mean of its members' matches),
    ``total_match`` the sum of the matches of all assigned slots; ``bound`` an upper bound on the best
    achievable ``min_match`` (linear relaxation, or the solver's own bound when tighter) and ``gap`` =
    (bound − min_match) / bound: how far from optimal the minimum can at most be. ``optimal`` is true when the
    solver proved both stages (the minimum, then the total at that minimum). When ``feasible`` is false,
    ``panels`` is empty and ``problems`` names the rule and the applications that make it so.
    """

    feasible: bool
    panels: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    min_match: float = 0.0
    total_match: float = 0.0
    bound: float = 0.0
    gap: float = 0.0
    optimal: bool = False
    greedy_min: float | None = None
    greedy_total: float | None = None
    loads: Mapping[int, int] = field(default_factory=dict)
    per_candidate: Mapping[int, CandidateQuality] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    solver: str = ""
    seconds: float = 0.0
    #: The round-robin greedy's values (the solver's warm start when better than the baseline's).
    fair_greedy_min: float | None = None
    fair_greedy_total: float | None = None
    #: Solver status of stage 1 (max-min) and stage 2 (max total), e.g. ("OPTIMAL", "FEASIBLE").
    statuses: tuple[str, ...] = ()
    #: The linear-relaxation bound alone (``bound`` may be tighter, from CP-SAT).
    lp_bound: float | None = None
    #: Upper bound on the total at the achieved minimum (stage 2's LP; the total itself when proved).
    total_bound: float | None = None
    #: Seconds per step (checks, lp, greedy, build, stage1, stage2).
    timings: Mapping[str, float] = field(default_factory=dict)


def match(expert: Expert, candidate: Candidate) -> float:
    """Expertise match in [0, 1], to three decimals.

    ``0.4 × [the expert's fields include the candidate's theme] + 0.6 × |F ∩ expert.fields| / |F|`` where F is
    the candidate's fields other than its theme (key tasks and keywords). A candidate with no other fields
    counts the theme for the whole score.
    """
    theme = 1.0 if candidate.theme in expert.fields else 0.0
    rest = candidate.fields - {candidate.theme}
    share = len(rest & expert.fields) / len(rest) if rest else theme
    return round(THEME_WEIGHT * theme + (1 - THEME_WEIGHT) * share, 3)


def score(expert: Expert, candidate: Candidate) -> int:
    """:func:`match` as the solver's integer (×1000, exact)."""
    return round(match(expert, candidate) * SCALE)


def covers(expert: Expert, candidate: Candidate) -> bool:
    """Whether the expert's fields cover the candidate's theme (each panel needs at least one)."""
    return candidate.theme in expert.fields


def ineligible_reason(expert: Expert, candidate: Candidate) -> str | None:
    """The code of the first hard rule that keeps this expert off this candidate's panel, or None."""
    if not expert.active:
        return "expert_inactive"
    if expert.province == candidate.province:
        return "expert_same_province"
    if candidate.county in expert.conflict_counties:
        return "expert_conflict_county"
    if candidate.orgs & expert.conflict_orgs:
        return "expert_conflict_org"
    return None


def by_id(items: Iterable | Mapping, kind: str) -> dict[int, object]:
    """Experts or candidates keyed by id (accepts a mapping or an iterable); duplicate ids are an error."""
    values = items.values() if isinstance(items, Mapping) else items
    out: dict[int, object] = {}
    for item in values:
        if item.id in out:
            raise ValueError(f"duplicate {kind} id {item.id}")
        out[item.id] = item
    return out


def quality(
    panels: Mapping[int, tuple[int, ...]], candidates: Mapping[int, Candidate], experts: Mapping[int, Expert]
) -> tuple[float, float, dict[int, CandidateQuality]]:
    """(min panel match, total match over all slots, per-candidate quality) of complete panels."""
    per: dict[int, CandidateQuality] = {}
    total = 0.0
    for cid, members in panels.items():
        scores = [match(experts[e], candidates[cid]) for e in members]
        total += sum(scores)
        per[cid] = CandidateQuality(
            round(sum(scores) / len(scores), 4) if scores else 0.0, min(scores) if scores else 0.0
        )
    low = min((q.panel_match for q in per.values()), default=0.0)
    return low, round(total, 3), per


def loads_of(panels: Mapping[int, Iterable[int]], experts: Iterable[int] = ()) -> dict[int, int]:
    """Applications per expert (every expert in ``experts`` appears, with 0 if unused)."""
    loads = dict.fromkeys(experts, 0)
    for members in panels.values():
        for e in members:
            loads[e] = loads.get(e, 0) + 1
    return loads
