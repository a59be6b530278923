"""County officers' to-dos: batches open for application, drafts to finish, returns to answer, comments of
the province to answer; provincial officers': drafts their counties shared for guidance."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role
from innocounty.applications.models import EDITABLE_STATES, Application
from innocounty.batches.models import Batch
from innocounty.common.labels import describe_window
from innocounty.dashboard.todos import TodoItem, todo_provider
from innocounty.programme import ApplicationState, BatchStatus
from innocounty.programme.deadlines import today_in_china


@todo_provider(Role.COUNTY_OFFICER)
def county_application_todos(user, assignment) -> list[TodoItem]:
    county = assignment.county
    today = today_in_china()
    items = []
    apps = {
        a.batch_id: a
        for a in Application.objects.filter(county=county)
        .exclude(state=ApplicationState.WITHDRAWN.value)
        .select_related("batch")
    }
    for batch in Batch.objects.filter(status=BatchStatus.OPEN.value):
        app = apps.get(batch.pk)
        if app is None and batch.application_window.is_open(today) and county.is_eligible_type:
            items.append(TodoItem(
                _("「%(batch)s」正在接受申报") % {"batch": batch.name}, reverse("batches:detail", args=[batch.pk]),
                _("%(county)s尚未申报。%(window)s")
                % {"county": county.name, "window": describe_window(batch.application_window, today)},
                batch.application_closes,
            ))  # fmt: skip
        elif app is not None and app.state == ApplicationState.DRAFT.value:
            items.append(TodoItem(
                _("完成并提交申报（%(batch)s）") % {"batch": batch.name}, reverse("applications:edit", args=[app.pk]),
                _("草稿尚未提交；提交时将逐项检查完整性。"), batch.application_closes,
            ))  # fmt: skip
        if app is not None and app.state in EDITABLE_STATES:
            open_comments = app.comments.filter(answered_at__isnull=True).count()
            if open_comments:
                items.append(TodoItem(
                    _("省级提出%(n)d条指导意见待答复（%(batch)s）") % {"n": open_comments, "batch": batch.name},
                    reverse("applications:edit", args=[app.pk]) + "#guidance", "", batch.application_closes,
                ))  # fmt: skip
        if app is not None and app.state == ApplicationState.RETURNED_BY_PROVINCE.value:
            items.append(TodoItem(
                _("省级退回修改，请答复（%(batch)s）") % {"batch": batch.name}, reverse("applications:edit", args=[app.pk]),
                _("按退回理由修改建设方案，填写修改说明后重新提交。"), batch.recommendation_closes,
            ))  # fmt: skip
    return items


@todo_provider(Role.PROVINCIAL_OFFICER)
def province_guidance_todos(user, assignment) -> list[TodoItem]:
    """Drafts of the province's counties shared for guidance, before submission."""
    shared = (
        Application.objects.filter(county__province=assignment.province, shared_with_province=True,
                                   state__in=EDITABLE_STATES, batch__status=BatchStatus.OPEN.value)
        .select_related("county", "batch")
        .order_by("batch__application_closes", "county_id")
    )  # fmt: skip
    return [
        TodoItem(
            _("%(county)s共享了申报草稿，可提出指导意见（%(batch)s）") % {"county": a.county.name, "batch": a.batch.name},
            reverse("applications:detail", args=[a.pk]) + "#guidance", "", a.batch.application_closes,
        )
        for a in shared
    ]
