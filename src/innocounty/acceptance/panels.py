"""Programme dashboard panels (``innocounty.common.panels``): annual reports due, late and returned;
acceptance outcomes; the figure ``built_by_2025`` (counties that passed acceptance on a list published by
the end of 2025) for the overview's target row.

Who sees what: the reports panel is the ministry's and the auditors' (report states are not published);
acceptance outcomes are public once a batch's decision list is published, the ministry sees every batch.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from innocounty.acceptance.models import Acceptance, AcceptanceList
from innocounty.accounts.permissions import has_nation_wide_role
from innocounty.common import clock
from innocounty.common.panels import Panel, register_figure, register_panel
from innocounty.construction.models import AnnualReport, due_date
from innocounty.programme.acceptance import AcceptanceState, ListState
from innocounty.programme.annual_reports import ReportState

RETURNED = {ReportState.RETURNED_BY_PROVINCE.value, ReportState.RETURNED_BY_MINISTRY.value}
SUBMITTED = {ReportState.SUBMITTED.value, ReportState.PASSED.value, ReportState.RECEIVED.value}


def report_counts(today=None) -> list[list]:
    """Per batch and report year whose due date has come: due, submitted, late, returned (now), received."""
    today = today or clock.today()
    rows: dict[tuple, Counter] = {}
    names = {}
    for r in AnnualReport.objects.select_related("project__batch").order_by("project__batch__year", "year"):
        due = due_date(r.project.batch_id, r.year)
        if due > today:
            continue
        key = (r.project.batch_id, r.year)
        names[key] = r.project.batch.name
        c = rows.setdefault(key, Counter())
        c["due"] += 1
        c["submitted"] += r.state in SUBMITTED
        c["late"] += r.late or (r.first_submitted_at is None)
        c["returned"] += (
            r.state in RETURNED or r.events.filter(transition__in=["return", "ministry_return"]).exists()
        )
        c["received"] += r.state == ReportState.RECEIVED.value
    return [
        [names[k], k[1], c["due"], c["submitted"], c["late"], c["returned"], c["received"]]
        for k, c in rows.items()
    ]


def reports_panel(user) -> Panel | None:
    if not has_nation_wide_role(user):
        return None
    rows = report_counts()
    if not rows:
        return None
    return Panel(_("年度建设进展报告：应报、已报、逾期、退回"),
                 [_("批次"), _("报告年度"), _("应报"), _("已报送"), _("逾期（含未报）"), _("曾被退回"), _("科技部已接收")],
                 rows, note=_("截止日期已到的报告；逾期：首次提交晚于截止日期，或截止后仍未提交。"))  # fmt: skip


S = AcceptanceState


def outcome_counts(published_only: bool) -> list[list]:
    lists = AcceptanceList.objects.select_related("batch").order_by("batch__year")
    if published_only:
        lists = lists.filter(state=ListState.PUBLISHED.value)
    out = []
    for lst in lists:
        states = Counter(
            Acceptance.objects.filter(project__batch_id=lst.batch_id).values_list("state", flat=True)
        )
        decided = sum(states[s.value] for s in (S.PASSED, S.FAILED, S.RECTIFYING))
        out.append([lst.batch.name, sum(states.values()), states[S.PASSED.value], states[S.RECTIFYING.value],
                    states[S.FAILED.value], sum(states.values()) - decided, lst.get_state_display()])  # fmt: skip
    return out


def outcomes_panel(user) -> Panel | None:
    rows = outcome_counts(published_only=not has_nation_wide_role(user))
    if not rows:
        return None
    return Panel(_("评估验收结果"),
                 [_("批次"), _("参加验收"), _("通过"), _("限期整改"), _("不通过"), _("尚无结论"), _("名单")], rows,
                 note=_("通过：含整改核查通过的县（市）。公众只看到已发文公布的批次。"))  # fmt: skip


def built_by_2025() -> int | None:
    published = AcceptanceList.objects.filter(state=ListState.PUBLISHED.value, published_at__year__lte=2025)
    if not published.exists():
        return None
    return Acceptance.objects.filter(
        state=S.PASSED.value, project__batch_id__in=published.values("batch_id")
    ).count()


def register() -> None:
    register_panel("annual_reports", reports_panel, order=60)
    register_panel("acceptance", outcomes_panel, order=70)
    register_figure("built_by_2025", built_by_2025)
