"""Projects, reports and what a report's form reads: the plan's tasks, milestones and targets, and the
published monitoring values of the report year.

Every state change goes through the adapter (``bindings.py``); the saves here touch the content only,
while the county may edit (draft or returned), with a revision token so a stale save is refused (409).
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innocounty.applications.models import Application
from innocounty.applications.plan_data import plan_from_json
from innocounty.audit.chain import record
from innocounty.common.filecheck import check_attachment, problem_text
from innocounty.common.refusals import Forbidden
from innocounty.construction.content import clean_content
from innocounty.construction.models import AnnualReport, ConstructionProject, ReportAttachment, ReportComment
from innocounty.construction.permissions import may_edit
from innocounty.evaluations.queries import indicator_results, latest_published_run
from innocounty.programme import ApplicationState
from innocounty.programme.annual_reports import MINISTRY_SEES
from innocounty.programme.report_form import TargetRow, prefilled, report_problems
from innocounty.workflow.adapter import apply_transition


class EditRefused(Exception):
    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("；".join(str(m) for m in self.messages))


class EditConflict(Exception):
    def __init__(self, revision: int):
        self.revision = revision
        super().__init__(_("报告已在别处保存（第%(n)d次保存），请刷新后再改。") % {"n": revision})


# --- projects and their reports ---------------------------------------------------------------------------
def project_for(app: Application) -> ConstructionProject:
    """The application's project (created on first call), with a report row for every construction year."""
    project = ConstructionProject.objects.filter(application=app).first()
    if project is None:
        with transaction.atomic():
            project, _created = ConstructionProject.objects.get_or_create(
                application=app,
                defaults={"batch_id": app.batch_id, "county_id": app.county_id,
                          "plan_version": app.versions.order_by("-number").first()},
            )  # fmt: skip
    ensure_reports(project)
    return project


def ensure_reports(project: ConstructionProject) -> list[AnnualReport]:
    """Open the report of each construction year that has none yet (the platform itself, audited)."""
    have = set(project.reports.values_list("year", flat=True))
    opened = []
    for year in project.years:
        if year in have:
            continue
        report = AnnualReport(project=project, year=year, state="")
        apply_transition(None, report, "open", kind="annual_report").require()
        opened.append(report)
    return opened


def ensure_projects() -> int:
    """A project (and its reports) for every approved application that has none: data from before the
    receiver existed, or a receiver that failed. Idempotent; returns how many projects were created."""
    created = 0
    apps = Application.objects.filter(state=ApplicationState.APPROVED.value).select_related("batch", "county")
    for app in apps:
        existed = ConstructionProject.objects.filter(application=app).exists()
        project_for(app)
        created += not existed
    return created


# --- what the form reads --------------------------------------------------------------------------------
def plan_of(project: ConstructionProject):
    return plan_from_json(project.plan_json())


def milestones_of(project: ConstructionProject, year: int) -> list[str]:
    return [m.text for m in plan_of(project).milestones if m.year == year]


def monitoring_values(county_code: str, year: int) -> dict[str, float]:
    """Indicator code → the county's raw value in the latest published run of ``year`` (empty: none)."""
    run = latest_published_run(year)
    if run is None:
        return {}
    rows = indicator_results(run, county_id=county_code, raw_value__isnull=False)
    return dict(rows.values_list("indicator_code", "raw_value"))


def target_rows(report: AnnualReport) -> list[TargetRow]:
    monitored = monitoring_values(report.project.county_id, report.year)
    return [TargetRow(t.indicator_code, t.indicator_name or t.indicator_code, t.baseline, t.values.get(report.year),
                      monitored.get(t.indicator_code)) for t in plan_of(report.project).targets]  # fmt: skip


def form_content(report: AnnualReport, rows: list[TargetRow] | None = None) -> dict:
    """The content the form shows: stored, with the monitoring values prefilled where the county left none."""
    return prefilled(report.content or {}, rows if rows is not None else target_rows(report))


