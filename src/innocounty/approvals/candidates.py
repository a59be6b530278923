"""The applications an approval list is drawn from, with what the ministry weighs: consultation score,
the field inspection's conclusion and the county's data evaluation rank (the core's ``ListCandidate``)."""

from __future__ import annotations

from innocounty.applications.models import Application
from innocounty.approvals.models import Inspection
from innocounty.approvals.panel import consultation_scores
from innocounty.evaluations.queries import positions
from innocounty.programme import ApplicationState, Stage
from innocounty.programme.approval import InspectionState
from innocounty.programme.approval_rules import InspectionConclusion, ListCandidate

S = ApplicationState


def candidate_applications(batch):
    """Selected for consultation; in a batch without data evaluation, passed formal review."""
    states = [S.SELECTED_FOR_CONSULTATION.value]
    if Stage.DATA_EVALUATION.value not in batch.stages:
        states.append(S.FORMAL_REVIEW_PASSED.value)
    return Application.objects.filter(batch=batch, state__in=states).select_related("county__province")


def conclusions(app_ids) -> dict[int, InspectionConclusion]:
    """The latest completed inspection's conclusion per application."""
    rows = Inspection.objects.filter(application_id__in=list(app_ids), state=InspectionState.COMPLETED.value)
    out = {}
    for app_id, conclusion in rows.order_by("ends", "pk").values_list("application_id", "conclusion"):
        if conclusion:
            out[app_id] = InspectionConclusion(conclusion)
    return out


def evaluation_ranks(batch, county_codes) -> dict[str, int]:
    run = batch.evaluation_run()
    if run is None:
        return {}
    return {code: p.national_rank for code, p in positions(run, county_codes).items() if p.national_rank}


def list_candidates(batch, apps=None) -> list[ListCandidate]:
    apps = list(apps if apps is not None else candidate_applications(batch))
    scores = consultation_scores(batch)
    found = conclusions(a.pk for a in apps)
    ranks = evaluation_ranks(batch, [a.county_id for a in apps])
    return [ListCandidate(a.pk, a.county_id, a.theme or None, scores.get(a.pk), found.get(a.pk), ranks.get(a.county_id))
            for a in apps]  # fmt: skip
