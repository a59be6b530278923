"""Regional balance for the data-evaluation view: counts per belt, theme and province.

The guideline asks for 统筹东中西部区域布局; the data-evaluation view shows how the candidates and the
ones marked for expert consultation spread over the belts (东/中/西), the themes and the provinces.
The belt of a province is data (:data:`THREE_BELTS`, programme.md §9); pass another mapping for the
four-region split.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .plans import Theme
from .problems import gettext_noop


class Belt(StrEnum):
    EAST = "east"
    CENTRAL = "central"
    WEST = "west"

    @property
    def label(self) -> str:
        return {"east": gettext_noop("东部"), "central": gettext_noop("中部"), "west": gettext_noop("西部")}[
            self.value
        ]


_E, _C, _W = Belt.EAST, Belt.CENTRAL, Belt.WEST
# MOST's three-belt split for this programme, keyed by the 2-digit province code (programme.md §9).
THREE_BELTS: Mapping[str, Belt] = {
    "11": _E, "12": _E, "13": _E, "14": _C, "15": _W, "21": _E, "22": _C, "23": _C, "31": _E, "32": _E,
    "33": _E, "34": _C, "35": _E, "36": _C, "37": _E, "41": _C, "42": _C, "43": _C, "44": _E, "45": _W,
    "46": _E, "50": _W, "51": _W, "52": _W, "53": _W, "54": _W, "61": _W, "62": _W, "63": _W, "64": _W,
    "65": _W,
}  # fmt: skip


def belt_of(province_code: str, belts: Mapping[str, Belt] = THREE_BELTS) -> Belt:
    """The belt of a province (or of a county: only the first two digits of the code are used)."""
    return belts[province_code[:2]]


@dataclass(frozen=True)
class BalanceEntry:
    """One application as the balance view needs it."""

    province_code: str
    theme: Theme | str | None
    selected: bool = False  # marked for expert consultation


@dataclass(frozen=True)
class Tally:
    candidates: int
    selected: int

    @property
    def selected_share(self) -> float:
        """Share of this group's candidates that were selected (0 when there are none)."""
        return self.selected / self.candidates if self.candidates else 0.0


@dataclass(frozen=True)
class RegionalBalance:
    total: Tally
    by_belt: Mapping[str, Tally]
    by_theme: Mapping[str, Tally]
    by_province: Mapping[str, Tally]
    by_belt_and_theme: Mapping[tuple[str, str], Tally]

    def share_of_selected(self, belt: str) -> float:
        """The belt's share of all selected applications (the figure a balance chart shows)."""
        return self.by_belt[belt].selected / self.total.selected if self.total.selected else 0.0


NO_THEME = "none"


def regional_balance(
    entries: Iterable[BalanceEntry], belts: Mapping[str, Belt] = THREE_BELTS
) -> RegionalBalance:
    """Counts of candidates and selected ones per belt, theme, province and belt × theme.

    Every belt and theme appears, with zeros where there is nothing, so the view shows the gaps.
    """
    entries = list(entries)
    keys = [
        (str(belt_of(e.province_code, belts)), str(e.theme) if e.theme else NO_THEME, e.province_code[:2])
        for e in entries
    ]
    belt_names = [str(b) for b in dict.fromkeys(belts.values())]
    theme_names = [str(t) for t in Theme]
    if any(theme == NO_THEME for _, theme, _ in keys):
        theme_names.append(NO_THEME)

    def tallies(key_of, names: Iterable) -> dict:
        candidates: Counter = Counter()
        selected: Counter = Counter()
        for entry, key in zip(entries, keys, strict=True):
            candidates[key_of(key)] += 1
            selected[key_of(key)] += entry.selected
        names = list(names) + sorted(set(candidates) - set(names))
        return {name: Tally(candidates[name], selected[name]) for name in names}

    return RegionalBalance(
        total=Tally(len(entries), sum(e.selected for e in entries)),
        by_belt=tallies(lambda k: k[0], belt_names),
        by_theme=tallies(lambda k: k[1], theme_names),
        by_province=tallies(lambda k: k[2], []),
        by_belt_and_theme=tallies(lambda k: (k[0], k[1]), [(b, t) for b in belt_names for t in theme_names]),
    )
