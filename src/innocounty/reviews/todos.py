"""Provincial and ministry to-dos: applications waiting for a decision, lists to submit, reviews to do."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innocounty.accounts.models import Role
from innocounty.applications.models import UNDECIDED_STATES, Application
from innocounty.batches.models import Batch, BatchProvince
from innocounty.dashboard.todos import TodoItem, todo_provider
from innocounty.programme import ApplicationState, BatchStatus

S = ApplicationState


@todo_provider(Role.PROVINCIAL_OFFICER)
def province_screening_todos(user, assignment) -> list[TodoItem]:
    province = assignment.province
    items = []
    for batch in Batch.objects.filter(status=BatchStatus.OPEN.value):
        row = BatchProvince.objects.filter(batch=batch, province=province).first()
        if row is None or row.list_submitted:
            continue
        apps = Application.objects.filter(batch=batch, county__province=province)
        waiting = apps.filter(state=S.SUBMITTED.value).count()
        returned = apps.filter(state=S.RETURNED_BY_PROVINCE.value).count()
        recommended = apps.filter(state=S.RECOMMENDED.value).count()
        deadline = batch.recommendation_closes or batch.application_closes
        url = reverse("reviews:province", args=[batch.pk, province.code])
        if waiting:
            title = ngettext("%(n)d份申报等待本省处理（%(batch)s）", "%(n)d份申报等待本省处理（%(batch)s）",
                             waiting) % {"n": waiting, "batch": batch.name}  # fmt: skip
            items.append(TodoItem(title, url, _("推荐、退回修改或不予推荐。"), deadline))
        if returned:
            title = ngettext("%(n)d份申报已退回、等待县（市）修改（%(batch)s）",
                             "%(n)d份申报已退回、等待县（市）修改（%(batch)s）", returned) % {"n": returned, "batch": batch.name}  # fmt: skip
            items.append(TodoItem(title, url, "", deadline))
        if recommended and not apps.filter(state__in=UNDECIDED_STATES).exists():
            detail = _("已拟推荐%(n)d个（名额%(quota)d个）；报送后名单锁定。") % {"n": recommended, "quota": row.quota}
            items.append(TodoItem(_("报送推荐名单（%(batch)s）") % {"batch": batch.name}, url, detail, deadline))
    return items


@todo_provider(Role.MINISTRY_OFFICER)
def ministry_review_todos(user, assignment) -> list[TodoItem]:
    items = []
    for batch in Batch.objects.filter(status=BatchStatus.DRAFT.value):
        items.append(TodoItem(_("批次「%(batch)s」筹备中，尚未开放申报") % {"batch": batch.name},
                              reverse("batches:detail", args=[batch.pk]), _("设置名额与申报窗口后开放。")))  # fmt: skip
    counts = (
        Application.objects.filter(batch__status__in=[BatchStatus.OPEN.value, BatchStatus.CLOSED.value])
        .values("batch_id", "state").annotate(n=Count("id")).order_by()
    )
    batches = {b.pk: b for b in Batch.objects.current()}
    for row in counts:
        batch = batches.get(row["batch_id"])
        if batch is None:
            continue
        if row["state"] == S.FORWARDED.value:
            title = ngettext("%(n)d份申报等待形式审查（%(batch)s）", "%(n)d份申报等待形式审查（%(batch)s）",
                             row["n"]) % {"n": row["n"], "batch": batch.name}  # fmt: skip
            items.append(TodoItem(title,
                                  reverse("reviews:formal_list", args=[batch.pk]), ""))  # fmt: skip
        elif row["state"] == S.FORMAL_REVIEW_PASSED.value and batch.has_data_evaluation and not batch.data_evaluation_closed:
            title = ngettext("%(n)d份申报等待数据评价（%(batch)s）", "%(n)d份申报等待数据评价（%(batch)s）",
                             row["n"]) % {"n": row["n"], "batch": batch.name}  # fmt: skip
            items.append(TodoItem(title, reverse("reviews:data_evaluation", args=[batch.pk]),
                                  _("确定进入专家评议的名单。")))  # fmt: skip
    return items
