"""Comparing two evaluation runs county by county (national and provincial ranks, sorted by |change|)."""

from __future__ import annotations

from dataclasses import dataclass

from innocounty.evaluations.models import CountyResult, EvaluationRun
from innocounty.evaluations.permissions import can_compare_runs


@dataclass(frozen=True)
class RankChange:
    county_code: str
    county_name: str
    province_code: str
    rank_a: int | None
    rank_b: int | None
    province_rank_a: int | None
    province_rank_b: int | None
    score_a: float | None
    score_b: float | None

    @property
    def change(self) -> int | None:
        """Positive = moved up from run A to run B (rank_a − rank_b)."""
        if self.rank_a is None or self.rank_b is None:
            return None
        return self.rank_a - self.rank_b

    @property
    def abs_change(self) -> int:
        return abs(self.change) if self.change is not None else -1


def compare_runs(run_a: EvaluationRun, run_b: EvaluationRun, user=None) -> list[RankChange]:
    """Per county, the national and provincial ranks in both runs (counties of either run), by |change|."""
    if user is not None:
        decision = can_compare_runs(user, [run_a, run_b])
        if not decision:
            from innocounty.evaluations.refusals import RunRefused

            raise RunRefused(decision.reason, forbidden=True)
    fields = ("county_id", "county_name", "province_id", "national_rank", "province_rank", "index_score")
    a = {r[0]: r for r in CountyResult.objects.filter(run=run_a).values_list(*fields)}
    b = {r[0]: r for r in CountyResult.objects.filter(run=run_b).values_list(*fields)}
    rows = []
    for code in sorted(a.keys() | b.keys()):
        ra, rb = a.get(code), b.get(code)
        any_row = ra or rb
        rows.append(RankChange(
            county_code=code, county_name=any_row[1], province_code=any_row[2],
            rank_a=ra[3] if ra else None, rank_b=rb[3] if rb else None,
            province_rank_a=ra[4] if ra else None, province_rank_b=rb[4] if rb else None,
            score_a=ra[5] if ra else None, score_b=rb[5] if rb else None,
        ))
    rows.sort(key=lambda r: (-r.abs_change, r.rank_a if r.rank_a is not None else 10**9, r.county_code))
    return rows
