"""The province submission workflow, as the monitoring pages and the API call it.

    draft ──submit──▶ submitted ──accept──▶ accepted (locked)
                        │   ▲
                 return │   │ submit (resubmit)
                        ▼   │
                      returned

The table is the core's (:data:`innocounty.programme.data_workflows.SUBMISSION`), performed by the workflow
adapter (:mod:`innocounty.monitoring.bindings`): actor rule → state → inputs, guards and confirmation →
state change → audit event → effects → history row → notification, in one transaction. Submitting and
accepting are consequential: refused unless ``confirm``. These functions turn a refusal into
:class:`TransitionRefused` with every reason in the reader's language.
"""

from __future__ import annotations

from innocounty.common.render import render_lines, render_problem
from innocounty.monitoring.models import ProvinceSubmission
from innocounty.workflow.adapter import NotAllowed, apply_transition, available_actions

KIND = "submission"


class TransitionRefused(Exception):
    """The transition may not happen; ``reason`` says why. ``forbidden`` marks a permission refusal."""

    def __init__(self, reason: str, forbidden: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.forbidden = forbidden


def refusal_text(decision) -> str:
    """Every reason of a refused decision, in the reader's language; an act refused for want of confirmation
    states its consequence too."""
    consequences = [render_problem(d) for r in decision.reasons for d in r.details if d.code == "consequence"]
    return " ".join([*render_lines(decision), *consequences])


def not_allowed(refused: NotAllowed) -> TransitionRefused:
    """An actor-rule refusal of the adapter as a forbidden :class:`TransitionRefused` (HTTP 403)."""
    reasons = refused.outcome.decision.reasons if refused.outcome is not None else ()
    return TransitionRefused(render_problem(reasons[0]) if reasons else refused.reason, forbidden=True)


def run(user, subject, name: str, inputs: dict | None = None, *, kind: str, **kwargs):
    """``apply_transition`` raising :class:`TransitionRefused` (forbidden for the actor rule) when refused."""
    try:
        outcome = apply_transition(user, subject, name, inputs, kind=kind, **kwargs)
    except NotAllowed as refused:
        raise not_allowed(refused) from None
    if not outcome.allowed:
        raise TransitionRefused(refusal_text(outcome.decision))
    return outcome


def available_transitions(submission: ProvinceSubmission, user) -> list:
    """The core transitions the user may perform now (actor, state and guards; inputs and confirmation are
    asked by the form)."""
    return available_actions(user, submission, kind=KIND)


def perform(submission: ProvinceSubmission, action: str, user, reason: str = "",
            confirm: bool = False) -> ProvinceSubmission:  # fmt: skip
    """Run one transition; raises :class:`TransitionRefused` and changes nothing when it may not happen."""
    run(user, submission, action, {"reason": reason.strip(), "confirm": bool(confirm)}, kind=KIND)
    return ProvinceSubmission.objects.select_related("data_round", "province").get(pk=submission.pk)