def form_problems(report: AnnualReport) -> list:
    rows = target_rows(report)
    return report_problems(form_content(report, rows), milestones=milestones_of(report.project, report.year),
                           targets=rows, attachments=report.attachments.filter(removed_at__isnull=True).count())  # fmt: skip


# --- saving -------------------------------------------------------------------------------------------------
def _locked(user, report: AnnualReport) -> AnnualReport:
    locked = AnnualReport.objects.select_for_update(of=("self",)).select_related("project").get(pk=report.pk)
    if not may_edit(user, locked):
        raise Forbidden(_("只有本县（市）管理员可以在报告填报中或被退回时修改报告。"))
    return locked


def save_report(user, report: AnnualReport, raw: dict, revision: int | None = None) -> AnnualReport:
    """Store the county's draft (bounded and cleaned); ``revision`` the token the editor read (None: skip)."""
    content, refused = clean_content(raw, [t.indicator_code for t in plan_of(report.project).targets])
    if refused:
        raise EditRefused(refused)
    with transaction.atomic():
        locked = _locked(user, report)
        if revision is not None and revision != locked.revision:
            raise EditConflict(locked.revision)
        locked.content, locked.revision = content, locked.revision + 1
        locked.save(update_fields=["content", "revision", "updated_at"])
        record(user, "annual_report.saved", obj=locked, after={"revision": locked.revision},
               summary=_("%(report)s：保存草稿") % {"report": locked})  # fmt: skip
    report.content, report.revision = locked.content, locked.revision
    return locked


def add_attachment(
    user, report: AnnualReport, filename: str, data: bytes, title: str = ""
) -> ReportAttachment:
    found = check_attachment(filename, data)
    if not found.accepted:
        raise EditRefused([problem_text(found)])
    with transaction.atomic():
        locked = _locked(user, report)
        attachment = ReportAttachment(
            report=locked, token=secrets.token_hex(16), title=title.strip()[:200],
            original_name=filename.replace("/", "_").replace("\\", "_")[-255:], kind=found.kind, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), uploaded_by=user,
        )  # fmt: skip
        attachment.file.save(attachment.token, ContentFile(data), save=False)
        attachment.save()
        record(user, "annual_report.attachment_added", obj=locked, after={"attachment": attachment.original_name},
               summary=_("%(report)s：上传附件 %(name)s") % {"report": locked, "name": attachment.original_name})  # fmt: skip
    return attachment


def remove_attachment(user, report: AnnualReport, attachment: ReportAttachment) -> None:
    with transaction.atomic():
        locked = _locked(user, report)
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
        record(user, "annual_report.attachment_removed", obj=locked, before={"attachment": attachment.original_name},
               summary=_("%(report)s：删除附件 %(name)s") % {"report": locked, "name": attachment.original_name})  # fmt: skip


def may_comment(user, report: AnnualReport) -> bool:
    from innocounty.accounts.models import Role
    from innocounty.accounts.permissions import has_role

    return has_role(user, Role.MINISTRY_OFFICER) and report.report_state in MINISTRY_SEES


def add_comment(user, report: AnnualReport, text: str) -> ReportComment:
    """A ministry officer's comment on a report the province has passed (no state change; audited)."""
    if not may_comment(user, report):
        raise Forbidden(_("科技部工作人员可以对省级审核通过的报告发表意见。"))
    text = (text or "").strip()
    if not text or len(text) > 2000:
        raise EditRefused([_("意见须填写，且不超过2000字。")])
    with transaction.atomic():
        comment = ReportComment.objects.create(report=report, author=user, text=text)
        record(user, "annual_report.commented", obj=report, after={"comment": text},
               summary=_("%(report)s：科技部意见") % {"report": report})  # fmt: skip
    from innocounty.notifications.recipients import notify, users_for
    from innocounty.programme import Recipient, Role

    county = users_for(Recipient(Role.COUNTY_OFFICER, None, report.project.county_id))
    province = users_for(Recipient(Role.PROVINCIAL_OFFICER, report.project.county.province_id))
    notify(county + province, _("科技部对%(report)s发表了意见") % {"report": report}, text,
           url=f"/construction/reports/{report.pk}/")  # fmt: skip
    return comment
