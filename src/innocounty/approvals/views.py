"""The ministry's approval list page: draft it from the candidates, adjust decisions (with reasons where
they depart from the score order), publish the notice, resolve objections, finalise with the document."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import ensure
from innocounty.applications.views import report_refusal
from innocounty.approvals import services
from innocounty.approvals.access import can_manage_programme, can_view_nation
from innocounty.approvals.bindings import list_context
from innocounty.approvals.candidates import candidate_applications, conclusions
from innocounty.approvals.models import ApprovalList, Objection
from innocounty.approvals.tables import balance_view
from innocounty.batches.models import Batch
from innocounty.common import clock
from innocounty.common.params import parse_int
from innocounty.common.render import consequence_text, render_lines
from innocounty.programme.approval import APPROVAL_LIST, OBJECTION, ObjectionOutcome
from innocounty.programme.approval_rules import DEFAULT_NOTICE_DAYS, NOTICE_DAYS_MAX, ListDecision, departures
from innocounty.workflow.adapter import apply_transition

LIST_ACTS = ("draft", "decide", "publish_notice", "withdraw_notice", "finalise")


@login_required
def index(request):
    ensure(can_view_nation(request.user))
    batches = Batch.objects.exclude(status="draft").order_by("-year", "-pk")
    lists = {lst.batch_id: lst for lst in ApprovalList.objects.all()}
    rows = [{"batch": b, "list": lists.get(b.pk)} for b in batches]
    return render(request, "approvals/index.html", {"rows": rows})


def _consequences(ctx, names) -> dict:
    out = {}
    for t in APPROVAL_LIST.available(ctx, names):
        out[t.name] = consequence_text(t, ctx) if t.consequential else ""
    return out


@login_required
def approval_list(request, batch_pk: int):
    ensure(can_view_nation(request.user))
    batch = get_object_or_404(Batch.objects.exclude(status="draft"), pk=batch_pk)
    lst = ApprovalList.objects.filter(batch=batch).first()
    acting = bool(can_manage_programme(request.user))
    ctx = list_context(request.user, lst or ApprovalList(batch=batch))
    facts = ctx.facts
    available = _consequences(ctx, None) if acting else {}
    entries, blockers = [], []
    if lst is not None:
        apart = departures(facts.candidates, facts.decisions)
        by_id = {c.application_id: c for c in facts.candidates}
        for e in lst.entries.select_related("application__county__province"):
            c = by_id.get(e.application_id)
            entries.append({"entry": e, "app": e.application, "candidate": c, "departs": e.application_id in apart})
        if acting and lst.state == "on_notice":
            trial = {"confirm": True, "document_number": "…", "document_date": "…"}
            decision = APPROVAL_LIST.check("finalise", replace(ctx, inputs=trial))
            blockers = render_lines(decision) if not decision.allowed else []
        elif acting and lst.state == "draft" and "publish_notice" not in available:
            blockers = render_lines(APPROVAL_LIST.check("publish_notice", replace(ctx, inputs={"confirm": True})))
    else:
        apps = list(candidate_applications(batch))
        found = conclusions(a.pk for a in apps)
        entries = [{"app": a, "conclusion": found.get(a.pk)} for a in apps]
    objections = list(lst.objections.select_related("application__county")) if lst else []
    may_resolve = acting and lst is not None and lst.state == "on_notice"
    return render(request, "approvals/list.html", {
        "batch": batch, "list": lst, "entries": entries, "acting": acting, "available": available,
        "blockers": blockers, "objections": objections, "may_resolve": may_resolve,
        "balance": balance_view(facts.candidates, facts.decisions, lst.plan if lst else {}) if lst else None,
        "decisions": [(d.value, d.label) for d in ListDecision], "outcomes": [(o.value, o.label) for o in ObjectionOutcome],
        "notice_days": DEFAULT_NOTICE_DAYS, "notice_days_max": NOTICE_DAYS_MAX, "today": clock.today(),
        "uphold_consequence": consequence_text(OBJECTION.transition("uphold")),
    })  # fmt: skip


def _int_or_text(raw: str):
    """An integer for the table's bounds to check, or the text itself (refused as not an integer)."""
    raw = raw.strip()[:12]
    if not raw:
        return None
    value = parse_int(raw, -(10**9), 10**9)
    return value if value is not None else raw


def _inputs(request, name: str) -> dict:
    post = request.POST
    confirm = post.get("confirm") == "1"
    if name == "decide":
        return {"application": parse_int(post.get("application", ""), 1, 2**31 - 1) or 0,
                "decision": post.get("decision", "")[:20], "reason": post.get("reason", "")[:2001]}  # fmt: skip
    if name == "publish_notice":
        return {"notice_days": _int_or_text(post.get("notice_days", "")), "confirm": confirm}
    if name == "withdraw_notice":
        return {"reason": post.get("reason", "")[:2001], "confirm": confirm}
    if name == "finalise":
        return {"document_number": post.get("document_number", "").strip()[:41],
                "document_date": post.get("document_date", "").strip()[:10], "confirm": confirm}  # fmt: skip
    return {}


@login_required
@require_POST
def list_act(request, batch_pk: int, name: str):
    ensure(can_manage_programme(request.user))
    if name not in LIST_ACTS:
        raise Http404
    batch = get_object_or_404(Batch.objects.exclude(status="draft"), pk=batch_pk)
    lst = ApprovalList.objects.filter(batch=batch).first()
    if name == "draft":
        if lst is not None:
            messages.error(request, _("本批次已有名单。"))
            return redirect("approvals:list", batch_pk=batch.pk)
        places = parse_int(request.POST.get("places", ""), 1, 1000)
        outcome, lst = services.draft_list(request.user, batch, places)
    elif lst is None:
        raise Http404
    else:  # a refusal of the actor rule raises NotAllowed: the 403 page with its reason
        outcome = apply_transition(request.user, lst, name, _inputs(request, name), kind="approval_list")
    if outcome.allowed:
        messages.success(request, _("已办理：%(action)s") % {"action": _label(name)})
    else:
        report_refusal(request, outcome.decision)
    return redirect("approvals:list", batch_pk=batch.pk)


def _label(name: str) -> str:
    from innocounty.common.labels import transition_label

    return transition_label(APPROVAL_LIST.transition(name))


@login_required
@require_POST
def resolve_objection(request, pk: int, name: str):
    ensure(can_manage_programme(request.user))
    if name not in ("uphold", "dismiss"):
        raise Http404
    o = get_object_or_404(Objection.objects.select_related("approval_list"), pk=pk)
    post = request.POST
    outcome = services.resolve(request.user, o, name == "uphold", post.get("reason", "")[:2001],
                               post.get("outcome", "")[:10], post.get("confirm") == "1")  # fmt: skip
    if outcome.allowed:
        messages.success(request, _("异议已处理。"))
    else:
        report_refusal(request, outcome.decision)
    return redirect("approvals:list", batch_pk=o.approval_list.batch_id)


@login_required
def objection_attachment(request, pk: int):
    ensure(can_view_nation(request.user))
    o = get_object_or_404(Objection, pk=pk)
    if not o.attachment:
        raise Http404
    from innocounty.approvals.files import CONTENT_TYPES

    response = FileResponse(o.attachment.open("rb"), as_attachment=True, filename=o.attachment_name or "attachment")
    response["Content-Type"] = CONTENT_TYPES.get(o.attachment_kind, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
