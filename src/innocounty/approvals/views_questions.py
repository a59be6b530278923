"""Questioning (专家质询): the ministry (or the application's panel) asks; the county answers before the
deadline; answers go to the panel and the ministry."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import ensure
from innocounty.applications.models import Application
from innocounty.applications.views import report_refusal
from innocounty.approvals import services
from innocounty.approvals.access import may_see_questions
from innocounty.approvals.models import Question
from innocounty.common.render import consequence_text
from innocounty.programme.approval import QUESTION
from innocounty.workflow.adapter import available_actions


def _application(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("county__province", "batch"), pk=pk)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


@login_required
def questions(request, pk: int):
    app = _application(pk)
    ensure(may_see_questions(request.user, app))
    error = ""
    if request.method == "POST":
        text, deadline = request.POST.get("question", "")[:2001], _parse_date(request.POST.get("deadline", "")[:10])
        outcome, _q = services.ask(request.user, app, text, deadline)
        if outcome.allowed:
            messages.success(request, _("质询已发送给县（市）。"))
            return redirect("approvals:questions", pk=app.pk)
        report_refusal(request, outcome.decision)
        error = "1"
    rows = []
    for q in Question.objects.filter(application=app).select_related("asked_by", "answered_by"):
        q.application = app
        rows.append({"q": q, "actions": [t.name for t in available_actions(request.user, q, kind="question")]})
    probe = Question(application=app, deadline=date.max, asked_by=request.user)
    may_ask = any(t.name == "ask" for t in available_actions(request.user, probe, kind="question"))
    return render(request, "approvals/questions.html", {
        "app": app, "rows": rows, "may_ask": may_ask, "error": error,
        "answer_consequence": consequence_text(QUESTION.transition("answer")),
    })  # fmt: skip


@login_required
@require_POST
def question_act(request, pk: int, name: str):
    if name not in ("answer", "close"):
        raise Http404
    q = get_object_or_404(Question.objects.select_related("application__county"), pk=pk)
    ensure(may_see_questions(request.user, q.application))
    if name == "answer":
        outcome = services.answer(request.user, q, request.POST.get("answer", "")[:4001], request.POST.get("confirm") == "1")
    else:
        from innocounty.workflow.adapter import apply_transition

        outcome = apply_transition(request.user, q, "close", {"reason": request.POST.get("reason", "")[:2001]},
                                   kind="question")  # fmt: skip
    if outcome.allowed:
        messages.success(request, _("已办理。"))
    else:
        report_refusal(request, outcome.decision)
    return redirect("approvals:questions", pk=q.application_id)
