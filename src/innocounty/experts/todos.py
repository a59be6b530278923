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


@todo_provider(Role.MINISTRY_OFFICER)
def ministry_todos(user, assignment) -> list[TodoItem]:
    items = []
    declined = (Assignment.objects.filter(state="declined", responded_at__isnull=False)
                .values_list("batch_id", flat=True).distinct())  # fmt: skip
    for batch_id in list(declined)[:5]:
        items.append(TodoItem(_("有专家谢绝评审任务，请补充专家"), reverse("experts:batch", args=[batch_id])))
    reopened = Review.objects.filter(state="reopened").count()
    if reopened:
        items.append(
            TodoItem(_("%(n)d份评议意见已退回专家修改") % {"n": reopened}, reverse("experts:batches"))
        )
    return items
