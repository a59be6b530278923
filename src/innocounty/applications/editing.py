"""Editing the working copy of a plan: sections (autosaved), theme and key tasks, milestones, targets,
attachments. Each save asks the core whether the county may edit now (``save_draft`` while a draft,
``save_revision`` while returned) after the permission predicate; refusals raise :class:`EditRefused`.

Autosaves of the working copy are not audited one by one (the frozen version of each submission is);
attachments added or removed are.

Version tokens: each part of the working copy (``sections.<key>``, ``key_tasks`` with the theme,
``milestones``, ``targets``) counts its saves in ``Application.revisions``. An editor sends the count
it loaded with each save; when another session saved the part in between, the save is refused with
:class:`EditConflict`, which carries the stored content so the page can show both texts. A save without
a token (``revision=None``, older API clients) is accepted as before.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innocounty.applications.models import Application, Attachment, attachment_path
from innocounty.applications.monitoring_data import indicator_catalogue, published_baselines
from innocounty.applications.permissions import can_edit_application
from innocounty.applications.plan_data import milestones_from_texts
from innocounty.applications.sanitize import sanitise_html
from innocounty.applications.workflow import NotAllowed, context_for
from innocounty.audit.chain import record
from innocounty.common.filecheck import check_attachment, problem_text
from innocounty.common.render import render_problem
from innocounty.programme import ApplicationState, KeyTask, PlanSection, Theme, check

EDITING_TRANSITIONS = {
    ApplicationState.DRAFT.value: "save_draft",
    ApplicationState.RETURNED_BY_PROVINCE.value: "save_revision",
}
SECTION_KEYS = [s.value for s in PlanSection]
KEY_TASK_KEYS = [t.value for t in KeyTask]
MAX_TEXT_CHARS = 5_000


class EditRefused(Exception):
    def __init__(self, messages, paths=()):
        self.messages = [str(m) for m in messages]
        self.paths = list(paths)
        super().__init__("；".join(self.messages))


class EditConflict(Exception):
    """Another session saved this part after the editor loaded it: nothing was written."""

    def __init__(self, part: str, revision: int, stored):
        self.part, self.revision, self.stored = part, revision, stored
        self.message = _("该部分已在其他窗口或由其他人保存（第%(n)d次保存），本次未保存。请对照下方两份内容后决定。") % {
            "n": revision
        }
        super().__init__(self.message)


def section_part(key: str) -> str:
    return f"sections.{key}"


def stored_part(app: Application, part: str):
    """The stored content of one part, as an editor shows it next to the user's text."""
    if part.startswith("sections."):
        return app.sections.get(part.removeprefix("sections."), "")
    if part == "key_tasks":
        return {"theme": app.theme, **{f"task_{k}": app.key_tasks.get(k, "") for k in KEY_TASK_KEYS}}
    if part == "milestones":
        from innocounty.applications.plan_data import milestones_by_year

        return {f"milestones_{y}": t for y, t in milestones_by_year(app.milestones, app.batch.construction_years).items()}
    return list(app.targets)


def _check_revision(app: Application, part: str, revision: int | None) -> None:
    if revision is not None and int(revision) != app.revision(part):
        raise EditConflict(part, app.revision(part), stored_part(app, part))


def _bump(app: Application, part: str) -> None:
    app.revisions = {**(app.revisions or {}), part: app.revision(part) + 1}


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
    return [render_problem(p) for r in decision.reasons for p in r.flattened()]


def _locked(user, app: Application) -> Application:
    if not can_edit_application(user, app):
        raise NotAllowed(can_edit_application(user, app).reason)
    app = Application.objects.select_for_update(of=("self",)).select_related("batch", "county__province").get(pk=app.pk)
    problems = edit_refusal(user, app)
    if problems:
        raise EditRefused(problems)
    return app


def save_section(user, app: Application, key: str, html: str, revision: int | None = None) -> Application:
    if key not in SECTION_KEYS:
        raise EditRefused([_("未知的方案部分：%(key)s") % {"key": key}])
    with transaction.atomic():
        app = _locked(user, app)
        _check_revision(app, section_part(key), revision)
        app.sections = {**app.sections, key: sanitise_html(html)}
        _bump(app, section_part(key))
        app.save(update_fields=["sections", "revisions", "updated_at"])
    return app


def save_theme_and_tasks(user, app: Application, theme: str | None, key_tasks: dict[str, str],
                         revision: int | None = None) -> Application:  # fmt: skip
    if theme and theme not in Theme._value2member_map_:
        raise EditRefused([_("未知的建设主题：%(theme)s") % {"theme": theme}])
    with transaction.atomic():
        app = _locked(user, app)
        _check_revision(app, "key_tasks", revision)
        if theme is not None:
            app.theme = theme
        tasks = dict(app.key_tasks)
        for key in KEY_TASK_KEYS:
            if key in key_tasks:
                tasks[key] = (key_tasks[key] or "").strip()[:MAX_TEXT_CHARS]
        app.key_tasks = tasks
        _bump(app, "key_tasks")
        app.save(update_fields=["theme", "key_tasks", "revisions", "updated_at"])
    return app


