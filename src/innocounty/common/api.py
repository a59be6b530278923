"""The API's shared pieces: error schemas, refusals as 400 with every reason, 403.

Every router uses these (no app imports another app's API module for them).
"""

from __future__ import annotations

from functools import wraps

from ninja import Schema, Status

from innocounty.common.refusals import Forbidden
from innocounty.common.render import render_problem
from innocounty.programme import Decision, Problem


class ProblemOut(Schema):
    code: str
    message: str
    path: str = ""
    details: list[ProblemOut] = []


class ErrorOut(Schema):
    detail: str


class RefusalOut(Schema):
    detail: str
    reasons: list[ProblemOut] = []


class ValidationErrorOut(Schema):
    """422: ``detail`` is a sentence; ``errors`` the field errors (``loc``, ``msg``, ``type``) when the input
    failed validation (web/api_schema.py)."""

    detail: str
    errors: list[dict] = []


ERRORS = {400: RefusalOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


class Refused(Exception):
    """Raised in an operation when the rules refuse; rendered as 400 with every reason."""

    def __init__(self, decision: Decision):
        self.decision = decision
        super().__init__("；".join(decision.messages))  # Chinese; the API renders per reader


def handles_refusals(operation):
    """Turn :class:`Refused` raised inside an operation into ``400`` with every reason."""

    @wraps(operation)
    def wrapped(*args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except Refused as refused:
            return Status(400, refusal_body(refused.decision))

    return wrapped


def problem_out(p: Problem) -> dict:
    return {"code": p.code, "message": render_problem(p), "path": p.path, "details": [problem_out(d) for d in p.details]}


def refusal_body(decision: Decision) -> dict:
    return {"detail": "；".join(render_problem(r) for r in decision.reasons) or "refused",
            "reasons": [problem_out(r) for r in decision.reasons]}  # fmt: skip


def refuse_unless(decision: Decision) -> None:
    if not decision.allowed:
        raise Refused(decision)


def forbid(reason) -> None:
    raise Forbidden(reason)
