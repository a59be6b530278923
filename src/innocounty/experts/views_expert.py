"""The expert's pages: my assignments (accept, decline with a reason, declare no conflict), my profile and
conflict declarations, and the review form (save draft, submit once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.audit.chain import record
from innocounty.common.refusals import Forbidden, ensure
from innocounty.common.render import consequence_text, render_lines, render_problem
from innocounty.experts import reviewing
from innocounty.experts.bindings import DECLARATION_TEXT, rubric_for
from innocounty.experts.forms import ProfileForm, apply_profile
from innocounty.experts.models import Assignment, Expert, Review
from innocounty.experts.permissions import can_manage_pool, is_expert
from innocounty.programme.consultation import ASSIGNMENT, EDITABLE_REVIEW_STATES, REVIEW, ReviewState
from innocounty.programme.scoring import RECOMMENDATION_LABELS
from innocounty.workflow.adapter import apply_transition, available_actions

EXPERT_ACTS = ("accept", "decline", "declare")


def _own_expert(user) -> Expert:
    ensure(is_expert(user))
    expert = Expert.objects.filter(user=user).first()
    if expert is None:
        raise Forbidden(_("您尚未录入专家库，请联系科技部。"))
    return expert


def _own_assignment(user, pk: int) -> Assignment:
    expert = _own_expert(user)
    # Proposed slots are the ministry's working draft: the expert does not know of them.
    return get_object_or_404(Assignment.objects.select_related("application__county__province", "batch", "expert")
                             .exclude(state="proposed"), pk=pk, expert=expert)  # fmt: skip


@login_required
def index(request):
    if can_manage_pool(request.user):
        return redirect("experts:batches")
    return redirect("experts:mine")


@login_required
def mine(request):
    expert = _own_expert(request.user)
    rows = []
    for a in (Assignment.objects.filter(expert=expert).exclude(state="proposed")
              .select_related("application__county__province", "batch").order_by("-pk")):  # fmt: skip
        review = Review.objects.filter(assignment=a).first()
        rows.append(
            {"a": a, "review": review, "actions": [t.name for t in available_actions(request.user, a)]}
        )
    return render(request, "experts/mine.html", {
        "expert": expert, "rows": rows, "declaration": DECLARATION_TEXT,
        "decline_consequence": consequence_text(ASSIGNMENT.transition("decline")),
        "declare_consequence": consequence_text(ASSIGNMENT.transition("declare")),
    })  # fmt: skip


@login_required
@require_POST
def act(request, pk: int, name: str):
    if name not in EXPERT_ACTS:
        raise Forbidden(_("未知的操作。"))
    a = _own_assignment(request.user, pk)
    inputs = {
        "reason": request.POST.get("reason", "").strip()[:2000],
        "confirm": request.POST.get("confirm") == "1",
    }
    if name == "declare":
        inputs["declaration"] = request.POST.get("declaration") == "1" or None
    outcome = apply_transition(request.user, a, name, inputs)
    if outcome.allowed:
        messages.success(request, {"accept": _("已接受评审任务。请声明无利益冲突后查看申报。"),
                                   "decline": _("已谢绝评审任务。"),
                                   "declare": _("已声明无利益冲突，现在可以查看申报并评议。")}[name])  # fmt: skip
        if name == "declare":
            return redirect("experts:review", pk=a.pk)
    else:
        for line in render_lines(outcome.decision):
            messages.error(request, line)
    return redirect("experts:mine")


@login_required
def profile(request):
    expert = _own_expert(request.user)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(expert))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            apply_profile(expert, form.cleaned_data)
            record(
                request.user, "expert.profile", obj=expert, summary=f"专家更新本人信息与回避声明：{expert}"
            )
        messages.success(request, _("已保存。"))
        return redirect("experts:profile")
    return render(request, "experts/profile.html", {"form": form, "expert": expert})


def _post_review(request, a):
    rubric = rubric_for(a.batch, a.purpose)
    scores = {c.code: request.POST.get(f"score_{c.code}", "") for c in rubric.criteria}
    comments = {c.code: request.POST.get(f"comment_{c.code}", "") for c in rubric.criteria}
    return reviewing.save_draft(request.user, a, scores, comments, request.POST.get("recommendation", ""),
                                request.POST.get("overall_comment", ""))  # fmt: skip


@login_required
def review(request, pk: int):
    a = _own_assignment(request.user, pk)
    if a.state != "declared":
        messages.error(request, _("请先接受评审任务并声明无利益冲突。"))
        return redirect("experts:mine")
    problems = []
    review_row = reviewing.review_of(request.user, a)
    if request.method == "POST":
        review_row, problems = _post_review(request, a)
        if not problems and request.POST.get("submit") == "1":
            outcome = reviewing.submit(request.user, a, request.POST.get("confirm") == "1")
            if outcome.allowed:
                messages.success(request, _("评议意见已提交。"))
                return redirect("experts:mine")
            problems = list(outcome.decision.reasons)
        elif not problems:
            messages.success(request, _("草稿已保存。"))
            return redirect("experts:review", pk=a.pk)
    rubric = rubric_for(a.batch, a.purpose)
    errors = {p.path: render_problem(p) for p in problems}
    rows = [{"c": c, "score": request.POST.get(f"score_{c.code}") if request.method == "POST" else review_row.scores.get(c.code),
             "comment": review_row.comments.get(c.code, ""), "error": errors.get(f"scores.{c.code}") or errors.get(f"comments.{c.code}")}
            for c in rubric.criteria]  # fmt: skip
    return render(request, "experts/review.html", {
        "a": a, "review": review_row, "rows": rows, "problems": [render_problem(p) for p in problems],
        "editable": ReviewState(review_row.state) in EDITABLE_REVIEW_STATES,
        "recommendations": [(k.value, v) for k, v in RECOMMENDATION_LABELS.items()],
        "submit_consequence": consequence_text(REVIEW.transition("submit")),
    }, status=422 if problems else 200)  # fmt: skip
