"""A county's profile (县域创新能力画像) under one run, as plain data for the page, the PDF and the API.

Strengths and weaknesses follow methodology §6 with its defaults (scope: province, share q = 0.25,
at most 5 each), computed from the stored within-province indicator ranks of the run: with ``n`` counties
of the province ranked on an indicator and ``k = ⌈q·n⌉``, an indicator is a strength when its rank is
≤ k and a weakness when it is among the last k (rank > n − k), neither when both hold (tiny provinces)
or n < 2. The engine ranks ties by the same position, so for tied bottom values this reads the bottom
rank from the top rank (n − rank + 1), which equals §6's R_bot when there are no ties.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from innocounty.evaluations.coverage import comparable
from innocounty.evaluations.visibility import redact_indicators
from innocounty.monitoring.text_fields import texts_for
from innocounty.rankings import queries
from innocounty.rankings.access import previous_year_run, visible_published_runs
from innocounty.regions.models import County
from innocounty.regions.successions import lineage, neighbours

STRENGTH_SHARE = 0.25
STRENGTH_LIMIT = 5


@dataclass
class Profile:
    county: County
    run: object  # EvaluationRun
    full: bool
    row: object  # CountyResult
    dimensions: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    strengths: list[dict] = field(default_factory=list)
    weaknesses: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    previous: dict | None = None
    texts: list = field(default_factory=list)          # the framework's free-text fields (e.g. 特色指标)
    predecessors: list = field(default_factory=list)   # Succession rows into this unit (regions)
    successors: list = field(default_factory=list)     # Succession rows out of it
    province_mean: float | None = None
    belt_mean: float | None = None

    @property
    def belt_label(self) -> str:
        return str(queries.BELT_LABELS.get(self.row.belt, self.row.belt))

    def as_json(self) -> dict:
        r = self.row
        return {
            "county_code": self.county.code, "county_name": self.county.name,
            "province_code": self.county.province_id, "province_name": self.county.province.name,
            "prefecture_name": self.county.prefecture.name, "unit_type": self.county.unit_type, "belt": r.belt,
            "year": self.run.year, "run_id": self.run.pk, "published": self.run.published,
            "synthetic_data": self.run.synthetic_data, "full": self.full, "status": r.status,
            "coverage": r.coverage, "index_score": r.index_score,
            "province_mean_index": self.province_mean, "belt_mean_index": self.belt_mean,
            "national_rank": r.national_rank, "national_n": r.national_n,
            "national_rank_q05": r.national_rank_q05, "national_rank_q95": r.national_rank_q95,
            "province_rank": r.province_rank, "province_n": r.province_n,
            "province_rank_q05": r.province_rank_q05, "province_rank_q95": r.province_rank_q95,
            "eligible": r.eligible, "composite_pass": r.composite_pass, "indicator_pass": r.indicator_pass,
            "eligibility_reason": r.eligibility_reason, "eligible_share": r.eligible_share,
            "performance_group": r.performance_group, "performance_ratio": r.performance_ratio,
            "dimensions": self.dimensions, "indicators": self.indicators,
            "strengths": [i["code"] for i in self.strengths], "weaknesses": [i["code"] for i in self.weaknesses],
            "history": self.history, "previous": self.previous,
            "texts": {t["spec"].code: t["text"] for t in self.texts},
        }


def _strength_flags(rank: int | None, n: int | None) -> tuple[bool, bool]:
    if rank is None or not n or n < 2:
        return False, False
    k = math.ceil(STRENGTH_SHARE * n)
    top, bottom = rank <= k, rank > n - k
    return top and not bottom, bottom and not top


def _history_across_changes(runs, code: str) -> list:
    """The unit's rows in earlier runs, following it across code changes (regions successions): one row per year,
    under the code it had that year, oldest first."""
    by_year = {}
    for unit in lineage(code):
        for h in queries.history(runs, unit):
            by_year.setdefault(h.run.year, h)
    return [by_year[y] for y in sorted(by_year)]


def build(user, run, county: County, full: bool) -> Profile | None:
    """The profile, or None when the county was not evaluated in ``run``."""
    row = queries.county_row(run, county.code)
    if row is None:
        return None
    profile = Profile(county=county, run=run, full=full, row=row)
    all_nodes = queries.nodes(run)
    dims = [n for n in all_nodes if n.level >= 2 and n.parent]
    codes = [d.code for d in dims]
    province_means = queries.group_dimension_means(run, codes, province_id=county.province_id)
    belt_means = queries.group_dimension_means(run, codes, belt=row.belt)
    profile.province_mean, profile.belt_mean = province_means["index"], belt_means["index"]
    profile.dimensions = [
        {"code": d.code, "name": d.name, "score": (row.dimension_scores or {}).get(d.code),
         "province_mean": province_means[d.code], "belt_mean": belt_means[d.code]}
        for d in dims
    ]
    nodes = {n.code: n for n in all_nodes}
    counts = queries.province_indicator_counts(run, county.province_id)
    for item in redact_indicators(queries.indicator_rows(run, county.code), full):
        node = nodes.get(item.indicator_code)
        n = counts.get(item.indicator_code)
        strength, weakness = _strength_flags(item.province_rank, n)
        parent = nodes.get(node.parent) if node else None
        profile.indicators.append({
            "code": item.indicator_code, "name": node.name if node else item.indicator_code,
            "unit": node.unit if node else "", "direction": node.direction if node else 1,
            "dimension": parent.name if parent else "",
            "raw_value": item.raw_value, "imputed": item.imputed, "treated": item.treated,
            "normalised_score": item.normalised_score, "province_rank": item.province_rank, "province_n": n,
            "national_rank": item.national_rank, "top_quartile": item.top_quartile,
            "strength": strength, "weakness": weakness,
        })
    ranked = [i for i in profile.indicators if i["province_rank"] is not None]
    profile.strengths = sorted((i for i in ranked if i["strength"]), key=lambda i: i["province_rank"])[:STRENGTH_LIMIT]
    profile.weaknesses = sorted((i for i in ranked if i["weakness"]),
                                key=lambda i: i["province_n"] - i["province_rank"])[:STRENGTH_LIMIT]
    profile.predecessors, profile.successors = neighbours(county)
    profile.texts = [t for t in texts_for(run.data_round, county.code) if t["text"]]
    earlier = _history_across_changes(visible_published_runs(user).filter(year__lt=run.year), county.code)
    profile.history = [
        {"year": h.run.year if h is not row else run.year, "run_id": h.run_id, "county_code": h.county_id,
         "index_score": h.index_score,
         "national_rank": h.national_rank, "national_n": h.national_n, "province_rank": h.province_rank,
         "province_n": h.province_n, "eligible": h.eligible}
        for h in [*earlier, row]
    ]
    previous = previous_year_run(user, run)
    if previous is not None:
        before = queries.county_row(previous, county.code)
        moves = queries.like_for_like_moves(previous, run)
        if before is not None:
            national_move, province_move = moves.get(county.code, (None, None))
            profile.previous = {
                "year": previous.year, "index_score": before.index_score, "national_rank": before.national_rank,
                "province_rank": before.province_rank, "comparable": comparable(previous, run),
                "national_move": national_move, "province_move": province_move,
            }
    return profile
