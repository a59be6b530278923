"""The form of an annual progress report and what makes it complete.

Stored content (JSON, the working copy of the report)::

    {"tasks": {"<key task>": {"status": "done" | "partly" | "not_started", "text": "…"}},
     "milestones": [{"text": "<the plan's milestone of the year>", "status": …, "note": "…"}],
     "targets": {"<indicator code>": {"actual": 2.1 | None, "reason": "…"}},
     "funds": {"central": 120.0, "provincial": …, "local": …, "social": …},      # 万元
     "policies": [{"title": "…", "issued": "2024-05-01", "note": "…"}],
     "problems": "…", "next_steps": "…"}

The plan's targets come with the monitoring value of the report year (``monitoring``): the county's
``actual`` is prefilled from it and may differ only with a stated ``reason`` (the monitoring value is kept
beside it). :func:`report_problems` lists every missing or faulty part at once, each with a path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .plans import KeyTask
from .problems import Msg, Problem, gettext_noop, warning


class ReportSection(StrEnum):
    TASKS = "tasks"
    MILESTONES = "milestones"
    TARGETS = "targets"
    FUNDS = "funds"
    POLICIES = "policies"
    PROBLEMS = "problems"
    ATTACHMENTS = "attachments"


SECTION_TITLES = {
    ReportSection.TASKS: gettext_noop("重点任务进展"),
    ReportSection.MILESTONES: gettext_noop("年度节点目标完成情况"),
    ReportSection.TARGETS: gettext_noop("量化目标实际值"),
    ReportSection.FUNDS: gettext_noop("资金投入"),
    ReportSection.POLICIES: gettext_noop("出台的政策"),
    ReportSection.PROBLEMS: gettext_noop("存在问题与下一步工作"),
    ReportSection.ATTACHMENTS: gettext_noop("附件"),
}


class Progress(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    NOT_STARTED = "not_started"


PROGRESS_LABELS = {
    Progress.DONE: gettext_noop("已完成"),
    Progress.PARTLY: gettext_noop("部分完成"),
    Progress.NOT_STARTED: gettext_noop("未开展"),
}


class FundSource(StrEnum):
    CENTRAL = "central"
    PROVINCIAL = "provincial"
    LOCAL = "local"
    SOCIAL = "social"


FUND_LABELS = {
    FundSource.CENTRAL: gettext_noop("中央财政"),
    FundSource.PROVINCIAL: gettext_noop("省级财政"),
    FundSource.LOCAL: gettext_noop("市县财政"),
    FundSource.SOCIAL: gettext_noop("企业及社会投入"),
}

TEXT_MAX = 5000  # one task's or milestone's text
LONG_MAX = 20_000  # problems, next steps
POLICIES_MAX = 50
FUND_MAX = 1e9  # 万元


@dataclass(frozen=True)
class ReportRules:
    task_min_chars: int = 10  # a task's progress text (also when done: what was done)
    problems_min_chars: int = 20
    next_steps_min_chars: int = 20


DEFAULT_REPORT_RULES = ReportRules()


@dataclass(frozen=True)
class TargetRow:
    """One quantitative target as the report shows it: the plan's values and the monitoring value."""

    code: str
    name: str
    baseline: float | None
    target: float | None  # the plan's value for the report year
    monitoring: float | None  # the published monitoring value of the report year


def _len(text) -> int:
    return len("".join(str(text or "").split()))


