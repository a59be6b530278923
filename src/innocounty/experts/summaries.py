"""Per application, the panel's aggregation of submitted consultation reviews (the approval list reads it).

``panel_summaries(batch) -> {application id: PanelSummary}`` for every application with a live or
answered consultation panel in the batch; ``n_expected`` is the live panel's size (declined and removed
slots do not count), ``n_in`` the submitted reviews of live assignments. The rule and its thresholds are
the batch's (:class:`~innocounty.experts.models.BatchRubric`, defaults in
:mod:`innocounty.programme.scoring`). Only the ministry sees these figures; experts never see each other's.
"""

from __future__ import annotations

from innocounty.experts.models import LIVE_STATES, Assignment, BatchRubric, Review
from innocounty.programme.consultation import Purpose, ReviewState
from innocounty.programme.scoring import DisagreementRule, PanelSummary, summarise


def disagreement_rule(batch) -> DisagreementRule:
    row = BatchRubric.objects.filter(batch=batch).first()
    return row.disagreement_rule() if row else DisagreementRule()


def panel_summaries(batch, purpose: str = Purpose.CONSULTATION.value) -> dict[int, PanelSummary]:
    expected: dict[int, int] = {}
    for app_id in Assignment.objects.filter(batch=batch, purpose=purpose, state__in=LIVE_STATES).values_list(
            "application_id", flat=True):  # fmt: skip
        expected[app_id] = expected.get(app_id, 0) + 1
    totals: dict[int, list[float]] = {}
    recs: dict[int, list[str]] = {}
    reviews = Review.objects.filter(assignment__batch=batch, purpose=purpose, state=ReviewState.SUBMITTED.value,
                                    assignment__state__in=LIVE_STATES, total__isnull=False)  # fmt: skip
    for app_id, total, rec in reviews.values_list("application_id", "total", "recommendation"):
        totals.setdefault(app_id, []).append(total)
        recs.setdefault(app_id, []).append(rec)
        expected.setdefault(app_id, 0)
    rule = disagreement_rule(batch)
    return {app_id: summarise(totals.get(app_id, []), recs.get(app_id, []), n, rule)
            for app_id, n in expected.items()}  # fmt: skip
