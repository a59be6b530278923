"""Construction pages: each role's desk, a project (reports, target tracking, realism), deadlines per batch."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innocounty.accounts.guards import ensure, forbidden_response
from innocounty.accounts.models import Role
from innocounty.accounts.permissions import can_manage_programme, has_role, user_roles
from innocounty.applications.permissions import applications_visible_to
from innocounty.applications.plan_data import plan_from_json
from innocounty.audit.chain import record
from innocounty.batches.models import Batch
from innocounty.common import clock
from innocounty.common.bounds import YEAR_MAX, YEAR_MIN
from innocounty.common.params import parse_int
from innocounty.construction.charts import realism_chart
from innocounty.construction.models import AnnualReport, ConstructionProject, ReportDeadline, due_date
from innocounty.construction.permissions import projects_visible_to, reports_visible_to
from innocounty.construction.tracking import flagged_projects, project_tracking, realism_for_plan
from innocounty.programme.annual_reports import COUNTY_EDITS, ReportState


def _rows(reports) -> list[dict]:
    today = clock.today()
    out = []
    for r in reports:
        due = due_date(r.project.batch_id, r.year)
        overdue = r.first_submitted_at is None and today > due
        out.append({"report": r, "due": due, "overdue": overdue, "late": r.late or overdue})
    return out


@login_required
def index(request):
    """``/construction/``: the county's projects and reports, the province's reviews and late list, the
    ministry's received reports and flags — whichever of these the user's roles give."""
    roles = {a.role for a in user_roles(request.user)}
    if not roles & {Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR}:
        return forbidden_response(
            request, _("组织建设页面供县（市）、省级科技管理部门、科技部和审计员使用。")
        )
    projects = projects_visible_to(request.user).order_by("batch__year", "county_id")
    reports = reports_visible_to(request.user).order_by("year", "project__county_id")
    today = clock.today()
    due_now = [
        r for r in _rows(reports.filter(year__lt=today.year)) if r["report"].report_state in COUNTY_EDITS
    ]
    context = {
        "projects": projects, "is_county": Role.COUNTY_OFFICER in roles,
        "is_province": Role.PROVINCIAL_OFFICER in roles,
        "is_nation": bool(roles & {Role.MINISTRY_OFFICER, Role.AUDITOR}),
        "mine": _rows(reports) if Role.COUNTY_OFFICER in roles else [],
        "to_review": _rows(reports.filter(state=ReportState.SUBMITTED.value)),
        "late": [r for r in due_now if r["overdue"]] + _rows(reports.filter(late=True)),
        "received": _rows(reports.filter(state__in=[ReportState.PASSED.value, ReportState.RECEIVED.value])),
        "flags": flagged_projects(projects) if roles & {Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER, Role.AUDITOR} else [],
    }  # fmt: skip
    return render(request, "construction/index.html", context)


@login_required
def project_detail(request, pk: int):
    project = get_object_or_404(projects_visible_to(request.user), pk=pk)
    tracking = project_tracking(project)
    comparisons = realism_for_plan(project.county, plan_from_json(project.plan_json()))
    reports = _rows(reports_visible_to(request.user).filter(project=project).order_by("year"))
    return render(request, "construction/project.html", {
        "project": project, "tracking": tracking, "reports": reports, "comparisons": comparisons,
        "chart": realism_chart(comparisons),
        "deadlines": [(y, due_date(project.batch_id, y)) for y in project.years],
    })  # fmt: skip


@login_required
def application_realism(request, pk: int):
    """Target realism of an application's plan (linked from the plan editor and the application page)."""
    app = get_object_or_404(applications_visible_to(request.user), pk=pk)
    comparisons = realism_for_plan(app.county, app.plan())
    return render(request, "construction/realism.html", {
        "app": app, "comparisons": comparisons, "chart": realism_chart(comparisons)})  # fmt: skip


@login_required
def deadlines(request, batch_pk: int):
    """The ministry sets a batch's due date per report year (default 31 March of the following year)."""
    batch = get_object_or_404(Batch.objects.exclude(status="draft"), pk=batch_pk)
    if not (has_role(request.user, Role.MINISTRY_OFFICER) or has_role(request.user, Role.AUDITOR)
            or has_role(request.user, Role.PROVINCIAL_OFFICER)):  # fmt: skip
        return forbidden_response(request, _("报送期限由科技部设定。"))
    rows = [(y, due_date(batch.pk, y), ReportDeadline.objects.filter(batch=batch, year=y).exists())
            for y in batch.construction_years]  # fmt: skip
    return render(request, "construction/deadlines.html", {
        "batch": batch, "rows": rows, "may_edit": bool(can_manage_programme(request.user))})  # fmt: skip


@login_required
@require_POST
def set_deadline(request, batch_pk: int):
    batch = get_object_or_404(Batch.objects.exclude(status="draft"), pk=batch_pk)
    ensure(can_manage_programme(request.user))
    year = parse_int(request.POST.get("year", ""), YEAR_MIN, YEAR_MAX)
    if year is None or year not in batch.construction_years:
        messages.error(request, _("报告年度须为本批次的建设年度。"))
        return redirect("construction:deadlines", batch.pk)
    raw = request.POST.get("due", "").strip()
    if not raw:
        ReportDeadline.objects.filter(batch=batch, year=year).delete()
        messages.success(request, _("%(year)d年度报告恢复默认截止日期。") % {"year": year})
    else:
        try:
            due = date.fromisoformat(raw[:10])
        except ValueError:
            messages.error(request, _("截止日期须为「年-月-日」格式。"))
            return redirect("construction:deadlines", batch.pk)
        if not date(year + 1, 1, 1) <= due <= date(year + 1, 12, 31):
            messages.error(request, _("截止日期须在报告年度的次年内。"))
            return redirect("construction:deadlines", batch.pk)
        ReportDeadline.objects.update_or_create(batch=batch, year=year, defaults={"due": due})
        messages.success(request, _("已设定%(year)d年度报告截止日期：%(due)s。") % {"year": year, "due": due})
    record(request.user, "annual_report.deadline_set", obj=batch, after={"year": year, "due": raw},
           summary=_("%(batch)s：设定%(year)d年度报告截止日期 %(due)s") % {"batch": batch, "year": year, "due": raw or "—"})  # fmt: skip
    return redirect("construction:deadlines", batch.pk)


def visible_report(user, pk: int) -> AnnualReport:
    report = reports_visible_to(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


__all__ = ["ConstructionProject", "visible_report"]
