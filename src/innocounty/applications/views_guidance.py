"""Pages of the province's guidance on a shared draft: share / stop sharing, comment, answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import forbidden_response
from innocounty.applications.guidance import GuidanceRefused, add_comment, answer_comment, set_sharing
from innocounty.applications.models import PlanComment
from innocounty.applications.views import visible_application
from innocounty.applications.workflow import NotAllowed


def _run(request, action, *args, done: str, back: str):
    try:
        action(request.user, *args)
    except NotAllowed as refused:
        return forbidden_response(request, refused.reason)
    except GuidanceRefused as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def share_draft(request, pk: int):
    app = visible_application(request.user, pk)
    shared = request.POST.get("shared") == "1"
    done = _("已共享草稿：本省科技管理部门可以查看并提出指导意见。") if shared else _("已停止共享草稿。")
    return _run(
        request,
        set_sharing,
        app,
        shared,
        done=done,
        back=reverse("applications:edit", args=[pk]) + "#guidance",
    )


@login_required
@require_POST
def comment(request, pk: int):
    app = visible_application(request.user, pk)
    part = request.POST.get("part", "")
    return _run(request, add_comment, app, part, request.POST.get("text", ""), done=_("已提出指导意见。"),
                back=reverse("applications:detail", args=[pk]) + "#guidance")  # fmt: skip


@login_required
@require_POST
def answer(request, pk: int, comment_pk: int):
    app = visible_application(request.user, pk)
    found = get_object_or_404(PlanComment, pk=comment_pk, application=app)
    return _run(request, answer_comment, app, found, request.POST.get("answer", ""), done=_("已答复。"),
                back=reverse("applications:edit", args=[pk]) + f"#comment-{found.pk}")  # fmt: skip
