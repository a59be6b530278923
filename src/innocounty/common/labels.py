"""Translatable labels for the identifiers of the programme core, used by the Django layer's pages.

The core (:mod:`innocounty.programme`, no Django) gives Chinese labels as plain ``str``. The pages of the
applications, batches and reviews apps show these labels through the mappings below instead, so they
follow the user's language. Each mapping is keyed by the core's identifier, and its Chinese text is the
core's label exactly (``tests/applications/test_i18n_pages.py`` checks this). An identifier missing here
falls back to the core's own label. Refusal reasons from the core stay as the core words them.

Action labels (transitions) carry the context ``"programme action"``: several read like a state
("退回修改", "不予推荐", "形式审查通过") but are translated as verbs.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from innocounty.programme import (
    ApplicationState,
    BatchStatus,
    Belt,
    ChangeStatus,
    KeyTask,
    PlanSection,
    Stage,
    Theme,
    Window,
    WindowStatus,
)
from innocounty.programme.context import EligibilityRule

S = ApplicationState

STATE_LABELS = {
    S.DRAFT: _("草稿"),
    S.SUBMITTED: _("已提交"),
    S.RETURNED_BY_PROVINCE: _("退回修改"),
    S.WITHDRAWN: _("已撤回"),
    S.REJECTED_BY_PROVINCE: _("不予推荐"),
    S.RECOMMENDED: _("拟推荐"),
    S.FORWARDED: _("已报送科技部"),
    S.FORMAL_REVIEW_PASSED: _("形式审查通过"),
    S.FORMAL_REVIEW_FAILED: _("形式审查未通过"),
    S.SELECTED_FOR_CONSULTATION: _("进入专家评议"),
    S.NOT_SELECTED: _("未进入专家评议"),
}
STATE_DESCRIPTIONS = {
    S.DRAFT: _("县（市）正在填写，仅本县可见"),
    S.SUBMITTED: _("等待省级科技管理部门处理"),
    S.RETURNED_BY_PROVINCE: _("省级退回并说明理由，等待县（市）修改后重新提交"),
    S.WITHDRAWN: _("县（市）撤回了申报"),
    S.REJECTED_BY_PROVINCE: _("省级决定不予推荐，并说明理由"),
    S.RECOMMENDED: _("已列入本省推荐名单（有排序），名单尚未报送"),
    S.FORWARDED: _("本省推荐名单已报送，名单锁定"),
    S.FORMAL_REVIEW_PASSED: _("科技部形式审查通过"),
    S.FORMAL_REVIEW_FAILED: _("科技部形式审查未通过，并说明理由"),
    S.SELECTED_FOR_CONSULTATION: _("数据评价后确定进入专家咨询评议/质询"),
    S.NOT_SELECTED: _("数据评价后未进入专家评议"),
}

TRANSITION_LABELS = {
    "create_draft": pgettext_lazy("programme action", "创建申报"),
    "save_draft": pgettext_lazy("programme action", "保存草稿"),
    "submit": pgettext_lazy("programme action", "提交申报"),
    "withdraw": pgettext_lazy("programme action", "撤回申报"),
    "save_revision": pgettext_lazy("programme action", "保存修改"),
    "resubmit": pgettext_lazy("programme action", "修改后重新提交"),
    "return_for_revision": pgettext_lazy("programme action", "退回修改"),
    "reject": pgettext_lazy("programme action", "不予推荐"),
    "recommend": pgettext_lazy("programme action", "推荐"),
    "withdraw_recommendation": pgettext_lazy("programme action", "撤销推荐"),
    "submit_recommendation_list": pgettext_lazy("programme action", "报送推荐名单"),
    "pass_formal_review": pgettext_lazy("programme action", "形式审查通过"),
    "fail_formal_review": pgettext_lazy("programme action", "形式审查不通过"),
    "select_for_consultation": pgettext_lazy("programme action", "确定进入专家评议"),
    "mark_not_selected": pgettext_lazy("programme action", "确定不进入专家评议"),
    # Steps of the history that are not transitions: guidance on a shared draft (applications/guidance.py).
    "share_draft": pgettext_lazy("programme action", "共享草稿给省级"),
    "unshare_draft": pgettext_lazy("programme action", "停止共享草稿"),
    "guidance_comment": pgettext_lazy("programme action", "省级指导意见"),
    "guidance_answer": pgettext_lazy("programme action", "答复指导意见"),
}
BATCH_TRANSITION_LABELS = {
    "open": pgettext_lazy("programme action", "开放申报"),
    "close": pgettext_lazy("programme action", "截止"),
    "archive": pgettext_lazy("programme action", "归档"),
}

BATCH_STATUS_LABELS = {
    BatchStatus.DRAFT: _("筹备中"),
    BatchStatus.OPEN: _("进行中"),
    BatchStatus.CLOSED: _("已截止"),
    BatchStatus.ARCHIVED: _("已归档"),
}

ELIGIBILITY_RULE_LABELS = {
    EligibilityRule.GATE: _("硬性条件：不符合的县（市）不能提交申报"),
    EligibilityRule.WARNING: _("提示：省级推荐不符合的县（市）须说明理由，理由报科技部"),
    EligibilityRule.OFF: _("仅供参考：不影响申报和推荐"),
}

THEME_LABELS = {
    Theme.INDUSTRY: _("科技支撑产业发展"),
    Theme.ECOLOGY: _("科技支撑生态文明"),
    Theme.LIVELIHOOD: _("科技支撑民生改善"),
}
KEY_TASK_LABELS = {
    KeyTask.POLICY_IMPLEMENTATION: _("抓创新创业政策落地"),
    KeyTask.RESOURCE_AGGLOMERATION: _("抓创新创业要素集聚"),
    KeyTask.TECHNOLOGY_TRANSFER: _("抓科技成果转移转化"),
    KeyTask.LEADING_INDUSTRY: _("抓主导产业创新发展"),
    KeyTask.PUBLIC_BENEFIT: _("抓科技创新为民惠民"),
    KeyTask.INSTITUTIONAL_INNOVATION: _("抓体制机制全面创新"),
}
SECTION_TITLES = {
    PlanSection.BASIS: _("建设基础"),
    PlanSection.APPROACH_AND_GOALS: _("思路目标"),
    PlanSection.POSITIONING: _("建设定位"),
    PlanSection.TASKS: _("建设任务"),
    PlanSection.SCHEDULE: _("进度安排"),
    PlanSection.ORGANISATION: _("组织管理与运行机制"),
    PlanSection.POLICIES_AND_SAFEGUARDS: _("配套政策与保障措施"),
}
STAGE_LABELS = {
    Stage.APPLICATION: _("申报"),
    Stage.RECOMMENDATION: _("地方推荐"),
    Stage.FORMAL_REVIEW: _("形式审查"),
    Stage.DATA_EVALUATION: _("数据评价"),
    Stage.EXPERT_CONSULTATION: _("咨询评议"),
    Stage.EXPERT_QUESTIONING: _("专家质询"),
    Stage.FIELD_INSPECTION: _("实地考察"),
    Stage.PUBLIC_NOTICE: _("公示"),
    Stage.PUBLICATION: _("发文公布"),
    Stage.CONSTRUCTION: _("组织建设"),
    Stage.ANNUAL_PROGRESS_REPORT: _("年度建设进展报告"),
    Stage.ACCEPTANCE: _("评估验收"),
    Stage.ACCEPTANCE_PUBLICATION: _("验收结果公布"),
}
CHANGE_STATUS_LABELS = {
    ChangeStatus.UNCHANGED: _("未修改"),
    ChangeStatus.CHANGED: _("已修改"),
    ChangeStatus.ADDED: _("新增"),
    ChangeStatus.REMOVED: _("删除"),
}
CHECKLIST_LABELS = {
    "complete": _("申报材料完整"),
    "unit_type_eligible": _("申报单位类型符合要求"),
    "theme_chosen": _("已选择本批次开放的建设主题"),
    "plan_sections_present": _("建设方案七个部分齐全"),
    "provincial_recommendation_present": _("有省级推荐"),
}
BELT_LABELS = {Belt.EAST: _("东部"), Belt.CENTRAL: _("中部"), Belt.WEST: _("西部")}


def _lookup(mapping, key, fallback: str) -> str:
    found = mapping.get(key)
    return str(found) if found is not None else fallback


def state_label(state) -> str:
    value = str(getattr(state, "value", state))
    core = S(value).label if value in S._value2member_map_ else value
    return _lookup(STATE_LABELS, value, core)


def state_description(state) -> str:
    value = str(getattr(state, "value", state))
    core = S(value).description if value in S._value2member_map_ else ""
    return _lookup(STATE_DESCRIPTIONS, value, core)


def transition_label(transition) -> str:
    """A core :class:`~innocounty.programme.Transition`, an :class:`~innocounty.programme.Outcome` or a
    transition's name → the action's label."""
    name = str(getattr(transition, "name", None) or getattr(transition, "transition", transition))
    return _lookup(TRANSITION_LABELS, name, getattr(transition, "label", name))


def batch_transition_label(transition) -> str:
    name = str(getattr(transition, "name", transition))
    return _lookup(BATCH_TRANSITION_LABELS, name, getattr(transition, "label", name))


def theme_label(value) -> str:
    value = str(getattr(value, "value", value) or "")
    core = Theme(value).label if value in Theme._value2member_map_ else ""
    return _lookup(THEME_LABELS, value, core)


def key_task_label(value) -> str:
    value = str(getattr(value, "value", value))
    return _lookup(KEY_TASK_LABELS, value, KeyTask(value).label if value in KeyTask._value2member_map_ else value)


def section_title(key) -> str:
    key = str(getattr(key, "value", key))
    return _lookup(SECTION_TITLES, key, PlanSection(key).title if key in PlanSection._value2member_map_ else key)


def stage_label(value) -> str:
    value = str(getattr(value, "value", value))
    return _lookup(STAGE_LABELS, value, Stage(value).label if value in Stage._value2member_map_ else value)


def stage_labels(stages) -> list[str]:
    return [stage_label(s) for s in stages]


def belt_label(value) -> str:
    value = str(getattr(value, "value", value))
    return _lookup(BELT_LABELS, value, Belt(value).label if value in Belt._value2member_map_ else value)


def change_label(status) -> str:
    value = str(getattr(status, "value", status))
    core = ChangeStatus(value).label if value in ChangeStatus._value2member_map_ else value
    return _lookup(CHANGE_STATUS_LABELS, value, core)


def checklist_label(item) -> str:
    """A core :class:`~innocounty.programme.ChecklistItem` (or a stored ``{"code", "label"}``) → its label."""
    code = item.get("code") if isinstance(item, dict) else getattr(item, "code", item)
    fallback = item.get("label", code) if isinstance(item, dict) else getattr(item, "label", code)
    return _lookup(CHECKLIST_LABELS, code, fallback)


def diff_title(entry) -> str:
    """The title of one entry of a version comparison, from its key (``sections.basis``, ``milestones.2020``)."""
    group, _sep, rest = entry.key.partition(".")
    if group == "theme":
        return gettext("建设主题")
    if group == "sections" and rest in PlanSection._value2member_map_:
        return section_title(rest)
    if group == "key_tasks" and rest in KeyTask._value2member_map_:
        return gettext("重点任务：%(task)s") % {"task": key_task_label(rest)}
    if group == "milestones" and rest.isdigit():
        return gettext("进度安排：%(year)s年") % {"year": rest}
    if group == "targets" and "：" in entry.title:
        return gettext("量化目标：%(indicator)s") % {"indicator": entry.title.split("：", 1)[1]}
    return entry.title


def describe_window(window: Window, today: date) -> str:
    """The core's :meth:`Window.describe` in the user's language: 尚未开始 / 还剩N天 / 今天截止 / 已截止."""
    status = window.status(today)
    if status is WindowStatus.NOT_YET_OPEN:
        n = window.days_until_open(today)
        return ngettext("尚未开始（%(n)d天后开始）", "尚未开始（%(n)d天后开始）", n) % {"n": n}
    if status is WindowStatus.CLOSED:
        return gettext("已截止（%(date)s）") % {"date": window.closes.isoformat()}
    left = (window.closes - today).days
    if left == 0:
        return gettext("今天截止")
    return ngettext("还剩%(n)d天（%(date)s截止）", "还剩%(n)d天（%(date)s截止）", left) % {
        "n": left, "date": window.closes.isoformat()
    }
