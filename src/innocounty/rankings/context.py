"""What every rankings page resolves first: the run to show (from ``?run=`` or ``?year=``), whether the
user may see it, and the choices of the year selector."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.translation import gettext as _

from innocounty.accounts.guards import forbidden_response
from innocounty.rankings.access import can_view_results, resolve_run, run_choices


@dataclass
class RunContext:
    run: object | None  # an evaluation run
    choices: list  # evaluation runs
    refusal: object = None  # an HttpResponse when the requested run may not be shown

    def as_dict(self) -> dict:
        return {"run": self.run, "run_choices": self.choices}


def run_context(request, predicate=can_view_results) -> RunContext:
    """Resolve the run of the page; ``refusal`` is a login redirect or a 403 page when it is not visible.

    With no visible run at all, ``run`` is None and the page shows its empty state."""
    user = request.user
    run_pk, year = request.GET.get("run"), request.GET.get("year")
    run = resolve_run(user, run_pk, year)
    choices = run_choices(user)
    if run is None:
        if run_pk or year:
            raise Http404(_("没有找到可查看的评价结果。"))
        return RunContext(None, choices)
    decision = predicate(user, run)
    if not decision:
        if not user.is_authenticated:
            return RunContext(None, choices, redirect_to_login(request.get_full_path()))
        return RunContext(None, choices, forbidden_response(request, decision.reason))
    return RunContext(run, choices)


def run_query(run, explicit: bool) -> str:
    """``run=<pk>`` to carry along in links when the user picked a run, else nothing (latest by default)."""
    return f"run={run.pk}" if run is not None and explicit else ""
