"""Acceptance services: opening a batch's acceptance, the county's summary and its files, the target
completion table, the decision list and its official document, the three-year work plan.

State changes go through the adapter only; the summary text is edited while the subject is ``open``.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from innocounty.acceptance.models import Acceptance, AcceptanceAttachment, AcceptanceList, WorkPlan
from innocounty.accounts.models import Role
from innocounty.accounts.permissions import user_roles
from innocounty.audit.chain import record
from innocounty.common.filecheck import check_attachment, problem_text
from innocounty.common.refusals import Forbidden
from innocounty.construction.models import AnnualReport, ConstructionProject
from innocounty.construction.services import ensure_projects
from innocounty.construction.tracking import project_tracking
from innocounty.programme.acceptance import (
    SUMMARY_MAX_CHARS,
    AcceptanceState,
    CompletionRow,
    ListState,
    completion_table,
    work_plan_years,
)  # fmt: skip
from innocounty.workflow.adapter import apply_transition

S = AcceptanceState


class Refused(Exception):
    def __init__(self, messages):
        self.messages = [str(m) for m in messages]
        super().__init__("；".join(self.messages))


def _county_officer_of(user, project: ConstructionProject) -> bool:
    return any(a.role == Role.COUNTY_OFFICER and a.county_id == project.county_id for a in user_roles(user))


# --- opening --------------------------------------------------------------------------------------------------
def decision_list(batch) -> AcceptanceList | None:
    return AcceptanceList.objects.filter(batch=batch).first()


def open_batch(user, batch) -> tuple[int, list[str]]:
    """Open acceptance for every project of the batch that has none (and the batch's decision list).
    Returns (how many opened, the refusal's reasons when the guard refuses)."""
    ensure_projects()
    opened = 0
    with transaction.atomic():
        for project in ConstructionProject.objects.filter(batch=batch).select_related(
            "county__province", "batch"
        ):
            if Acceptance.objects.filter(project=project).exists():
                continue
            outcome = apply_transition(user, Acceptance(project=project, state=""), "open")
            if not outcome.allowed:
                transaction.set_rollback(True)
                return 0, list(outcome.decision.messages)
            opened += 1
        if opened and decision_list(batch) is None:
            apply_transition(user, AcceptanceList(batch=batch, state=""), "create").require()
    return opened, []


# --- the county's summary (总结材料) --------------------------------------------------------------------------
def _editable(user, acceptance: Acceptance) -> Acceptance:
    locked = Acceptance.objects.select_for_update().select_related("project").get(pk=acceptance.pk)
    if not _county_officer_of(user, locked.project):
        raise Forbidden(_("只有本县（市）的工作人员可以填写总结材料。"))
    if locked.state != S.OPEN.value:
        raise Refused([_("总结材料已提交，不能再修改。")])
    return locked


def save_summary(user, acceptance: Acceptance, text: str) -> None:
    text = (text or "").strip()
    if len(text) > SUMMARY_MAX_CHARS:
        raise Refused([_("总结材料不能超过%(max)d字") % {"max": SUMMARY_MAX_CHARS}])
    with transaction.atomic():
        locked = _editable(user, acceptance)
        locked.summary = text
        locked.save(update_fields=["summary", "updated_at"])
        record(user, "acceptance.summary_saved", obj=locked, after={"chars": len(text)},
               summary=_("%(subject)s：保存总结材料") % {"subject": locked})  # fmt: skip


def add_attachment(user, acceptance: Acceptance, filename: str, data: bytes) -> AcceptanceAttachment:
    found = check_attachment(filename, data)
    if not found.accepted:
        raise Refused([problem_text(found)])
    with transaction.atomic():
        locked = _editable(user, acceptance)
        attachment = AcceptanceAttachment(
            acceptance=locked, token=secrets.token_hex(16), kind=found.kind, size=len(data),
            original_name=filename.replace("/", "_").replace("\\", "_")[-255:],
            sha256=hashlib.sha256(data).hexdigest(), uploaded_by=user,
        )  # fmt: skip
        attachment.file.save(attachment.token, ContentFile(data), save=False)
        attachment.save()
        record(user, "acceptance.attachment_added", obj=locked, after={"attachment": attachment.original_name},
               summary=_("%(subject)s：上传附件 %(name)s") % {"subject": locked, "name": attachment.original_name})  # fmt: skip
    return attachment


# --- what the experts and the ministry read ----------------------------------------------------------------------
def completion(acceptance: Acceptance) -> list[CompletionRow]:
    """各项指标完成情况: each plan target at the last construction year with data (construction's tracking)."""
    return completion_table(project_tracking(acceptance.project).by_year)


# --- the decision list and the public list -------------------------------------------------------------------------
def rows_of(batch):
    return (Acceptance.objects.filter(project__batch=batch)
            .select_related("project__county__province", "project__application").order_by("project__county_id"))  # fmt: skip


def passed_published():
    """The counties listed publicly as 创新型县（市）: passed, on a published decision list."""
    published = AcceptanceList.objects.filter(state=ListState.PUBLISHED.value).values("batch_id")
    return (Acceptance.objects.filter(state=S.PASSED.value, project__batch_id__in=published)
            .select_related("project__county__province", "project__batch").order_by("project__county_id"))  # fmt: skip


def document_context(batch) -> dict:
    from innocounty.approvals.documents import Table, chinese_date

    lst = decision_list(batch)
    passed = [a for a in rows_of(batch) if a.state == S.PASSED.value]
    rows = [[str(i), a.project.county.province.name, a.project.county.name] for i, a in enumerate(passed, 1)]
    when = lst.published_at.date() if lst and lst.published_at else None
    return {"values": {"batch": batch.name, "count": len(passed)}, "number": lst.number if lst else "",
            "tables": [Table(_("创新型县（市）名单"), [_("序号"), _("省份"), _("县（市）")], rows)],
            "date_text": chinese_date(when) if when else ""}  # fmt: skip


def render_publication(batch) -> tuple[bytes, bytes]:
    """The acceptance publication (DOCX, PDF) in the GB/T 9704 layout of ``approvals.documents``."""
    from innocounty.acceptance.documents import publication_template
    from innocounty.approvals.documents import build, to_docx, to_pdf

    doc = build("publication", document_context(batch), template=publication_template())
    return to_docx(doc), to_pdf(doc)


# --- the three-year work plan (三年工作方案) -------------------------------------------------------------------------
def may_start_work_plan(project: ConstructionProject) -> bool:
    return (not WorkPlan.objects.filter(project=project).exists()
            and passed_published().filter(project=project).exists())  # fmt: skip


def start_work_plan(user, project: ConstructionProject, goals: str, today) -> WorkPlan:
    """Start the county's work plan: three years after the construction period, each with an annual report
    on the same route as the construction years' (``construction`` opens them through the adapter)."""
    goals = (goals or "").strip()
    if not _county_officer_of(user, project):
        raise Forbidden(_("只有本县（市）的工作人员可以启动三年工作方案。"))
    problems = []
    if not passed_published().filter(project=project).exists():
        problems.append(_("验收通过并发文公布后方可启动三年工作方案。"))
    if WorkPlan.objects.filter(project=project).exists():
        problems.append(_("三年工作方案已经启动。"))
    if not goals:
        problems.append(_("请填写工作目标。"))
    elif len(goals) > 8000:
        problems.append(_("工作目标不能超过%(max)d字") % {"max": 8000})
    if problems:
        raise Refused(problems)
    years = work_plan_years(project.years[-1], today)
    with transaction.atomic():
        plan = WorkPlan.objects.create(project=project, first_year=years[0], last_year=years[-1], goals=goals,
                                       started_by=user)  # fmt: skip
        have = set(project.reports.values_list("year", flat=True))
        for year in years:
            if year not in have:
                apply_transition(None, AnnualReport(project=project, year=year, state=""), "open",
                                 kind="annual_report").require()  # fmt: skip
        record(user, "acceptance.work_plan_started", obj=project, after={"years": list(years)},
               summary=_("%(county)s启动三年工作方案（%(first)s—%(last)s）") % {
                   "county": project.county.name, "first": years[0], "last": years[-1]})  # fmt: skip
    return plan


def work_plan_reports(plan: WorkPlan):
    return plan.project.reports.filter(year__in=plan.years).order_by("year")