def _number(value) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def report_problems(content: Mapping, *, milestones: Sequence[str], targets: Sequence[TargetRow],
                    attachments: int = 0, rules: ReportRules = DEFAULT_REPORT_RULES) -> list[Problem]:  # fmt: skip
    """Every missing or faulty part of a report (errors) and every doubtful one (warnings)."""
    problems: list[Problem] = []
    tasks = content.get("tasks") or {}
    for task in KeyTask:
        row = tasks.get(task.value) or {}
        path = f"tasks.{task.value}"
        if row.get("status") not in Progress._value2member_map_:
            problems.append(Problem("task_status_missing", gettext_noop("重点任务「%(task)s」未选择进展"),
                                    f"{path}.status", params={"task": Msg(task.label)}))  # fmt: skip
        if _len(row.get("text")) < rules.task_min_chars:
            problems.append(Problem("task_text_short", gettext_noop("重点任务「%(task)s」的进展说明不少于%(min)d字"),
                                    f"{path}.text", params={"task": Msg(task.label), "min": rules.task_min_chars}))  # fmt: skip
    rows = list(content.get("milestones") or [])
    for i, _text in enumerate(milestones):
        row = rows[i] if i < len(rows) and isinstance(rows[i], Mapping) else {}
        if row.get("status") not in Progress._value2member_map_:
            problems.append(Problem("milestone_status_missing", gettext_noop("第%(n)d个年度节点未选择完成情况"),
                                    f"milestones[{i}].status", params={"n": i + 1}))  # fmt: skip
    problems += _target_problems(content.get("targets") or {}, targets)
    funds = content.get("funds") or {}
    if not any(_number(funds.get(s.value)) is not None for s in FundSource):
        problems.append(
            Problem("funds_missing", gettext_noop("请填写至少一项资金投入（无投入填0）"), "funds")
        )
    for s in FundSource:
        value = _number(funds.get(s.value))
        if value is not None and not 0 <= value <= FUND_MAX:
            problems.append(Problem("fund_out_of_range", gettext_noop("「%(source)s」须为0至10亿万元之间的数"),
                                    f"funds.{s.value}", params={"source": Msg(FUND_LABELS[s])}))  # fmt: skip
    for i, policy in enumerate(content.get("policies") or []):
        if not str((policy or {}).get("title") or "").strip():
            problems.append(Problem("policy_title_missing", gettext_noop("第%(n)d项政策缺少名称"),
                                    f"policies[{i}].title", params={"n": i + 1}))  # fmt: skip
    for name, minimum, message in (
        ("problems", rules.problems_min_chars, gettext_noop("「存在问题」不少于%(min)d字")),
        ("next_steps", rules.next_steps_min_chars, gettext_noop("「下一步工作」不少于%(min)d字")),
    ):
        if _len(content.get(name)) < minimum:
            problems.append(Problem(f"{name}_short", message, name, params={"min": minimum}))
    if attachments == 0:
        problems.append(warning("no_attachments", gettext_noop("未上传附件（佐证材料）"), "attachments"))
    return problems


def _target_problems(given: Mapping, targets: Sequence[TargetRow]) -> list[Problem]:
    problems = []
    for row in targets:
        entry = given.get(row.code) or {}
        actual, reason = _number(entry.get("actual")), str(entry.get("reason") or "").strip()
        path, params = f"targets.{row.code}", {"name": row.name or row.code}
        if actual is None and row.monitoring is None and not reason:
            problems.append(Problem("target_actual_missing", gettext_noop("指标「%(name)s」缺少实际值（无法填写时请说明原因）"),
                                    f"{path}.actual", params=params))  # fmt: skip
        elif (
            actual is not None
            and row.monitoring is not None
            and not _same(actual, row.monitoring)
            and not reason
        ):
            problems.append(Problem("target_differs_without_reason",
                                    gettext_noop("指标「%(name)s」的实际值与监测数据（%(monitoring)s）不一致，须说明理由"),
                                    f"{path}.reason", params={**params, "monitoring": f"{row.monitoring:g}"}))  # fmt: skip
    return problems


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def actual_value(entry: Mapping | None, monitoring: float | None) -> tuple[float | None, str]:
    """(the value the report states, its source): the county's own value when given, else monitoring."""
    own = _number((entry or {}).get("actual"))
    if own is not None and (monitoring is None or not _same(own, monitoring)):
        return own, "county"
    if monitoring is not None:
        return monitoring, "monitoring"
    return own, "county" if own is not None else ""


def prefilled(content: Mapping, targets: Sequence[TargetRow]) -> dict:
    """The content with every target's actual value prefilled from the monitoring data where empty."""
    out = dict(content)
    given = dict(out.get("targets") or {})
    for row in targets:
        entry = dict(given.get(row.code) or {})
        if _number(entry.get("actual")) is None and row.monitoring is not None and not entry.get("reason"):
            entry["actual"] = row.monitoring
        given[row.code] = entry
    out["targets"] = given
    return out
