"""The pool as the solver sees it: core :class:`Expert` and :class:`Candidate` values from the database.

Which applications a batch sends to its experts (:func:`consultation_states`): in a batch with 数据评价
(2023 on) those the data evaluation selected (进入专家评议); in a batch without it (the 2018 first batch:
形式审查 → 咨询评议) those that passed formal review; in a batch without formal review, those forwarded.
"""

from __future__ import annotations

from innocounty.applications.models import Application
from innocounty.experts.models import Expert
from innocounty.programme import ApplicationState, KeyTask, Stage
from innocounty.programme.assignment import Candidate, Rules
from innocounty.programme.assignment import Expert as CoreExpert

S = ApplicationState


def consultation_states(batch) -> list[str]:
    stages = set(batch.stages or ())
    if Stage.DATA_EVALUATION.value in stages:
        return [S.SELECTED_FOR_CONSULTATION.value]
    if Stage.FORMAL_REVIEW.value in stages:
        return [S.FORMAL_REVIEW_PASSED.value]
    return [S.FORWARDED.value]


def candidate_applications(batch):
    return (Application.objects.filter(batch=batch, state__in=consultation_states(batch))
            .select_related("county__province").order_by("county__province_id", "county_id"))  # fmt: skip


def county_orgs(county) -> frozenset[str]:
    """The organisations an application names: the county's government and its science bureau."""
    return frozenset({f"{county.name}人民政府", f"{county.name}科学技术局", f"{county.name}科技局"})


def candidate_of(app: Application) -> Candidate:
    filled = {t.value for t in KeyTask if str((app.key_tasks or {}).get(t.value, "")).strip()}
    return Candidate(id=app.pk, county=app.county_id, province=app.county.province_id, theme=app.theme or "",
                     fields=frozenset({app.theme or "", *filled} - {""}), orgs=county_orgs(app.county))  # fmt: skip


def core_expert(expert: Expert, counties: frozenset[str] | None = None) -> CoreExpert:
    if counties is None:
        counties = frozenset(expert.conflict_counties.values_list("code", flat=True))
    return CoreExpert(id=expert.pk, province=expert.province_id,
                      fields=frozenset(str(f) for f in [*(expert.fields or []), *(expert.keywords or [])]),
                      conflict_counties=counties, conflict_orgs=frozenset(expert.conflict_orgs or []),
                      max_load=expert.max_load, active=expert.active)  # fmt: skip


def pool_experts(include_inactive: bool = False) -> dict[int, CoreExpert]:
    rows = Expert.objects.all() if include_inactive else Expert.objects.filter(active=True)
    rows = list(rows.prefetch_related("conflict_counties"))
    return {e.pk: core_expert(e, frozenset(c.code for c in e.conflict_counties.all())) for e in rows}


def rules_for(plan) -> Rules:
    return Rules(panel_size=plan.panel_size, max_load=plan.max_load)
