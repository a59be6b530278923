"""Writing the plan under the province's guidance (在省级科技管理部门指导下编制方案).

A county shares its draft with its province (``Application.shared_with_province``); the province's
officers then read the draft and comment on each part of it before submission; the county answers
each comment once. Sharing, comments and answers are audited, written to the application's history
(:class:`ApplicationEvent`) and notified; comments are never edited or deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innocounty.accounts.models import RoleAssignment, User
from innocounty.applications.models import COMMENT_PARTS, Application, ApplicationEvent, PlanComment
from innocounty.applications.permissions import (
    can_answer_comment,
    can_comment_on_draft,
    can_read_shared_draft,
    can_share_draft,
)
from innocounty.applications.workflow import NotAllowed
from innocounty.audit.chain import record
from innocounty.common.labels import section_title
from innocounty.notifications.service import notify
from innocounty.programme import PlanSection, Stage

MAX_COMMENT_CHARS = 2_000
PARTS = tuple(s.value for s in PlanSection) + COMMENT_PARTS


class GuidanceRefused(Exception):
    def __init__(self, message, field: str = ""):
        self.message, self.field = str(message), field
        super().__init__(self.message)


def part_label(part: str) -> str:
    if part in PlanSection._value2member_map_:
        return section_title(PlanSection(part))
    return {
        "general": _("总体意见"), "theme": _("建设主题"), "key_tasks": _("重点任务落实"),
        "milestones": _("进度安排节点"), "targets": _("量化目标"),
    }.get(part, part)  # fmt: skip


def _require(allowed) -> None:
    if not allowed:
        raise NotAllowed(allowed.reason)


def _event(user, app: Application, name: str, label: str, role: str, reason: str = "", **details) -> None:
    ApplicationEvent.objects.create(
        application=app, transition=name, label=label, from_state=app.state, to_state=app.state, actor=user,
        actor_role=role, stage=Stage.APPLICATION.value, reason=reason, details=details,
    )  # fmt: skip


def _officers(role: str, **scope) -> list[User]:
    rows = RoleAssignment.objects.filter(role=role, **scope)
    return list(User.objects.filter(pk__in=rows.values("user_id"), is_active=True))


def _clean_text(text, field: str, empty_message) -> str:
    text = str(text or "").strip()
    if not text:
        raise GuidanceRefused(empty_message, field)
    if len(text) > MAX_COMMENT_CHARS:
        raise GuidanceRefused(
            _("内容不超过%(n)d字（当前%(m)d字）") % {"n": MAX_COMMENT_CHARS, "m": len(text)}, field
        )
    return text


def set_sharing(user, app: Application, shared: bool) -> Application:
    """The county shares its draft with its province, or stops sharing (comments made stay)."""
    _require(can_share_draft(user, app))
    with transaction.atomic():
        app = (
            Application.objects.select_for_update().select_related("county__province", "batch").get(pk=app.pk)
        )
        _require(can_share_draft(user, app))
        if app.shared_with_province == shared:
            return app
        app.shared_with_province = shared
        app.shared_at = timezone.now() if shared else app.shared_at
        app.save(update_fields=["shared_with_province", "shared_at", "updated_at"])
        name, label = ("share_draft", "共享草稿给省级") if shared else ("unshare_draft", "停止共享草稿")
        _event(user, app, name, label, "county_officer")
        record(user, f"application.{name}", obj=app, before={"shared_with_province": not shared},
               after={"shared_with_province": shared}, summary=f"{app.county.name}：{label}")  # fmt: skip
        if shared:
            notify(_officers("provincial_officer", province_id=app.county.province_id),
                   f"{app.county.name}共享了申报草稿", f"批次：{app.batch.name}\n可查看草稿并逐部分提出指导意见。",
                   url=reverse("applications:detail", args=[app.pk]))  # fmt: skip
    return app


def add_comment(user, app: Application, part: str, text: str) -> PlanComment:
    """The province comments on one part of a shared draft."""
    _require(can_comment_on_draft(user, app))
    if part not in PARTS:
        raise GuidanceRefused(_("未知的方案部分：%(part)s") % {"part": part}, "part")
    text = _clean_text(text, "text", _("请填写指导意见。"))
    with transaction.atomic():
        app = (
            Application.objects.select_for_update().select_related("county__province", "batch").get(pk=app.pk)
        )
        _require(can_comment_on_draft(user, app))
        comment = PlanComment.objects.create(application=app, part=part, text=text, author=user)
        _event(
            user,
            app,
            "guidance_comment",
            "省级指导意见",
            "provincial_officer",
            text,
            part=part,
            comment=comment.pk,
        )
        record(user, "application.guidance_comment", obj=app, after={"comment": comment.pk, "part": part, "text": text},
               summary=f"{app.county.name}：省级对「{part_label(part)}」提出指导意见")  # fmt: skip
        notify(_officers("county_officer", county_id=app.county_id), f"省级对「{part_label(part)}」提出指导意见",
               text, url=reverse("applications:edit", args=[app.pk]))  # fmt: skip
    return comment


def answer_comment(user, app: Application, comment: PlanComment, text: str) -> PlanComment:
    """The county answers one comment, once (the answer then stays as written)."""
    _require(can_answer_comment(user, app))
    text = _clean_text(text, "answer", _("请填写答复。"))
    with transaction.atomic():
        comment = PlanComment.objects.select_for_update().get(pk=comment.pk, application=app)
        if comment.answered_at is not None:
            raise GuidanceRefused(
                _("该意见已答复，答复不能修改；如需补充，请与省级沟通后由其再提意见。"), "answer"
            )
        comment.answer, comment.answered_by, comment.answered_at = text, user, timezone.now()
        comment.save(update_fields=["answer", "answered_by", "answered_at"])
        _event(
            user,
            app,
            "guidance_answer",
            "答复指导意见",
            "county_officer",
            text,
            part=comment.part,
            comment=comment.pk,
        )
        record(user, "application.guidance_answer", obj=app, after={"comment": comment.pk, "answer": text},
               summary=f"{app.county.name}答复省级对「{part_label(comment.part)}」的意见")  # fmt: skip
        notify(_officers("provincial_officer", province_id=app.county.province_id),
               f"{app.county.name}答复了指导意见", text, url=reverse("applications:detail", args=[app.pk]))  # fmt: skip
    return comment


def comment_out(c: PlanComment) -> dict:
    return {
        "id": c.pk, "part": c.part, "part_label": part_label(c.part), "text": c.text, "author": str(c.author),
        "created_at": c.created_at, "answer": c.answer, "answered_by": str(c.answered_by) if c.answered_by else "",
        "answered_at": c.answered_at,
    }  # fmt: skip


def guidance_for(user, app: Application) -> dict:
    """What the pages show of the guidance: comments by part and what the user may do."""
    comments = (
        [comment_out(c) for c in app.comments.select_related("author", "answered_by")] if app.pk else []
    )
    by_part: dict[str, list[dict]] = {}
    for c in comments:
        by_part.setdefault(c["part"], []).append(c)
    return {
        "shared": app.shared_with_province,
        "comments": comments,
        "by_part": by_part,
        "parts": [(p, part_label(p)) for p in PARTS],
        "may_share": bool(can_share_draft(user, app)),
        "may_comment": bool(can_comment_on_draft(user, app)),
        "may_read": bool(can_read_shared_draft(user, app)),
        "may_answer": bool(can_answer_comment(user, app)),
        "open_count": sum(1 for c in comments if not c["answered_at"]),
    }
