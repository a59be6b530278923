"""Readable names of the audit log's action codes (``application.recommend`` → 推荐), through gettext.

Fixed actions are listed in :data:`ACTION_LABELS`; families take their label from the workflow they
record: ``<workflow kind>.<transition>`` is labelled from the workflow's table (every workflow in
``innocounty.programme.registry``). An unknown code
is shown as itself, so a new action is never hidden.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "login.succeeded": _("登录成功"),
    "login.failed": _("登录失败"),
    "login.locked_out": _("登录被锁定"),
    "logout": _("退出登录"),
    "password.changed": _("修改密码"),
    "2fa.enrolled": _("启用双因素登录"),
    "2fa.verified": _("双因素验证通过"),
    "2fa.failed": _("双因素验证失败"),
    "2fa.recovery_code_used": _("使用恢复码登录"),
    "2fa.recovery_codes_regenerated": _("重新生成恢复码"),
    "2fa.removed": _("停用双因素登录"),
    "2fa.reset": _("重置双因素登录"),
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
    "application.share_draft": _("共享草稿给省级"),
    "application.unshare_draft": _("停止共享草稿"),
    "application.guidance_comment": _("省级指导意见"),
    "application.guidance_answer": _("答复指导意见"),
    "evaluations.run.succeeded": _("评价运行完成"),
    "evaluations.run.failed": _("评价运行失败"),
    "evaluations.run.published": _("发布评价结果"),
    "evaluations.run.visibility": _("修改评价结果公开范围"),
    "demo.lifecycle_built": _("生成演示数据"),
    "expert.add": _("专家库新增专家"),
    "expert.edit": _("修改专家信息"),
    "expert.activate": _("启用专家"),
    "expert.deactivate": _("停用专家"),
    "expert.import": _("导入专家库"),
    "expert.profile": _("专家更新本人信息与回避声明"),
    "expert.rubric": _("修改咨询评议评分标准"),
}


# Older events named their workflow differently; they keep their names in the log.
LEGACY_KINDS = {"monitoring.submission": "submission", "monitoring.upload": "upload"}


def _family(code: str) -> str | None:
    """``<workflow kind>.<transition>``: the workflow's label and the act's, from the declared tables."""
    from innocounty.programme.registry import BY_KIND

    prefix, _dot, name = code.rpartition(".")
    workflow = BY_KIND.get(LEGACY_KINDS.get(prefix, prefix))
    if workflow is None:
        return None
    if name in workflow.by_name:
        return f"{gettext(workflow.label)}：{gettext(workflow.by_name[name].label)}"
    state = next((s for s in workflow.states if s.value == name), None)  # uploads recorded their outcome
    return f"{gettext(workflow.label)}：{gettext(workflow.state_labels[state])}" if state is not None else None


def action_label(code: str) -> str:
    """The label of an action code in the active language (the code itself when unknown)."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    return str(_family(code) or code)
