"""The batch's own lifecycle (筹备中 → 进行中 → 已截止 → 已归档) as a workflow of the machine: :data:`BATCH`.

The ministry opens a prepared batch (the call is published), closes it (only the ministry's screening
continues) and archives it (read only). The context is a :class:`~innocounty.programme.machine.SubjectContext`
whose ``facts`` is the :class:`BatchDraft` the adapter builds from what it has stored; opening lists every
gap of the set-up at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .context import BatchStatus, Role
from .machine import Relation, Transition, Workflow, by, check
from .plans import Theme
from .problems import Problem, gettext_noop, pgettext
from .stages import validate_stage_sequence


@dataclass(frozen=True)
class BatchDraft:
    """What opening a batch needs to know about it."""

    status: BatchStatus
    stages: Sequence[str]
    themes: Sequence[str]
    application_opens: date | None
    application_closes: date | None
    recommendation_closes: date | None = None
    quotas: Mapping[str, int] = field(default_factory=dict)
    construction_years: Sequence[int] = ()


def batch_setup_problems(batch: BatchDraft) -> list[Problem]:
    """Everything that keeps a batch from being opened (also shown on its page while it is prepared)."""
    problems = list(validate_stage_sequence(batch.stages))
    known_themes = {t.value for t in Theme}
    if not batch.themes:
        problems.append(Problem("no_theme", gettext_noop("至少开放一个建设主题"), "themes"))
    for theme in batch.themes:
        if theme not in known_themes:
            problems.append(Problem("unknown_theme", gettext_noop("未知的建设主题：%(theme)s"), "themes",
                                    params={"theme": theme}))  # fmt: skip
    opens, closes = batch.application_opens, batch.application_closes
    if opens is None or closes is None:
        problems.append(
            Problem("window_missing", gettext_noop("未设定申报窗口（开始与截止日期）"), "application_window")
        )
    elif closes < opens:
        problems.append(
            Problem("window_inverted", gettext_noop("申报截止日期早于开始日期"), "application_window")
        )
    elif batch.recommendation_closes is not None and batch.recommendation_closes < closes:
        problems.append(
            Problem(
                "recommendation_before_window",
                gettext_noop("省级推荐截止日期早于申报截止日期"),
                "recommendation_closes",
            )
        )
    if not any(q > 0 for q in batch.quotas.values()):
        problems.append(Problem("no_quota", gettext_noop("至少给一个省分配推荐名额"), "quotas"))
    if any(q < 0 for q in batch.quotas.values()):
        problems.append(Problem("negative_quota", gettext_noop("推荐名额不能为负数"), "quotas"))
    if not batch.construction_years:
        problems.append(Problem("no_construction_years", gettext_noop("未设定建设期"), "construction_years"))
    return problems


@check("批次设置完整（阶段、主题、申报窗口、名额、建设期）")
def batch_set_up(ctx) -> list[Problem]:
    return batch_setup_problems(ctx.facts)


MINISTRY = by(Role.MINISTRY_OFFICER, Relation.NATION)
# fmt: off
BATCH_TRANSITIONS: tuple[Transition, ...] = (
    Transition("open", pgettext("programme action", "开放申报"), (BatchStatus.DRAFT,), BatchStatus.OPEN, MINISTRY,
               guards=(batch_set_up,), notify=(Role.PROVINCIAL_OFFICER,),
               consequence=gettext_noop("批次开放后，有名额的省级科技管理部门将收到通知，县（市）可在申报窗口内创建和提交申报；阶段和主题不能再改。")),
    Transition("close", pgettext("programme action", "截止"), (BatchStatus.OPEN,), BatchStatus.CLOSED, MINISTRY,
               notify=(Role.PROVINCIAL_OFFICER,),
               consequence=gettext_noop("截止后县（市）和省级不能再办理本批次事项，只有科技部的审查继续。")),
    Transition("archive", pgettext("programme action", "归档"), (BatchStatus.CLOSED,), BatchStatus.ARCHIVED, MINISTRY,
               consequence=gettext_noop("归档后本批次全部只读，不能再办理任何事项。")),
)
# fmt: on
BATCH = Workflow(
    kind="batch",
    label=gettext_noop("申报批次"),
    states=BatchStatus,
    state_labels={s: s.label for s in BatchStatus},
    transitions=BATCH_TRANSITIONS,
    initial=BatchStatus.DRAFT,
    description=gettext_noop("科技部组织的一个申报批次"),
)
