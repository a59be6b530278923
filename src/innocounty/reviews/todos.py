"""Provincial and ministry to-dos: applications waiting for a decision, lists to submit, reviews to do."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

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
            items.append(TodoItem(f"{waiting}份申报等待本省处理（{batch.name}）", url,
                                  "推荐、退回修改或不予推荐。", deadline))  # fmt: skip
        if returned:
            items.append(TodoItem(f"{returned}份申报已退回、等待县（市）修改（{batch.name}）", url, "", deadline))
        if recommended and not apps.filter(state__in=UNDECIDED_STATES).exists():
            items.append(TodoItem(f"报送推荐名单（{batch.name}）", url,
                                  f"已拟推荐{recommended}个（名额{row.quota}个）；报送后名单锁定。", deadline))  # fmt: skip
    return items


@todo_provider(Role.MINISTRY_OFFICER)
def ministry_review_todos(user, assignment) -> list[TodoItem]:
    items = []
    for batch in Batch.objects.filter(status=BatchStatus.DRAFT.value):
        items.append(TodoItem(f"批次「{batch.name}」筹备中，尚未开放申报",
                              reverse("batches:detail", args=[batch.pk]), "设置名额与申报窗口后开放。"))  # fmt: skip
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
            items.append(TodoItem(f"{row['n']}份申报等待形式审查（{batch.name}）",
                                  reverse("reviews:formal_list", args=[batch.pk]), ""))  # fmt: skip
        elif row["state"] == S.FORMAL_REVIEW_PASSED.value and batch.has_data_evaluation and not batch.data_evaluation_closed:
            items.append(TodoItem(f"{row['n']}份申报等待数据评价（{batch.name}）",
                                  reverse("reviews:data_evaluation", args=[batch.pk]), "确定进入专家评议的名单。"))  # fmt: skip
    return items
