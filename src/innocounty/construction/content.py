"""The report's content as the county sends it (form or API) → the stored shape, every field bounded.

Unknown keys are dropped; a text over its bound, a number that is not finite or out of range, too many
policies are refused with a message (never stored cut, never a 500). Statuses outside the list are
dropped (the completeness check then asks for them).
"""

from __future__ import annotations

import math
from datetime import date

from django.utils.translation import gettext as _

from innocounty.common.bounds import MEASURE_ABS_MAX
from innocounty.programme import KeyTask
from innocounty.programme.report_form import FUND_MAX, LONG_MAX, POLICIES_MAX, TEXT_MAX, FundSource, Progress

MILESTONES_MAX = 50


def _text(value, limit: int, label: str, refused: list) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if len(value) > limit:
        refused.append(
            _("「%(label)s」不能超过%(max)d字（当前%(n)d字）")
            % {"label": label, "max": limit, "n": len(value)}
        )
        return value[:limit]
    return value


def _number(value, low: float, high: float, label: str, refused: list) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        refused.append(
            _("「%(label)s」须为%(low)g至%(high)g之间的数") % {"label": label, "low": low, "high": high}
        )
        return None
    return number


def _status(value) -> str:
    return value if value in Progress._value2member_map_ else ""


def clean_content(raw, target_codes) -> tuple[dict, list[str]]:
    refused: list[str] = []
    raw = raw if isinstance(raw, dict) else {}
    tasks_in = raw.get("tasks") if isinstance(raw.get("tasks"), dict) else {}
    tasks = {}
    for task in KeyTask:
        row = tasks_in.get(task.value) if isinstance(tasks_in.get(task.value), dict) else {}
        tasks[task.value] = {"status": _status(row.get("status")),
                             "text": _text(row.get("text"), TEXT_MAX, _(task.label), refused)}  # fmt: skip
    milestones_in = raw.get("milestones") if isinstance(raw.get("milestones"), list) else []
    if len(milestones_in) > MILESTONES_MAX:
        refused.append(_("年度节点不超过%(max)d个") % {"max": MILESTONES_MAX})
        milestones_in = milestones_in[:MILESTONES_MAX]
    milestones = []
    for i, row in enumerate(milestones_in):
        row = row if isinstance(row, dict) else {}
        milestones.append({"status": _status(row.get("status")),
                           "note": _text(row.get("note"), TEXT_MAX, _("第%(n)d个节点的说明") % {"n": i + 1}, refused)})  # fmt: skip
    targets_in = raw.get("targets") if isinstance(raw.get("targets"), dict) else {}
    targets = {}
    for code in target_codes:
        row = targets_in.get(code) if isinstance(targets_in.get(code), dict) else {}
        targets[code] = {
            "actual": _number(row.get("actual"), -MEASURE_ABS_MAX, MEASURE_ABS_MAX, code, refused),
            "reason": _text(row.get("reason"), 2000, _("指标%(code)s的说明") % {"code": code}, refused),
        }
    funds_in = raw.get("funds") if isinstance(raw.get("funds"), dict) else {}
    funds = {s.value: _number(funds_in.get(s.value), 0, FUND_MAX, _("资金投入"), refused) for s in FundSource}
    policies_in = raw.get("policies") if isinstance(raw.get("policies"), list) else []
    if len(policies_in) > POLICIES_MAX:
        refused.append(_("政策不超过%(max)d项") % {"max": POLICIES_MAX})
        policies_in = policies_in[:POLICIES_MAX]
    policies = []
    for row in policies_in:
        row = row if isinstance(row, dict) else {}
        title = _text(row.get("title"), 200, _("政策名称"), refused)
        issued = _date(row.get("issued"), refused)
        note = _text(row.get("note"), 2000, _("政策说明"), refused)
        if title or issued or note:
            policies.append({"title": title, "issued": issued, "note": note})
    content = {
        "tasks": tasks, "milestones": milestones, "targets": targets, "funds": funds, "policies": policies,
        "problems": _text(raw.get("problems"), LONG_MAX, _("存在问题"), refused),
        "next_steps": _text(raw.get("next_steps"), LONG_MAX, _("下一步工作"), refused),
    }  # fmt: skip
    return content, refused


def _date(value, refused: list) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        refused.append(_("政策发布日期须为「年-月-日」格式"))
        return ""
