"""Every workflow of the programme, in one list (the docs, the tests and the adapter's checks read it)."""

from __future__ import annotations

from .acceptance import ACCEPTANCE, ACCEPTANCE_LIST
from .annual_reports import ANNUAL_REPORT
from .approval import APPROVAL_LIST, INSPECTION, OBJECTION, QUESTION
from .batch_lifecycle import BATCH
from .consultation import ASSIGNMENT, REVIEW
from .data_workflows import COUNTY_ENTRY, FRAMEWORK, PUBLICATION, ROUND, RUN, SUBMISSION, UPLOAD
from .machine import Workflow
from .workflow import APPLICATION, DATA_EVALUATION, PROVINCE_LIST

WORKFLOWS: tuple[Workflow, ...] = (
    BATCH, APPLICATION, PROVINCE_LIST, DATA_EVALUATION, ROUND, SUBMISSION, COUNTY_ENTRY, UPLOAD, FRAMEWORK, RUN,
    PUBLICATION, ASSIGNMENT, REVIEW, QUESTION, INSPECTION, APPROVAL_LIST, OBJECTION, ANNUAL_REPORT,
    ACCEPTANCE, ACCEPTANCE_LIST,
)
BY_KIND = {w.kind: w for w in WORKFLOWS}
assert len(BY_KIND) == len(WORKFLOWS), "workflow kinds must be unique"
