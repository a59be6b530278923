"""Editing the working copy of a plan: sections (autosaved), theme and key tasks, milestones, targets,
attachments. Each save asks the core whether the county may edit now (``save_draft`` while a draft,
``save_revision`` while returned) after the permission predicate; refusals raise :class:`EditRefused`.

Autosaves of the working copy are not audited one by one (the frozen version of each submission is);
attachments added or removed are.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innocounty.applications.models import Application, Attachment
from innocounty.applications.monitoring_data import indicator_catalogue, published_baselines
from innocounty.applications.permissions import can_edit_application
from innocounty.applications.plan_data import milestones_from_texts
from innocounty.applications.sanitize import sanitise_html
from innocounty.applications.workflow import NotAllowed, context_for
from innocounty.audit.chain import record
from innocounty.common.filecheck import check_attachment
from innocounty.programme import ApplicationState, KeyTask, PlanSection, Theme, check

EDITING_TRANSITIONS = {
    ApplicationState.DRAFT.value: "save_draft",
    ApplicationState.RETURNED_BY_PROVINCE.value: "save_revision",
}
SECTION_KEYS = [s.value for s in PlanSection]
KEY_TASK_KEYS = [t.value for t in KeyTask]
MAX_TEXT_CHARS = 5_000


class EditRefused(Exception):
    def __init__(self, messages):
        self.messages = [str(m) for m in messages]
        super().__init__("；".join(self.messages))


def edit_refusal(user, app: Application) -> list[str]:
    """Why the user may not edit the plan now (empty when they may)."""
    allowed = can_edit_application(user, app)
    if not allowed:
        return [str(allowed.reason)]
    name = EDITING_TRANSITIONS.get(app.state)
    if name is None:
        return [
            _("申报当前状态为「%(state)s」，不能修改（提交后只能撤回或答复退回）") % {"state": app.get_state_display()}
        ]
    decision = check(name, context_for(user, app))
    return list(decision.messages)


def _locked(user, app: Application) -> Application:
    if not can_edit_application(user, app):
        raise NotAllowed(can_edit_application(user, app).reason)
    app = Application.objects.select_for_update().select_related("batch", "county__province").get(pk=app.pk)
    problems = edit_refusal(user, app)
    if problems:
        raise EditRefused(problems)
    return app


def save_section(user, app: Application, key: str, html: str) -> Application:
    if key not in SECTION_KEYS:
        raise EditRefused([_("未知的方案部分：%(key)s") % {"key": key}])
    with transaction.atomic():
        app = _locked(user, app)
        app.sections = {**app.sections, key: sanitise_html(html)}
        app.save(update_fields=["sections", "updated_at"])
    return app


def save_theme_and_tasks(user, app: Application, theme: str | None, key_tasks: dict[str, str]) -> Application:
    if theme and theme not in Theme._value2member_map_:
        raise EditRefused([_("未知的建设主题：%(theme)s") % {"theme": theme}])
    with transaction.atomic():
        app = _locked(user, app)
        if theme is not None:
            app.theme = theme
        tasks = dict(app.key_tasks)
        for key in KEY_TASK_KEYS:
            if key in key_tasks:
                tasks[key] = (key_tasks[key] or "").strip()[:MAX_TEXT_CHARS]
        app.key_tasks = tasks
        app.save(update_fields=["theme", "key_tasks", "updated_at"])
    return app


def save_milestones(user, app: Application, texts: dict[int, str]) -> Application:
    years = set(app.batch.construction_years)
    with transaction.atomic():
        app = _locked(user, app)
        app.milestones = milestones_from_texts(
            {y: (t or "")[:MAX_TEXT_CHARS] for y, t in texts.items() if y in years}
        )
        app.save(update_fields=["milestones", "updated_at"])
    return app


def build_targets(app: Application, rows: list[dict]) -> list[dict]:
    """Stored target rows from the form/API rows; baselines come from published data where there is any."""
    names = {i.code: i for i in indicator_catalogue(app.batch.evaluation_run())}
    year, baselines = published_baselines(app.county_id, app.batch.evaluation_run())
    out = []
    for row in rows:
        code = str(row.get("indicator_code") or "").strip()
        if not code:
            continue
        info = names.get(code)
        published = baselines.get(code)
        values = {str(y): row["values"][y] for y in row.get("values", {}) if row["values"][y] not in (None, "")}
        out.append({
            "indicator_code": code,
            "indicator_name": info.name if info else code,
            "baseline": published if published is not None else row.get("baseline"),
            "baseline_year": year if published is not None else row.get("baseline_year"),
            "baseline_source": "monitoring" if published is not None else "county",
            "direction": info.direction if info else row.get("direction") or "higher",
            "unit": info.unit if info else "",
            "values": values,
        })  # fmt: skip
    return out


def save_targets(user, app: Application, rows: list[dict]) -> Application:
    with transaction.atomic():
        app = _locked(user, app)
        app.targets = build_targets(app, rows)
        app.save(update_fields=["targets", "updated_at"])
    return app


def add_attachment(user, app: Application, filename: str, data: bytes, title: str = "") -> Attachment:
    found = check_attachment(filename, data)
    if not found.accepted:
        raise EditRefused([found.problem])
    with transaction.atomic():
        app = _locked(user, app)
        attachment = Attachment(
            application=app, token=secrets.token_hex(16), title=title.strip()[:200],
            original_name=filename.replace("/", "_").replace("\\", "_")[-255:], kind=found.kind,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=user,
        )  # fmt: skip
        attachment.file.save(attachment.token, ContentFile(data), save=False)
        attachment.save()
        record(user, "application.attachment_added", obj=app,
               after={"attachment": attachment.as_listed()}, summary=f"{app.county.name}上传附件 {attachment.original_name}")  # fmt: skip
    return attachment


def remove_attachment(user, app: Application, attachment: Attachment) -> None:
    """Take a file off the working copy; it stays stored for the versions that listed it."""
    with transaction.atomic():
        app = _locked(user, app)
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
        record(user, "application.attachment_removed", obj=app, before={"attachment": attachment.as_listed()},
               summary=f"{app.county.name}删除附件 {attachment.original_name}")  # fmt: skip
