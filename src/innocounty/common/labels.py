"""The labels of the programme core's identifiers in the reader's language.

Every label is declared once, in the core, as a message id: the workflows' states and transitions
(``Workflow.state_labels``, ``Transition.label``), themes, key tasks, plan sections, stages, belts, batch
statuses, change statuses, checklist items. This module only translates them: ``gettext(core label)``, and
for actions ``pgettext("programme action", label)`` (several actions read like a state — 退回修改, 不予推荐,
形式审查通过 — but are translated as verbs). An identifier the core does not know is shown as itself.
"""

from __future__ import annotations

from datetime import date

from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext, pgettext

from innocounty.programme import (
    APPLICATION,
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
from innocounty.programme.batch_lifecycle import BATCH
from innocounty.programme.context import EligibilityRule
from innocounty.programme.problems import gettext_noop
from innocounty.programme.states import STATE_INFO

S = ApplicationState
ACTION = "programme action"
gettext_lazy = lazy(gettext, str)

# Steps of an application's history that are not transitions: guidance on a shared draft (guidance.py).
HISTORY_STEPS = {
    "share_draft": gettext_noop("共享草稿给省级"),
    "unshare_draft": gettext_noop("停止共享草稿"),
    "guidance_comment": gettext_noop("省级指导意见"),
    "guidance_answer": gettext_noop("答复指导意见"),
}
ELIGIBILITY_RULE_LABELS = {
    EligibilityRule.GATE: gettext_lazy(gettext_noop("硬性条件：不符合的县（市）不能提交申报")),
    EligibilityRule.WARNING: gettext_lazy(gettext_noop("提示：省级推荐不符合的县（市）须说明理由，理由报科技部")),
    EligibilityRule.OFF: gettext_lazy(gettext_noop("仅供参考：不影响申报和推荐")),
}
# For model choices (lazy: evaluated in the reader's language).
STATE_LABELS = {state: gettext_lazy(label) for state, label in APPLICATION.state_labels.items()}
BATCH_STATUS_LABELS = {status: gettext_lazy(status.label) for status in BatchStatus}
THEME_LABELS = {theme: gettext_lazy(theme.label) for theme in Theme}
STAGE_LABELS = {stage: gettext_lazy(stage.label) for stage in Stage}


def _value(x) -> str:
    return str(getattr(x, "value", x) or "")


def _action(label: str) -> str:
    translated = pgettext(ACTION, label)
    return translated if translated != label else gettext(label)


def state_label(state) -> str:
    value = _value(state)
    return gettext(STATE_INFO[S(value)][0]) if value in S._value2member_map_ else value


def state_description(state) -> str:
    value = _value(state)
    return gettext(STATE_INFO[S(value)][1]) if value in S._value2member_map_ else ""


def transition_label(transition) -> str:
    """A core Transition, an Outcome or a transition's name → the action's label."""
    name = str(getattr(transition, "name", None) or getattr(transition, "transition", transition))
    declared = APPLICATION.by_name.get(name)
    if declared is not None:
        return _action(declared.label)
    if name in HISTORY_STEPS:
        return _action(HISTORY_STEPS[name])
    return _action(str(getattr(transition, "label", name)))


def batch_transition_label(transition) -> str:
    name = str(getattr(transition, "name", transition))
    declared = BATCH.by_name.get(name)
    return _action(declared.label) if declared is not None else name


def _enum_label(enum, value, attribute: str = "label", unknown=None) -> str:
    """The core's label of ``value`` in ``enum`` in the reader's language; ``unknown`` (default: the value
    itself) for a value the core does not know."""
    value = _value(value)
    if value in enum._value2member_map_:
        return gettext(getattr(enum(value), attribute))
    return value if unknown is None else unknown


def theme_label(value) -> str:
    return _enum_label(Theme, value, unknown="")


def key_task_label(value) -> str:
    return _enum_label(KeyTask, value)


def section_title(key) -> str:
    return _enum_label(PlanSection, key, "title")


def stage_label(value) -> str:
    return _enum_label(Stage, value)


def stage_labels(stages) -> list[str]:
    return [stage_label(s) for s in stages]


def belt_label(value) -> str:
    return _enum_label(Belt, value)


def change_label(status) -> str:
    return _enum_label(ChangeStatus, status)


def checklist_label(item) -> str:
    """A core :class:`~innocounty.programme.ChecklistItem` (or a stored ``{"code", "label"}``) → its label."""
    code = item.get("code") if isinstance(item, dict) else getattr(item, "code", item)
    label = item.get("label", code) if isinstance(item, dict) else getattr(item, "label", code)
    return gettext(label)  # the core's label is the message id (stored checklists keep it in Chinese)


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