def save_milestones(user, app: Application, texts: dict[int, str], revision: int | None = None) -> Application:
    years = set(app.batch.construction_years)
    with transaction.atomic():
        app = _locked(user, app)
        _check_revision(app, "milestones", revision)
        app.milestones = milestones_from_texts(
            {y: (t or "")[:MAX_TEXT_CHARS] for y, t in texts.items() if y in years}
        )
        _bump(app, "milestones")
        app.save(update_fields=["milestones", "revisions", "updated_at"])
    return app


def _number(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def build_targets(app: Application, rows: list[dict]) -> list[dict]:
    """Stored target rows from the form/API rows.

    The baseline is the county's monitoring value of the batch's run where there is one. A county may
    keep a baseline of its own that differs from it only with a stated reason (``baseline_reason``);
    both values are stored and shown. Without monitoring data the county's value is used as typed.
    Raises :class:`EditRefused` naming every row whose differing baseline has no reason.
    """
    run = app.batch.evaluation_run()
    names = {i.code: i for i in indicator_catalogue(run)}
    year, baselines = published_baselines(app.county_id, run)
    previous = {t.get("indicator_code"): t for t in app.targets or []}
    out, problems, paths = [], [], []
    for i, row in enumerate(rows):
        code = str(row.get("indicator_code") or "").strip()
        if not code:
            continue
        info = names.get(code)
        name = info.name if info else code
        published = baselines.get(code)
        typed = _number(row.get("baseline"))
        reason = str(row.get("baseline_reason") or "").strip()[:MAX_TEXT_CHARS]
        before = previous.get(code) or {}
        stale_monitoring = (before.get("baseline_source") == "monitoring" and typed is not None
                            and _number(before.get("baseline")) is not None and _same(typed, _number(before["baseline"])))  # fmt: skip
        if published is None:
            baseline, source, baseline_year = typed, "county", row.get("baseline_year")
        elif typed is None or _same(typed, published) or (stale_monitoring and not reason):
            baseline, source, baseline_year, reason = published, "monitoring", year, ""
        else:
            baseline, source, baseline_year = typed, "county", row.get("baseline_year")
            if not reason:
                problems.append(_(
                    "第%(row)d行「%(name)s」：填写的基期值 %(typed)s 与%(year)s年度监测数据 %(published)s 不一致。"
                    "保留本县（市）的值须填写理由；清空基期值则采用监测数据。"
                ) % {"row": i + 1, "name": name, "typed": f"{typed:g}", "year": year, "published": f"{published:g}"})
                paths.append(f"targets[{i}].baseline_reason")
        values = {str(y): row["values"][y] for y in row.get("values", {}) if row["values"][y] not in (None, "")}
        out.append({
            "indicator_code": code,
            "indicator_name": name,
            "baseline": baseline,
            "baseline_year": baseline_year,
            "baseline_source": source,
            "monitoring_baseline": published,
            "monitoring_year": year if published is not None else None,
            "baseline_reason": reason,
            "direction": info.direction if info else row.get("direction") or "higher",
            "unit": info.unit if info else "",
            "values": values,
        })  # fmt: skip
    if problems:
        raise EditRefused(problems, paths)
    return out


def save_targets(user, app: Application, rows: list[dict], revision: int | None = None) -> Application:
    with transaction.atomic():
        app = _locked(user, app)
        _check_revision(app, "targets", revision)
        app.targets = build_targets(app, rows)
        _bump(app, "targets")
        app.save(update_fields=["targets", "revisions", "updated_at"])
    return app


def add_attachment(user, app: Application, filename: str, data: bytes, title: str = "") -> Attachment:
    found = check_attachment(filename, data)
    if not found.accepted:
        raise EditRefused([problem_text(found)])
    with transaction.atomic():
        app = _locked(user, app)
        attachment = Attachment(
            application=app, token=secrets.token_hex(16), title=title.strip()[:200],
            original_name=filename.replace("/", "_").replace("\\", "_")[-255:], kind=found.kind,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=user,
        )  # fmt: skip
        _store(attachment, data)
        attachment.save()
        record(user, "application.attachment_added", obj=app,
               after={"attachment": attachment.as_listed()}, summary=f"{app.county.name}上传附件 {attachment.original_name}")  # fmt: skip
    return attachment


def _store(attachment: Attachment, data: bytes) -> None:
    """Write the file; a full disk (or any write error) removes what was partly written and refuses the
    upload with a clear message — the transaction around it rolls the attachment row back."""
    try:
        attachment.file.save(attachment.token, ContentFile(data), save=False)
    except OSError as problem:
        name = attachment.file.name or attachment_path(attachment, attachment.token)
        with contextlib.suppress(OSError):  # nothing was written, or even the delete fails: nothing to show
            attachment.file.storage.delete(name)
        if problem.errno == errno.ENOSPC:
            raise EditRefused([_("存储空间已满，文件未保存。请稍后重试，或联系平台管理员。")]) from problem
        raise EditRefused([_("文件未能保存（存储错误），请稍后重试。")]) from problem


def remove_attachment(user, app: Application, attachment: Attachment) -> None:
    """Take a file off the working copy; it stays stored for the versions that listed it."""
    with transaction.atomic():
        app = _locked(user, app)
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
        record(user, "application.attachment_removed", obj=app, before={"attachment": attachment.as_listed()},
               summary=f"{app.county.name}删除附件 {attachment.original_name}")  # fmt: skip
