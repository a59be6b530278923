"""Reads of stored evaluation results for the rankings, profile, map and eligibility pages.

Built on :mod:`innocounty.evaluations.queries` (the evaluations app's read API); everything here reads a bounded number of
queries per page (no per-row queries): a page of ranking rows, then one query for last year's ranks of
those counties, one for the run's framework nodes, and a cached province table.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from django.db.models import Avg, Count, FloatField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import get_language

from innocounty.evaluations.coverage import comparable
from innocounty.evaluations.queries import (
    county_indicators,
    county_results,
    county_results_in_runs,
    indicator_results,
    node_weights,
)
from innocounty.regions.models import Belt, Prefecture, Province, UnitType

ROW_FIELDS = (
    "county_id", "county_name", "province_id", "prefecture_code", "belt", "unit_type", "status", "index_score",
    "dimension_scores", "national_rank", "national_n", "province_rank", "province_n", "national_rank_q05",
    "national_rank_q95", "province_rank_q05", "province_rank_q95", "eligible", "eligibility_reason",
    "performance_group",
)
BELT_LABELS = dict(Belt.choices)
UNIT_TYPE_LABELS = dict(UnitType.choices)


def unit_type_label(value: str) -> str:
    """The label of a stored unit type ("县级市") in the active language; unknown values unchanged."""
    return str(UNIT_TYPE_LABELS.get(value, value or ""))


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    unit: str
    level: int
    parent: str
    direction: int


def english_names(run) -> dict[str, str]:
    """Code → the framework's English name (``FrameworkNode.name_en``) when English is the active language
    and the framework has one; else empty (the run's stored Chinese names are used)."""
    if not (get_language() or "").startswith("en"):
        return {}
    from innocounty.monitoring.models import FrameworkNode

    return dict(FrameworkNode.objects.filter(framework_id=run.framework_id).exclude(name_en="")
                .values_list("code", "name_en"))


def nodes(run) -> list[Node]:
    """The run's framework nodes as it used them; names in English where the framework has them and English
    is the active language."""
    english = english_names(run)
    return [
        Node(code, english.get(code) or name, unit, level, parent, direction)
        for code, name, unit, level, parent, direction in node_weights(run)
        .values_list("code", "name", "unit", "level", "parent_code", "direction")
    ]


def dimensions(run) -> list[Node]:
    """The aggregates below the index (their scores are ``CountyResult.dimension_scores``)."""
    return [n for n in nodes(run) if n.level >= 2 and n.parent]


def provinces() -> dict[str, Province]:
    return {p.code: p for p in Province.objects.all()}


def ranking_rows(run, flt, user=None):
    """The run's county rows after the filter, ordered; only the listed columns are read."""
    return flt.apply(county_results(run).only(*ROW_FIELDS, "run_id"), user)


def previous_ranks(previous, county_codes) -> dict[str, tuple[int | None, int | None]]:
    """County → (national rank, province rank) in ``previous`` (one query)."""
    if previous is None:
        return {}
    rows = county_results(previous, county_id__in=list(county_codes)).values_list(
        "county_id", "national_rank", "province_rank")
    return {code: (national, provincial) for code, national, provincial in rows}


def _ranks(run) -> dict[str, tuple[str, int | None, int | None]]:
    rows = county_results(run).values_list("county_id", "province_id", "national_rank", "province_rank")
    return {code: (province, national, provincial) for code, province, national, provincial in rows}


def _rerank(ranks: dict[str, int | None]) -> dict[str, int]:
    """Ranks again among the given counties only (ties keep sharing a place): 1 + how many rank better."""
    ordered = sorted(r for r in ranks.values() if r is not None)
    return {code: bisect_left(ordered, r) + 1 for code, r in ranks.items() if r is not None}


def like_for_like_moves(previous, run) -> dict[str, tuple[int | None, int | None]]:
    """County → (national move, province move) from ``previous`` to ``run``, like with like: nothing unless
    both runs cover the same provinces (:func:`innocounty.evaluations.coverage.comparable`), and then the
    ranks of both years are taken among the counties evaluated in both runs only (two queries)."""
    if not comparable(previous, run):
        return {}
    before, now = _ranks(previous), _ranks(run)
    common = before.keys() & now.keys()
    moves: dict[str, tuple[int | None, int | None]] = {}
    national_before = _rerank({c: before[c][1] for c in common})
    national_now = _rerank({c: now[c][1] for c in common})
    provincial_before: dict[str, int] = {}
    provincial_now: dict[str, int] = {}
    for province in {now[c][0] for c in common}:
        members = [c for c in common if now[c][0] == province and before[c][0] == province]
        provincial_before.update(_rerank({c: before[c][2] for c in members}))
        provincial_now.update(_rerank({c: now[c][2] for c in members}))
    for code in common:
        moves[code] = (rank_move(national_before.get(code), national_now.get(code)),
                       rank_move(provincial_before.get(code), provincial_now.get(code)))
    return moves


def rank_move(before: int | None, now: int | None) -> int | None:
    """Places gained (positive) or lost (negative) since last year; None when either is missing."""
    if before is None or now is None:
        return None
    return before - now


def decorate(rows, run, previous, province_table=None) -> list[dict]:
    """Rows as dicts for templates, exports and the API, with province names and last year's move (like with
    like: :func:`like_for_like_moves`; no move when the two runs' coverage differs)."""
    rows = list(rows)
    province_table = province_table or provinces()
    before = previous_ranks(previous, [r.county_id for r in rows])
    moves = like_for_like_moves(previous, run) if previous is not None else {}
    out = []
    for r in rows:
        prev_national, prev_province = before.get(r.county_id, (None, None))
        national_move, province_move = moves.get(r.county_id, (None, None))
        province = province_table.get(r.province_id)
        out.append({
            "county_code": r.county_id, "county_name": r.county_name, "province_code": r.province_id,
            "province_name": province.name if province else r.province_id,
            "belt": r.belt, "belt_label": str(BELT_LABELS.get(r.belt, r.belt)), "unit_type": r.unit_type,
            "status": r.status, "index_score": r.index_score, "dimension_scores": dict(r.dimension_scores),
            "national_rank": r.national_rank, "national_n": r.national_n,
            "national_rank_q05": r.national_rank_q05, "national_rank_q95": r.national_rank_q95,
            "province_rank": r.province_rank, "province_n": r.province_n,
            "province_rank_q05": r.province_rank_q05, "province_rank_q95": r.province_rank_q95,
            "previous_national_rank": prev_national, "previous_province_rank": prev_province,
            "national_move": national_move, "province_move": province_move,
            "eligible": r.eligible, "eligibility_reason": r.eligibility_reason,
            "performance_group": r.performance_group,
        })
    return out


# --- averages and maps ----------------------------------------------------------------------------


def group_dimension_means(run, dimension_codes, **filters) -> dict[str, float | None]:
    """Mean index and dimension scores of the run's counties matching ``filters`` (one aggregate query;
    the JSON dimension scores are extracted and cast in SQL, on SQLite and PostgreSQL alike)."""
    averages = {"index": Avg("index_score")}
    averages.update({code: Avg(Cast(KT(f"dimension_scores__{code}"), FloatField())) for code in dimension_codes})
    return county_results(run, **filters).aggregate(**averages)


def province_summary(run) -> list[dict]:
    """Per province: counties evaluated, mean index, eligible counties and their share (one query)."""
    table = provinces()
    rows = (county_results(run).values("province_id")
            .annotate(n=Count("pk"), scored=Count("index_score"), mean_index=Avg("index_score"),
                      eligible_n=Count("pk", filter=Q(eligible=True)))
            .order_by("province_id"))
    out = []
    for row in rows:
        province = table.get(row["province_id"])
        out.append({
            "province_code": row["province_id"], "province_name": province.name if province else row["province_id"],
            "short_name": province.short_name if province else row["province_id"],
            "belt": province.belt if province else "",
            "counties": row["n"], "mean_index": row["mean_index"], "eligible": row["eligible_n"],
            "eligible_share": (row["eligible_n"] / row["n"]) if row["n"] else None,
        })
    return out


def prefecture_summary(run, province_code: str) -> list[dict]:
    """Per prefecture of a province: counties evaluated, mean index, eligible share (one query + names)."""
    rows = (county_results(run, province_id=province_code).values("prefecture_code")
            .annotate(n=Count("pk"), mean_index=Avg("index_score"), eligible_n=Count("pk", filter=Q(eligible=True)))
            .order_by("prefecture_code"))
    prefectures = {p.code: p for p in Prefecture.objects.filter(province_id=province_code)}
    out = []
    for row in rows:
        prefecture = prefectures.get(row["prefecture_code"])
        out.append({
            "prefecture_code": row["prefecture_code"],
            "prefecture_name": prefecture.name if prefecture else row["prefecture_code"],
            "is_grouping": bool(prefecture and prefecture.is_grouping),
            "counties": row["n"], "mean_index": row["mean_index"], "eligible": row["eligible_n"],
            "eligible_share": (row["eligible_n"] / row["n"]) if row["n"] else None,
        })
    return out


# --- county profile -------------------------------------------------------------------------------


def county_row(run, county_code: str):
    return county_results(run, county_id=county_code).first()


def indicator_rows(run, county_code: str) -> list:
    return list(county_indicators(run, county_code))


def province_indicator_counts(run, province_code: str) -> dict[str, int]:
    """Indicator → counties of the province ranked on it (the n of the within-province rank)."""
    rows = (indicator_results(run, province_id=province_code, province_rank__isnull=False)
            .values("indicator_code").annotate(n=Count("pk")).values_list("indicator_code", "n"))
    return dict(rows)


def history(runs, county_code: str) -> list:
    """The county's row in the latest of ``runs`` (published, visible) of each year, oldest first."""
    latest: dict[int, int] = {}
    for run_id, year in runs.values_list("pk", "year"):
        latest.setdefault(year, run_id)
    rows = (county_results_in_runs(latest.values(), county_code)
            .select_related("run").only("run__year", "run_id", "county_id", "index_score", "national_rank", "province_rank",
                                        "national_n", "province_n", "eligible"))
    return sorted(rows, key=lambda r: r.run.year)
