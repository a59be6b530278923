"""What approvals reads from the consultation stage (branch ``experts``): the panel's scores and members.

The one place that calls into ``innocounty.experts``; until that app is installed both answers are empty
(the list is then ordered by inspection and data evaluation, and answers go to the ministry only).
"""

from __future__ import annotations

from django.apps import apps


def _experts_installed() -> bool:
    return apps.is_installed("innocounty.experts")


def consultation_scores(batch) -> dict[int, float | None]:
    """Application id → the panel's trimmed mean (None where no score is in)."""
    if not _experts_installed():
        return {}
    from innocounty.experts.summaries import panel_summaries

    return {pk: (s.trimmed_mean if s.n_in else None) for pk, s in panel_summaries(batch).items()}


def panel_user_ids(application) -> frozenset[int]:
    """The users on the application's consultation panel who see it (accepted and declared no conflict:
    the experts app's own rule, ``expert_may_see``)."""
    if not _experts_installed():
        return frozenset()
    from innocounty.experts.models import Assignment
    from innocounty.programme.consultation import AssignmentState

    rows = Assignment.objects.filter(application=application, purpose="consultation",
                                     state=AssignmentState.DECLARED.value)  # fmt: skip
    return frozenset(rows.values_list("expert__user_id", flat=True))
