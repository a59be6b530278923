"""To-do items on the home pages: counties write reports, provinces review them, the ministry receives
them; provinces and the ministry see the counties far behind their targets (early warning)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role
from innocounty.common import clock
from innocounty.construction.models import AnnualReport, ConstructionProject
from innocounty.dashboard.todos import TodoItem, todo_provider
from innocounty.programme.annual_reports import COUNTY_EDITS, ReportState


@todo_provider(Role.COUNTY_OFFICER)
def reports_to_write(user, assignment) -> list[TodoItem]:
    today = clock.today()
    reports = AnnualReport.objects.filter(project__county_id=assignment.county_id, year__lt=today.year,
                                          state__in=[s.value for s in COUNTY_EDITS]).select_related("project")  # fmt: skip
    items = []
    for r in reports:
        returned = r.state != ReportState.DRAFT.value
        title = (_("%(year)d年度建设进展报告被退回，请修改后重新提交") if returned
                 else _("填写并提交%(year)d年度建设进展报告")) % {"year": r.year}  # fmt: skip
        detail = _("已逾期") if today > r.due else _("经省级科技管理部门审核后报送科技部。")
        items.append(TodoItem(title, reverse("construction:report", args=[r.pk]), detail, r.due))
    return items


@todo_provider(Role.PROVINCIAL_OFFICER)
def reports_to_review(user, assignment) -> list[TodoItem]:
    reports = AnnualReport.objects.filter(project__county__province_id=assignment.province_id,
                                          state=ReportState.SUBMITTED.value)  # fmt: skip
    items = []
    if reports.exists():
        items.append(TodoItem(_("%(n)d份年度建设进展报告待审核") % {"n": reports.count()},
                              reverse("construction:index"), _("审核通过后报送科技部，或分部分写明理由退回。")))  # fmt: skip
    items += _far_behind(ConstructionProject.objects.filter(county__province_id=assignment.province_id))
    return items


@todo_provider(Role.MINISTRY_OFFICER)
def reports_to_receive(user, assignment) -> list[TodoItem]:
    count = AnnualReport.objects.filter(state=ReportState.PASSED.value).count()
    items = []
    if count:
        items.append(TodoItem(_("%(n)d份省级审核通过的年度建设进展报告待接收") % {"n": count},
                              reverse("construction:index"), _("接收，或写明理由退回。")))  # fmt: skip
    return items + _far_behind(ConstructionProject.objects.all())


def _far_behind(projects) -> list[TodoItem]:
    from innocounty.construction.tracking import flagged_projects

    flagged = flagged_projects(projects.select_related("county", "batch", "application", "plan_version"))
    if not flagged:
        return []
    names = "、".join(t.project.county.name for t in flagged[:10]) + ("等" if len(flagged) > 10 else "")
    return [TodoItem(_("%(n)d个县（市）量化目标进度严重滞后") % {"n": len(flagged)},
                     reverse("construction:index") + "#flags", names)]  # fmt: skip
