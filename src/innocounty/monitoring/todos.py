"""To-do items on the role home pages: provinces fill and submit, the ministry reviews, counties check."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role
from innocounty.dashboard.todos import TodoItem, todo_provider
from innocounty.monitoring.models import DataRound, ProvinceSubmission, RoundStatus, SubmissionState


@todo_provider(Role.PROVINCIAL_OFFICER)
def province_data_to_submit(user, assignment) -> list[TodoItem]:
    submissions = ProvinceSubmission.objects.filter(
        province_id=assignment.province_id, data_round__status=RoundStatus.OPEN,
        state__in=[SubmissionState.DRAFT, SubmissionState.RETURNED],
    ).select_related("data_round")
    items = []
    for s in submissions:
        returned = s.state == SubmissionState.RETURNED
        if returned:
            title = _("%(year)d 年度监测数据被退回，请修改后重新提交") % {"year": s.data_round.year}
            detail = _("退回原因：%(reason)s") % {"reason": s.return_reason}
        else:
            title = _("%(year)d 年度监测数据待填报提交") % {"year": s.data_round.year}
            detail = _("下载模板，填好后上传并提交。")
        items.append(TodoItem(
            title=title,
            url=reverse("monitoring:submission", args=[s.pk]),
            detail=detail,
            deadline=s.data_round.deadline,
        ))
    return items


@todo_provider(Role.MINISTRY_OFFICER)
def submissions_to_review(user, assignment) -> list[TodoItem]:
    items = []
    for data_round in DataRound.objects.filter(submissions__state=SubmissionState.SUBMITTED).distinct():
        count = data_round.submissions.filter(state=SubmissionState.SUBMITTED).count()
        items.append(TodoItem(
            title=_("%(count)d 个省份已提交 %(year)d 年度监测数据，待审核") % {"count": count, "year": data_round.year},
            url=reverse("monitoring:round", args=[data_round.pk]),
            detail=_("逐省核对后接收或退回（退回须写明原因）。"),
        ))
    return items


@todo_provider(Role.COUNTY_OFFICER)
def county_data_to_check(user, assignment) -> list[TodoItem]:
    return [
        TodoItem(
            title=_("核对本县 %(year)d 年度监测数据") % {"year": r.year},
            url=reverse("monitoring:county", args=[r.pk, assignment.county_id]),
            detail=_("省级科技管理部门上传后可查看本县数据；如有问题请发表意见。"),
            deadline=r.deadline,
        )
        for r in DataRound.objects.filter(status=RoundStatus.OPEN)
    ]
