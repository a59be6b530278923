"""The annual progress report (年度建设进展报告) on the machine, its deadline and its reminders.

Route (guideline §四(四): "每年3月底前，县（市）政府将经所在省级科技管理部门审核后的上一年度建设进展报告报送科技部"):
the county drafts and submits → the province reviews: passes it (it goes on to the ministry) or returns
it with a reason per section → the ministry receives it, or returns it (to the county, which submits
again through the province). The ministry sees only reports the province has passed (``MINISTRY_SEES``).

Deadline: 31 March of the year after the report year unless the batch sets another date for that year
(:func:`report_due`). A report is *late* when it is first submitted after its due date (China date), and
*overdue* while it is not submitted and the due date has passed.

Reminders (:func:`reminder_occasion`): 30, 7 and 1 days before the due date and every 7 days once it is
overdue (the first the day after the due date), while the report waits for the county (draft or returned).
Only the latest occasion that has come is due: a platform that was down does not send three weeks of
reminders at once; each occasion has its own key, so none goes twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .context import Role
from .deadlines import annual_report_due
from .machine import Input, Relation, Transition, Workflow, by, check
from .problems import Msg, Problem, errors_in, gettext_noop, pgettext
from .report_form import SECTION_TITLES, ReportSection


class ReportState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # with the province
    RETURNED_BY_PROVINCE = "returned_by_province"
    PASSED = "passed"  # the province passed it: with the ministry
    RECEIVED = "received"
    RETURNED_BY_MINISTRY = "returned_by_ministry"


R = ReportState
STATE_LABELS = {
    R.DRAFT: gettext_noop("填报中"),
    R.SUBMITTED: gettext_noop("待省级审核"),
    R.RETURNED_BY_PROVINCE: gettext_noop("省级退回修改"),
    R.PASSED: gettext_noop("省级审核通过，已报送科技部"),
    R.RECEIVED: gettext_noop("科技部已接收"),
    R.RETURNED_BY_MINISTRY: gettext_noop("科技部退回修改"),
}
COUNTY_EDITS_ORDER = (R.DRAFT, R.RETURNED_BY_PROVINCE, R.RETURNED_BY_MINISTRY)
COUNTY_EDITS = frozenset(COUNTY_EDITS_ORDER)
MINISTRY_SEES = frozenset({R.PASSED, R.RECEIVED, R.RETURNED_BY_MINISTRY})
SUBMITTED_STATES = frozenset({R.SUBMITTED, R.PASSED, R.RECEIVED})

COUNTY = by(Role.COUNTY_OFFICER, Relation.COUNTY)
PROVINCE = by(Role.PROVINCIAL_OFFICER, Relation.PROVINCE)
MINISTRY = by(Role.MINISTRY_OFFICER, Relation.NATION)
SYSTEM = by(Role.SYSTEM, Relation.NATION)

# One optional reason per section (the form asks for each), besides the return's overall reason (required).
SECTION_INPUTS = tuple(
    Input(f"reason_{s.value}", SECTION_TITLES[s], max_length=2000, prompted=True) for s in ReportSection
)
GENERAL_REASON = Input("reason", gettext_noop("总体意见"), max_length=2000)
REQUIRED_REASON = Input("reason", gettext_noop("退回理由"), required=True, max_length=2000)


def section_reasons(inputs) -> dict[str, str]:
    """Section value → the reason given for it (only the sections with a reason)."""
    out = {}
    for s in ReportSection:
        text = inputs.get(f"reason_{s.value}")
        if isinstance(text, str) and text.strip():
            out[s.value] = text.strip()
    return out


def _fact(ctx, name, default=None):
    return (ctx.facts or {}).get(name, default)


@check("报告各部分填写完整")
def report_complete(ctx) -> list[Problem]:
    found = errors_in(_fact(ctx, "form_problems", ()))
    if not found:
        return []
    return [Problem("report_incomplete", gettext_noop("报告尚不完整（%(count)d处）"), params={"count": len(found)},
                    details=tuple(found))]  # fmt: skip


@check("报告年度已结束")
def year_over(ctx) -> list[Problem]:
    year = _fact(ctx, "year")
    if year is None or ctx.today.year > year:
        return []
    return [
        Problem(
            "year_not_over", gettext_noop("%(year)s年度尚未结束，年度报告须在次年报送"), params={"year": year}
        )
    ]


ANNUAL_REPORT = Workflow(
    kind="annual_report",
    label=gettext_noop("年度建设进展报告"),
    states=ReportState,
    state_labels=STATE_LABELS,
    transitions=(
        Transition("open", pgettext("programme action", "建立年度报告"), (None,), R.DRAFT, SYSTEM + COUNTY),
        Transition("submit", pgettext("programme action", "提交省级审核"), COUNTY_EDITS_ORDER, R.SUBMITTED, COUNTY,
                   guards=(year_over, report_complete), effects=("stamp_submitted",), notify=(Role.PROVINCIAL_OFFICER,),
                   consequence=gettext_noop("报告将提交%(province)s科技管理部门审核；审核期间不能修改，除非被退回。%(late)s"),
                   consequence_params=lambda ctx: {"province": _fact(ctx, "province_name", ""),
                                                   "late": Msg(gettext_noop("已超过报送期限，将标记为逾期报送。"))
                                                   if _fact(ctx, "overdue") else ""}),
        Transition("pass", pgettext("programme action", "审核通过"), (R.SUBMITTED,), R.PASSED, PROVINCE,
                   inputs=(GENERAL_REASON,), effects=("stamp_passed",),
                   notify=(Role.COUNTY_OFFICER, Role.MINISTRY_OFFICER),
                   consequence=gettext_noop("审核通过后报告报送科技部，县（市）不能再修改，除非科技部退回。")),
        Transition("return", pgettext("programme action", "退回修改"), (R.SUBMITTED,), R.RETURNED_BY_PROVINCE, PROVINCE,
                   inputs=(REQUIRED_REASON, *SECTION_INPUTS), effects=("record_return",),
                   notify=(Role.COUNTY_OFFICER,)),
        Transition("receive", pgettext("programme action", "接收"), (R.PASSED,), R.RECEIVED, MINISTRY,
                   inputs=(GENERAL_REASON,), effects=("stamp_received",),
                   notify=(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER)),
        Transition("ministry_return", pgettext("programme action", "科技部退回"), (R.PASSED, R.RECEIVED),
                   R.RETURNED_BY_MINISTRY, MINISTRY, inputs=(REQUIRED_REASON, *SECTION_INPUTS), effects=("record_return",),
                   notify=(Role.COUNTY_OFFICER, Role.PROVINCIAL_OFFICER),
                   consequence=gettext_noop("报告退回县（市）修改，修改后须重新经省级审核报送。")),
    ),
    initial=None,
    description=gettext_noop("批准建设的县（市）每个建设年度的进展报告：县（市）报送，省级审核，科技部接收"),
)  # fmt: skip


# --- deadlines and reminders ------------------------------------------------------------------------------
def report_due(year: int, override: date | None = None) -> date:
    """The due date of the report on ``year``: the batch's date for that year, else 31 March next year."""
    return override if override is not None else annual_report_due(year)


