"""Rules of the approval list (批准建设名单) that need no database.

- :func:`score_order`: the order the ministry drafts from — consultation score (trimmed mean, highest
  first), then the field inspection's conclusion (推荐 before 有条件推荐 before 不推荐 before none), then
  the data evaluation's national rank (best first), then the county code (a stable tie-break);
- :func:`proposed_decisions`: approve the first ``places`` in that order, except a county whose inspection
  concluded 不推荐 (the draft the ministry starts from);
- :func:`departures`: every decision that departs from the score order — an application approved while
  one before it is not, or not approved while one after it is; :func:`inversions` the pairs (passed over,
  approved instead). Each pair needs a reason on one of its two decisions before the notice;
- :func:`list_balance` / :func:`plan_gaps`: the counts per belt, province and theme of the approved ones
  against the candidates and the batch's plan (planned counts per belt or theme);
- :func:`notice_period`: the notice period, both ends included (2018: 11-22 + 7 days → 11-28);
- :func:`document_number_problems`: 国科发农〔2023〕76号 — issuing-office code, year in 〔〕, number, 号.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from .balance import BalanceEntry, Belt, RegionalBalance, belt_of, regional_balance
from .problems import Problem, gettext_noop

DEFAULT_NOTICE_DAYS = 7
NOTICE_DAYS_MAX = 30


class ListDecision(StrEnum):
    APPROVE = "approve"
    NOT_APPROVE = "not_approve"
    HOLD = "hold"

    @property
    def label(self) -> str:
        return {"approve": gettext_noop("批准建设"), "not_approve": gettext_noop("不予批准"),
                "hold": gettext_noop("暂缓")}[self.value]  # fmt: skip


class InspectionConclusion(StrEnum):
    RECOMMEND = "recommend"
    CONDITIONAL = "conditional"
    NOT_RECOMMEND = "not_recommend"

    @property
    def label(self) -> str:
        return {"recommend": gettext_noop("建议批准"), "conditional": gettext_noop("修改完善后批准"),
                "not_recommend": gettext_noop("不建议批准")}[self.value]  # fmt: skip


_INSPECTION_RANK = {InspectionConclusion.RECOMMEND: 0, InspectionConclusion.CONDITIONAL: 1,
                    InspectionConclusion.NOT_RECOMMEND: 2, None: 3}  # fmt: skip


@dataclass(frozen=True)
class ListCandidate:
    """One application the list is drawn from, with what the ministry weighs."""

    application_id: int
    county_code: str
    theme: str | None = None
    score: float | None = None  # consultation: the panel's trimmed mean (None: no scores yet)
    inspection: InspectionConclusion | None = None
    evaluation_rank: int | None = None  # data evaluation: national rank (1 = best)

    @property
    def province_code(self) -> str:
        return self.county_code[:2]


def order_key(c: ListCandidate) -> tuple:
    return (c.score is None, -(c.score or 0.0), _INSPECTION_RANK[c.inspection],
            c.evaluation_rank is None, c.evaluation_rank or 0, c.county_code, c.application_id)  # fmt: skip


def score_order(candidates: Iterable[ListCandidate]) -> list[ListCandidate]:
    """The candidates in score order (see the module); a permutation of the input."""
    return sorted(candidates, key=order_key)


def proposed_decisions(candidates: Iterable[ListCandidate], places: int | None = None) -> dict[int, ListDecision]:
    """The first ``places`` (all when None) in score order are approved, except those an inspection did not
    recommend; the others are not approved."""
    out: dict[int, ListDecision] = {}
    taken = 0
    for c in score_order(candidates):
        if (places is None or taken < places) and c.inspection is not InspectionConclusion.NOT_RECOMMEND:
            out[c.application_id] = ListDecision.APPROVE
            taken += 1
        else:
            out[c.application_id] = ListDecision.NOT_APPROVE
    return out


def departures(candidates: Iterable[ListCandidate], decisions: Mapping[int, ListDecision]) -> frozenset[int]:
    """The applications whose decision departs from the score order (undecided ones are left out)."""
    order = [c.application_id for c in score_order(candidates) if c.application_id in decisions]
    approved = [decisions[a] is ListDecision.APPROVE for a in order]
    out = set()
    for i, a in enumerate(order):
        if approved[i] and not all(approved[:i]) or not approved[i] and any(approved[i + 1 :]):
            out.add(a)
    return frozenset(out)


def inversions(candidates: Iterable[ListCandidate], decisions: Mapping[int, ListDecision]) -> list[tuple[int, int]]:
    """Pairs (passed over, approved instead): the first comes before the second in score order, is not
    approved, and the second is."""
    order = [c.application_id for c in score_order(candidates) if c.application_id in decisions]
    out = []
    for i, a in enumerate(order):
        if decisions[a] is ListDecision.APPROVE:
            continue
        out.extend((a, b) for b in order[i + 1 :] if decisions[b] is ListDecision.APPROVE)
    return out


def departure_problems(candidates: Sequence[ListCandidate], decisions: Mapping[int, ListDecision],
                       reasons: Mapping[int, str], names: Mapping[int, str] | None = None) -> list[Problem]:  # fmt: skip
    """Each inversion needs a reason on one of its two decisions (one reason on a county passed over covers
    every county approved after it); one problem per county passed over without a covering reason."""
    names = names or {}

    def reasoned(a: int) -> bool:
        return bool((reasons.get(a) or "").strip())

    missing = sorted({over for over, instead in inversions(candidates, decisions)
                      if not reasoned(over) and not reasoned(instead)})  # fmt: skip
    return [Problem("departure_without_reason", gettext_noop("%(county)s的决定与评分排序不一致，须说明理由"),
                    str(a), params={"county": names.get(a, str(a))}) for a in missing]  # fmt: skip


def list_balance(candidates: Iterable[ListCandidate], decisions: Mapping[int, ListDecision],
                 belts: Mapping[str, Belt] | None = None) -> RegionalBalance:  # fmt: skip
    """Candidates and approved ones per belt, theme and province (``selected`` = approved)."""
    entries = [BalanceEntry(c.county_code[:2], c.theme or None,
                            decisions.get(c.application_id) is ListDecision.APPROVE) for c in candidates]  # fmt: skip
    return regional_balance(entries) if belts is None else regional_balance(entries, belts)


@dataclass(frozen=True)
class PlanGap:
    group: str  # "belt:east", "theme:industry", "total"
    planned: int
    approved: int

    @property
    def difference(self) -> int:
        return self.approved - self.planned


def plan_gaps(balance: RegionalBalance, plan: Mapping[str, int]) -> list[PlanGap]:
    """Planned counts ("total", "belt:<belt>", "theme:<theme>") beside the approved ones."""
    out = []
    for key, planned in plan.items():
        if key == "total":
            approved = balance.total.selected
        elif key.startswith("belt:"):
            approved = balance.by_belt.get(key[5:]).selected if key[5:] in balance.by_belt else 0
        elif key.startswith("theme:"):
            approved = balance.by_theme.get(key[6:]).selected if key[6:] in balance.by_theme else 0
        else:
            continue
        out.append(PlanGap(key, int(planned), approved))
    return out


def belt_key(county_code: str) -> str:
    return str(belt_of(county_code))


@dataclass(frozen=True)
class NoticePeriod:
    """The public notice period (公示期): both ends included."""

    starts: date
    ends: date

    def open_on(self, day: date) -> bool:
        return self.starts <= day <= self.ends

    def over_on(self, day: date) -> bool:
        """The day after the last day of the period or later: the list may be finalised."""
        return day > self.ends

    @property
    def days(self) -> int:
        return (self.ends - self.starts).days + 1


def notice_period(starts: date, days: int = DEFAULT_NOTICE_DAYS) -> NoticePeriod:
    if not 1 <= days <= NOTICE_DAYS_MAX:
        raise ValueError(f"notice period of {days} days")
    return NoticePeriod(starts, starts + timedelta(days=days - 1))


DOCUMENT_NUMBER = re.compile(r"^(?P<office>[\u4e00-\u9fff]{2,12})〔(?P<year>(?:19|20)\d{2})〕(?P<number>[1-9]\d{0,3})号$")


@dataclass(frozen=True)
class DocumentNumber:
    office: str
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.office}〔{self.year}〕{self.number}号"


def parse_document_number(text: str) -> DocumentNumber | None:
    found = DOCUMENT_NUMBER.match((text or "").strip())
    if not found:
        return None
    return DocumentNumber(found["office"], int(found["year"]), int(found["number"]))


def document_number_problems(text: str, issued: date | None = None) -> list[Problem]:
    """The number in the official form (国科发农〔2023〕76号), its year the year of issue."""
    parsed = parse_document_number(text)
    if parsed is None:
        return [Problem("document_number_invalid",
                        gettext_noop("发文字号格式不正确：应为“机关代字〔年份〕序号号”，如 国科发农〔2023〕76号"),
                        "document_number")]  # fmt: skip
    if issued is not None and parsed.year != issued.year:
        return [Problem("document_number_year", gettext_noop("发文字号的年份（%(year)d）与成文日期（%(date)s）不一致"),
                        "document_number", params={"year": parsed.year, "date": issued.isoformat()})]  # fmt: skip
    return []


@dataclass(frozen=True)
class ListFacts:
    """What the approval list's guards read (the adapter builds it from the database)."""

    candidates: tuple[ListCandidate, ...] = ()
    decisions: Mapping[int, ListDecision] = field(default_factory=dict)
    reasons: Mapping[int, str] = field(default_factory=dict)
    names: Mapping[int, str] = field(default_factory=dict)
    inspection_required: bool = False  # the batch has the field inspection stage
    inspected: frozenset[int] = frozenset()  # applications with a completed inspection
    notice: NoticePeriod | None = None
    open_objections: int = 0
    batch: object = None  # the batch's snapshot (for stage preconditions)
