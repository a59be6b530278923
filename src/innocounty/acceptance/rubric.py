"""The acceptance rubric, registered with the experts app so its reviews score against it (purpose
"acceptance"): the batch's own rubric when the ministry set one, else the core's default."""

from __future__ import annotations

from innocounty.experts.bindings import RUBRIC_PROVIDERS
from innocounty.programme.acceptance import ACCEPTANCE_RUBRIC
from innocounty.programme.consultation import Purpose
from innocounty.programme.scoring import Rubric, rubric_problems


def acceptance_rubric(batch) -> Rubric:
    from innocounty.acceptance.models import AcceptanceRubric

    row = AcceptanceRubric.objects.filter(batch=batch).first()
    return Rubric.from_json(row.criteria) if row and row.criteria else ACCEPTANCE_RUBRIC


def set_rubric(batch, rubric: Rubric) -> list:
    """Store ``rubric`` for the batch; returns the problems instead when it is not valid."""
    from innocounty.acceptance.models import AcceptanceRubric

    problems = rubric_problems(rubric)
    if not problems:
        AcceptanceRubric.objects.update_or_create(batch=batch, defaults={"criteria": rubric.as_json()})
    return problems


RUBRIC_PROVIDERS[Purpose.ACCEPTANCE.value] = acceptance_rubric
