"""To-dos: an expert's invitations, declarations and reviews to do; the ministry's declined slots to refill."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role
from innocounty.dashboard.todos import TodoItem, todo_provider
from innocounty.experts.models import Assignment, Review


@todo_provider(Role.EXPERT)
def expert_todos(user, assignment) -> list[TodoItem]:
    mine = Assignment.objects.filter(expert__user=user, expert__active=True)
    url = reverse("experts:mine")
    items = []
    invited = mine.filter(state="invited").count()
    if invited:
        items.append(
            TodoItem(_("%(n)d项咨询评议邀请待答复") % {"n": invited}, url, _("接受或谢绝（须说明理由）。"))
        )
    accepted = mine.filter(state="accepted").count()
    if accepted:
        items.append(TodoItem(_("%(n)d项评审任务待声明无利益冲突") % {"n": accepted}, url))
    open_reviews = mine.filter(state="declared").exclude(review__state="submitted").count()
    if open_reviews:
        items.append(TodoItem(_("%(n)d份评议意见待提交") % {"n": open_reviews}, url))
    return items


def open_declined_batches() -> list[int]:
    """Batches where a declined slot has not been refilled (the application's live panel is short)."""
    from django.db.models import Count, Q

    from innocounty.experts.models import LIVE_STATES, PanelPlan

    out = []
    declined = (
        Assignment.objects.filter(state="declined").values_list("batch_id", "application_id").distinct()
    )
    by_batch: dict[int, set[int]] = {}
    for batch_id, app_id in declined:
        by_batch.setdefault(batch_id, set()).add(app_id)
    for batch_id, app_ids in sorted(by_batch.items()):
        plan = PanelPlan.objects.filter(batch_id=batch_id, purpose="consultation").first()
        size = plan.panel_size if plan else 5
        live = (Assignment.objects.filter(application_id__in=app_ids).values("application_id")
                .annotate(n=Count("pk", filter=Q(state__in=LIVE_STATES))))  # fmt: skip
        if any(row["n"] < size for row in live):
            out.append(batch_id)
    return out


@todo_provider(Role.MINISTRY_OFFICER)
def ministry_todos(user, assignment) -> list[TodoItem]:
    items = []
    for batch_id in open_declined_batches()[:5]:
        items.append(TodoItem(_("有专家谢绝评审任务，请补充专家"), reverse("experts:batch", args=[batch_id])))
    reopened = Review.objects.filter(state="reopened").count()
    if reopened:
        items.append(
            TodoItem(_("%(n)d份评议意见已退回专家修改") % {"n": reopened}, reverse("experts:batches"))
        )
    return items
