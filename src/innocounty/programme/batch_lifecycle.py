"""The batch's own lifecycle (筹备中 → 进行中 → 已截止 → 已归档), declared as a small table.

The ministry opens a prepared batch (the call is published), closes it (only the ministry's screening
continues) and archives it (read only). :func:`check_batch_transition` lists every reason a move is
refused, like the application workflow does; the Django adapter supplies a :class:`BatchDraft` with
what it has stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .context import BatchStatus
from .plans import Theme
from .problems import Decision, Problem
from .stages import validate_stage_sequence


@dataclass(frozen=True)
class BatchTransition:
    name: str
    label: str
    from_status: BatchStatus
    to_status: BatchStatus


BATCH_TRANSITIONS: tuple[BatchTransition, ...] = (
    BatchTransition("open", "开放申报", BatchStatus.DRAFT, BatchStatus.OPEN),
    BatchTransition("close", "截止", BatchStatus.OPEN, BatchStatus.CLOSED),
    BatchTransition("archive", "归档", BatchStatus.CLOSED, BatchStatus.ARCHIVED),
)
BATCH_WORKFLOW: Mapping[str, BatchTransition] = {t.name: t for t in BATCH_TRANSITIONS}


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
        problems.append(Problem("no_theme", "至少开放一个建设主题", "themes"))
    for theme in batch.themes:
        if theme not in known_themes:
            problems.append(Problem("unknown_theme", f"未知的建设主题：{theme}", "themes"))
    opens, closes = batch.application_opens, batch.application_closes
    if opens is None or closes is None:
        problems.append(Problem("window_missing", "未设定申报窗口（开始与截止日期）", "application_window"))
    elif closes < opens:
        problems.append(Problem("window_inverted", "申报截止日期早于开始日期", "application_window"))
    elif batch.recommendation_closes is not None and batch.recommendation_closes < closes:
        problems.append(
            Problem("recommendation_before_window", "省级推荐截止日期早于申报截止日期", "recommendation_closes")
        )
    if not any(q > 0 for q in batch.quotas.values()):
        problems.append(Problem("no_quota", "至少给一个省分配推荐名额", "quotas"))
    if any(q < 0 for q in batch.quotas.values()):
        problems.append(Problem("negative_quota", "推荐名额不能为负数", "quotas"))
    if not batch.construction_years:
        problems.append(Problem("no_construction_years", "未设定建设期", "construction_years"))
    return problems


def check_batch_transition(name: str, batch: BatchDraft) -> Decision:
    """May the batch make this move now? Opening also needs a complete set-up."""
    t = BATCH_WORKFLOW.get(name)
    if t is None:
        return Decision(False, (Problem("unknown_transition", f"未知的操作：{name}"),))
    if batch.status is not t.from_status:
        return Decision(
            False,
            (
                Problem(
                    "wrong_status",
                    f"批次当前为「{batch.status.label}」，不能「{t.label}」（须为「{t.from_status.label}」）",
                ),
            ),
        )
    if name == "open":
        return Decision.from_problems(batch_setup_problems(batch))
    return Decision(True)