def is_late(due: date, first_submitted: date | None, today: date) -> bool:
    """Late: first submitted after the due date, or not submitted and the due date has passed."""
    if first_submitted is not None:
        return first_submitted > due
    return today > due


BEFORE_DAYS = (30, 7, 1)
OVERDUE_EVERY_DAYS = 7


@dataclass(frozen=True)
class Occasion:
    """One reminder occasion: ``key`` (``before-30``, ``overdue-week-2``), whether the report is overdue,
    and the days left (negative: days overdue)."""

    key: str
    overdue: bool
    days_left: int


def reminder_occasion(due: date, today: date) -> Occasion | None:
    """The latest reminder occasion that has come by ``today`` for a report still waiting for the county."""
    left = (due - today).days
    if left < 0:
        week = (-left - 1) // OVERDUE_EVERY_DAYS + 1  # due+1 … due+7: week 1; due+8 …: week 2
        return Occasion(f"overdue-week-{week}", True, left)
    for days in sorted(BEFORE_DAYS):  # the nearest occasion first: 1, 7, 30
        if left <= days:
            return Occasion(f"before-{days}", False, left)
    return None


def occasion_dates(due: date, until: date) -> list[tuple[date, str]]:
    """Every occasion's first day up to ``until`` (for the docs and the tests)."""
    out = [(due - timedelta(days=d), f"before-{d}") for d in sorted(BEFORE_DAYS, reverse=True)]
    day, week = due + timedelta(days=1), 1
    while day <= until:
        out.append((day, f"overdue-week-{week}"))
        day, week = day + timedelta(days=OVERDUE_EVERY_DAYS), week + 1
    return [(d, k) for d, k in out if d <= until]
