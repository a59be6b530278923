"""Who sees which projects and reports (role AND scope), as small named predicates.

A county officer sees their county's projects and every state of its reports; a provincial officer those
of the province's counties, once submitted (a draft stays the county's); the ministry and auditors every
project, but of the reports only those the province has passed (``MINISTRY_SEES``). Who may *act* is the
workflow's actor rules (:data:`innocounty.programme.annual_reports.ANNUAL_REPORT`).
"""

from __future__ import annotations

from django.db.models import Q

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import has_nation_wide_role, is_signed_in, user_roles
from innocounty.construction.models import AnnualReport, ConstructionProject
from innocounty.programme.annual_reports import MINISTRY_SEES, ReportState

NOT_SHARED = (ReportState.DRAFT.value, "")


def _codes(user, role: str, attribute: str) -> set[str]:
    return {getattr(a, attribute) for a in user_roles(user) if a.role == role}


def projects_visible_to(user):
    projects = ConstructionProject.objects.select_related("batch", "county__province", "application", "plan_version")
    if not is_signed_in(user):
        return projects.none()
    if has_nation_wide_role(user):
        return projects
    counties = _codes(user, Role.COUNTY_OFFICER, "county_id")
    provinces = _codes(user, Role.PROVINCIAL_OFFICER, "province_id")
    return projects.filter(Q(county_id__in=counties) | Q(county__province_id__in=provinces))


def reports_visible_to(user):
    reports = AnnualReport.objects.select_related("project__batch", "project__county__province")
    if not is_signed_in(user):
        return reports.none()
    counties = _codes(user, Role.COUNTY_OFFICER, "county_id")
    provinces = _codes(user, Role.PROVINCIAL_OFFICER, "province_id")
    seen = Q(project__county_id__in=counties) | (
        Q(project__county__province_id__in=provinces) & ~Q(state__in=NOT_SHARED)
    )
    if has_nation_wide_role(user):
        seen |= Q(state__in=[s.value for s in MINISTRY_SEES])
    return reports.filter(seen)


def may_edit(user, report: AnnualReport) -> bool:
    """The county officers of the report's county, while it waits for them (draft or returned)."""
    from innocounty.programme.annual_reports import COUNTY_EDITS

    return report.report_state in COUNTY_EDITS and report.project.county_id in _codes(
        user, Role.COUNTY_OFFICER, "county_id"
    )
