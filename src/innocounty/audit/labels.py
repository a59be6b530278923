"""Readable names of the audit log's action codes (``application.recommend`` → 推荐), through gettext.

Fixed actions are listed in :data:`ACTION_LABELS`; families take their label from the workflow they
record (application transitions, batch transitions, monitoring submissions and uploads). An unknown code
is shown as itself, so a new action is never hidden.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "login.succeeded": _("登录成功"),
    "login.failed": _("登录失败"),
    "login.locked_out": _("登录被锁定"),
    "logout": _("退出登录"),
    "password.changed": _("修改密码"),
    "user.created": _("创建用户"),
    "user.changed": _("修改用户"),
    "user.password_set": _("重设用户密码"),
    "role.granted": _("授予角色"),
    "role.changed": _("修改角色"),
    "role.revoked": _("撤销角色"),
    "api_token.created": _("创建 API 令牌"),
    "api_token.changed": _("修改 API 令牌"),
    "api_token.revoked": _("吊销 API 令牌"),
    "batch.created": _("创建申报批次"),
    "batch.updated": _("修改申报批次"),
    "batch.data_evaluation_closed": _("结束数据评价"),
    "application.priority_moved": _("调整推荐顺序"),
    "application.attachment_added": _("上传附件"),
    "application.attachment_removed": _("删除附件"),
    "recommendation_list.submitted": _("报送推荐名单"),
    "monitoring.round.opened": _("开启监测数据填报"),
    "monitoring.round.closed": _("关闭监测数据填报"),
    "monitoring.framework.imported": _("导入指标体系"),
    "monitoring.framework.replaced": _("替换指标体系"),
    "monitoring.framework.activated": _("启用指标体系"),
    "evaluations.run.queued": _("发起评价运行"),
    "evaluations.run.succeeded": _("评价运行完成"),
    "evaluations.run.failed": _("评价运行失败"),
    "evaluations.run.published": _("发布评价结果"),
    "evaluations.run.visibility": _("修改评价结果公开范围"),
    "demo.lifecycle_built": _("生成演示数据"),
}


def _family(code: str) -> str | None:
    prefix, _dot, name = code.rpartition(".")
    if prefix == "application":
        from innocounty.common.labels import TRANSITION_LABELS, transition_label

        return f"{_('申报')}：{transition_label(name)}" if name in TRANSITION_LABELS else None
    if prefix == "batch":
        from innocounty.common.labels import BATCH_TRANSITION_LABELS, batch_transition_label

        return f"{_('申报批次')}：{batch_transition_label(name)}" if name in BATCH_TRANSITION_LABELS else None
    if prefix == "monitoring.submission":
        from innocounty.monitoring.workflow import TRANSITIONS

        t = TRANSITIONS.get(name)
        return f"{_('省级监测数据')}：{t.label}" if t else None
    if prefix == "monitoring.upload":
        from innocounty.monitoring.models import UploadStatus

        return f"{_('监测数据上传')}：{UploadStatus(name).label}" if name in UploadStatus.values else None
    return None


def action_label(code: str) -> str:
    """The label of an action code in the active language (the code itself when unknown)."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    return str(_family(code) or code)
