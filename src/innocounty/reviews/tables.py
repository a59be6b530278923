"""The read models of the screening pages: the province's applications beside their monitoring data,
and the ministry's data-evaluation table with national, belt and theme ranks and the regional balance."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from innocounty.applications.models import Application
from innocounty.common.labels import belt_label, theme_label
from innocounty.evaluations.queries import indicator_results, node_weights, positions
from innocounty.programme import ApplicationState, BalanceEntry, Theme, regional_balance
from innocounty.programme.candidate_ranking import Candidate, GroupRank, group_ranks
from innocounty.regions.models import Province

S = ApplicationState
CANDIDATE_STATES = (S.FORMAL_REVIEW_PASSED.value, S.SELECTED_FOR_CONSULTATION.value, S.NOT_SELECTED.value)


def province_rows(batch, province) -> tuple[object, list[dict]]:
    """The province's submitted applications (drafts stay with the county), recommended first by priority."""
    apps = list(
        Application.objects.filter(batch=batch, county__province=province)
        .exclude(state=S.DRAFT.value)
        .select_related("county")
    )
    for a in apps:
        a.batch = batch  # one batch for every row (no query per row)
    run = batch.evaluation_run()
    found = positions(run, [a.county_id for a in apps]) if run else {}
    apps.sort(key=lambda a: (a.recommendation_priority is None, a.recommendation_priority or 0, a.county_id))
    return run, [{"app": a, "position": found.get(a.county_id)} for a in apps]


@dataclass
class CandidateRow:
    app: Application
    position: object
    belt: str
    belt_label: str
    belt_rank: GroupRank | None = None
    theme_rank: GroupRank | None = None
    # The dimension scores in framework order, beside :func:`dimension_columns` (None where missing).
    dimensions: list = field(default_factory=list)

    @property
    def selected(self) -> bool:
        return self.app.state == S.SELECTED_FOR_CONSULTATION.value

    @property
    def decided(self) -> bool:
        return self.app.state != S.FORMAL_REVIEW_PASSED.value


def candidate_rows(batch) -> tuple[object, list[CandidateRow]]:
    apps = list(
        Application.objects.filter(batch=batch, state__in=CANDIDATE_STATES).select_related("county__province")
    )
    run = batch.evaluation_run()
    found = positions(run, [a.county_id for a in apps]) if run else {}
    rows = []
    for a in apps:
        belt = a.county.province.belt
        rows.append(CandidateRow(a, found.get(a.county_id), belt, belt_label(belt)))

    def candidate(row: CandidateRow, group) -> Candidate:
        p = row.position
        return Candidate(row.app.pk, group, p.index_score if p else None,
                         p.national_rank_q05 if p else None, p.national_rank_q95 if p else None)  # fmt: skip

    belt_ranks = group_ranks(candidate(r, r.belt) for r in rows)
    theme_ranks = group_ranks(candidate(r, r.app.theme) for r in rows)
    dimensions = dimension_columns(run) if run else []
    for r in rows:
        r.belt_rank, r.theme_rank = belt_ranks[r.app.pk], theme_ranks[r.app.pk]
        scores = (r.position.dimension_scores or {}) if r.position else {}
        r.dimensions = [scores.get(d["code"]) for d in dimensions]
    rows.sort(key=lambda r: (r.position is None or r.position.national_rank is None,
                             r.position.national_rank if r.position and r.position.national_rank else 0, r.app.county_id))  # fmt: skip
    return run, rows


def dimension_columns(run) -> list[dict]:
    """The run's dimensions (level 2 of the framework) by code and name, in framework order: the pages
    show the names (创新投入…), not the codes (D1…)."""
    return [{"code": code, "name": name}
            for code, name in node_weights(run, level=2).values_list("code", "name")]  # fmt: skip


def balance_tables(rows: list[CandidateRow]) -> dict:
    """Counts of candidates and of those selected, per belt, theme and province (zeros shown)."""
    balance = regional_balance(
        BalanceEntry(r.app.county.province_id, r.app.theme or None, r.selected) for r in rows
    )
    provinces = dict(Province.objects.values_list("code", "name"))
    themes = {t.value: theme_label(t) for t in Theme}
    return {
        "total": balance.total,
        "by_belt": [(belt_label(k), v) for k, v in balance.by_belt.items()],
        "by_theme": [(themes.get(k, _("未选择")), v) for k, v in balance.by_theme.items()],
        "by_province": sorted(((provinces.get(k, k), v) for k, v in balance.by_province.items()),
                              key=lambda item: -item[1].candidates),  # fmt: skip
    }


@dataclass(frozen=True)
class IndicatorCell:
    raw_value: float | None
    normalised_score: float | None
    province_rank: int | None
    top_quartile: bool
    imputed: bool


def indicator_matrix(run, rows: list[CandidateRow]) -> tuple[list[dict], list[tuple[CandidateRow, list]]]:
    """Every indicator of the batch's run for each candidate (one query for the cells): the columns (code,
    name, unit, direction) and, per row, the cells in framework order (None where the run has no value)."""
    columns = [
        {"code": code, "name": name, "unit": unit, "direction": direction}
        for code, name, unit, direction in node_weights(run, level=1)
        .values_list("code", "name", "unit", "direction")
    ]
    cells: dict[str, dict[str, IndicatorCell]] = {}
    for county, code, *values in indicator_results(
        run, county_id__in=[r.app.county_id for r in rows]
    ).values_list("county_id", "indicator_code", "raw_value", "normalised_score", "province_rank", "top_quartile",
                  "imputed"):  # fmt: skip
        cells.setdefault(county, {})[code] = IndicatorCell(*values)
    return columns, [(r, [cells.get(r.app.county_id, {}).get(c["code"]) for c in columns]) for r in rows]
