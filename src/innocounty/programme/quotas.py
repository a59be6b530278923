"""A province's recommendation list for one batch: ordered priorities 1..n within its quota.

:class:`PriorityList` is immutable: every change returns a new list, and the priorities are always
1..n without gaps, so an adapter can store ``priority_of(application_id)`` after any change.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from .problems import Problem, gettext_noop


class QuotaError(ValueError):
    """A change to a recommendation list that the rules forbid; ``problem`` says why, in Chinese."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.text)


def quota_exceeded(quota: int) -> Problem:
    return Problem(
        "quota_exceeded",
        gettext_noop("推荐数量已达本省名额上限（%(quota)d个）"),
        "priority",
        params={"quota": quota},
    )


@dataclass(frozen=True)
class PriorityList:
    """Application ids in priority order: the first is priority 1."""

    quota: int
    order: tuple[Hashable, ...] = ()

    def __post_init__(self) -> None:
        if self.quota < 0:
            raise ValueError("名额不能为负数")
        if len(set(self.order)) != len(self.order):
            raise ValueError("推荐名单中有重复的申报")
        if len(self.order) > self.quota:
            raise QuotaError(quota_exceeded(self.quota))

    @classmethod
    def from_priorities(cls, quota: int, priorities: Mapping[Hashable, int]) -> PriorityList:
        """Build from stored priorities, closing any gaps (ties keep their insertion order)."""
        ordered = sorted(priorities.items(), key=lambda item: item[1])
        return cls(quota, tuple(app_id for app_id, _ in ordered))

    def __len__(self) -> int:
        return len(self.order)

    def __contains__(self, app_id: object) -> bool:
        return app_id in self.order

    @property
    def remaining(self) -> int:
        return self.quota - len(self.order)

    @property
    def is_full(self) -> bool:
        return self.remaining <= 0

    def priority_of(self, app_id: Hashable) -> int:
        return self.order.index(app_id) + 1

    def priorities(self) -> dict[Hashable, int]:
        return {app_id: i + 1 for i, app_id in enumerate(self.order)}

    def add(self, app_id: Hashable, priority: int | None = None) -> PriorityList:
        """Insert at ``priority`` (1-based; default: last), shifting those below down by one."""
        if app_id in self.order:
            raise QuotaError(Problem("already_recommended", gettext_noop("该申报已在推荐名单中"), "priority"))
        if self.is_full:
            raise QuotaError(quota_exceeded(self.quota))
        position = self._position(priority, len(self.order) + 1)
        return PriorityList(self.quota, self.order[:position] + (app_id,) + self.order[position:])

    def remove(self, app_id: Hashable) -> PriorityList:
        """Take an application off the list; those below move up, so no gap remains."""
        return PriorityList(self.quota, tuple(a for a in self.order if a != app_id))

    def move(self, app_id: Hashable, priority: int) -> PriorityList:
        """Give ``app_id`` the new priority; the others keep their relative order."""
        rest = tuple(a for a in self.order if a != app_id)
        if len(rest) == len(self.order):
            raise QuotaError(Problem("not_recommended", gettext_noop("该申报不在推荐名单中"), "priority"))
        position = self._position(priority, len(self.order))
        return PriorityList(self.quota, rest[:position] + (app_id,) + rest[position:])

    def reorder(self, new_order: Iterable[Hashable]) -> PriorityList:
        """Replace the order wholesale (drag and drop); it must hold exactly the same applications."""
        new_order = tuple(new_order)
        if len(new_order) != len(self.order) or set(new_order) != set(self.order):
            raise QuotaError(
                Problem(
                    "reorder_mismatch", gettext_noop("新的排序须包含且仅包含原推荐名单中的申报"), "priority"
                )
            )
        return PriorityList(self.quota, new_order)

    @staticmethod
    def _position(priority: int | None, highest: int) -> int:
        if priority is None:
            return highest - 1
        if not 1 <= priority <= highest:
            raise QuotaError(
                Problem(
                    "priority_out_of_range",
                    gettext_noop("推荐顺序须在1至%(high)d之间（收到%(got)s）"),
                    "priority",
                    params={"high": highest, "got": str(priority)[:20]},
                )
            )
        return priority - 1


def priority_problems(priorities: Iterable[int], quota: int | None) -> list[Problem]:
    """What is wrong with stored priorities: over quota, not exactly 1..n (gaps or duplicates)."""
    values = sorted(priorities)
    problems = []
    if quota is not None and len(values) > quota:
        problems.append(
            Problem(
                "quota_exceeded",
                gettext_noop("推荐数量（%(n)d个）超过本省名额（%(quota)d个）"),
                "priorities",
                params={"n": len(values), "quota": quota},
            )
        )
    if values != list(range(1, len(values) + 1)):
        problems.append(
            Problem(
                "priorities_not_contiguous",
                gettext_noop("推荐顺序须为从1开始的连续编号，不能重复或空缺"),
                "priorities",
            )
        )
    return problems
