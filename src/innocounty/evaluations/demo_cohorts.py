"""Which counties the demo treats as approved, and when: the one place the demo's batches and the
synthetic monitoring panel take them from (pure: no Django).

* **First batch, approved 2018** (:data:`FIRST_BATCH_YEAR`): the 21 real first-batch counties of
  programme.md §10.1 (:data:`FIRST_BATCH_REAL`) and 31 demo counties, one per entry of
  :data:`FIRST_BATCH_FILLER_PROVINCES`, each the lowest-coded eligible county of that province not yet taken
  — 52 in all, as the real batch. The reviews demo builds its 2018 batch from :func:`first_batch`.
* **Second batch, approved 2023** (:data:`SECOND_BATCH_YEAR`): the real second-batch counties identified in
  programme.md §10.2 (:data:`SECOND_BATCH_REAL`; 武义县 is left out: probably dropped after the 公示) and
  demo counties to make up 92, drawn by :data:`SECOND_BATCH_FILLER_PROVINCES` by the same rule.

The real counties were really approved in those years (a published fact, not an invented result); every
monitoring value of the demo is synthetic (模拟数据) and so is the programme effect planted in it
(:data:`innocounty.evaluations.demo_values.PLANTED_EFFECT`). Demo outcomes of later stages (acceptance
results) must go to the demo counties (``is_real`` false), never to a real county.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FIRST_BATCH_YEAR = 2018
SECOND_BATCH_YEAR = 2023
FIRST_BATCH_SIZE = 52
SECOND_BATCH_SIZE = 92

# programme.md §10.1: code → published theme ("" where not published).
FIRST_BATCH_REAL = {
    "130123": "industry", "131022": "industry", "320583": "", "320281": "", "320582": "", "320581": "",
    "320685": "", "330523": "", "330522": "", "350582": "industry", "350181": "industry", "360881": "",
    "420281": "", "420581": "", "429004": "", "510121": "", "511083": "", "510682": "", "520328": "ecology",
    "522601": "ecology", "640323": "livelihood",
}  # fmt: skip
# Provinces the 31 demo counties come from (one each, Zhejiang two more: it had at least four, §10.1).
FIRST_BATCH_FILLER_PROVINCES = [
    "14", "15", "21", "22", "23", "33", "33", "34", "37", "41", "43", "44", "45", "46", "50", "53", "54", "61", "62",
    "63", "65", "13", "32", "35", "36", "42", "51", "52", "64", "34", "37",
]  # fmt: skip
# programme.md §10.2 (东部 from the notice and the 公示, 中部 from the 公示, 西部 as far as known).
SECOND_BATCH_REAL = {
    "130983": "industry", "130229": "industry", "130435": "industry", "130682": "industry", "210681": "industry",
    "211421": "ecology", "210124": "ecology", "210381": "industry", "320585": "industry", "320682": "industry",
    "320481": "industry", "321181": "industry", "320282": "industry", "321283": "industry", "320981": "ecology",
    "320722": "industry", "321084": "ecology", "330421": "industry", "330521": "industry", "330483": "industry",
    "330381": "industry", "330481": "industry", "331082": "industry", "330921": "ecology", "330281": "industry",
    "350823": "industry", "350782": "ecology", "350121": "industry", "350824": "ecology", "370783": "industry",
    "370481": "industry", "370321": "industry", "370523": "industry", "441881": "industry", "441625": "ecology",
    "469023": "industry", "469028": "livelihood",
    "430121": "industry", "430182": "industry", "430582": "industry", "340123": "industry", "341181": "industry",
    "340281": "industry", "340881": "industry", "340521": "industry", "420583": "industry", "421281": "industry",
    "429005": "industry", "420625": "industry", "360121": "industry", "360982": "industry", "360681": "industry",
    "411082": "industry", "411323": "industry", "231085": "industry", "231281": "industry", "140423": "industry",
    "140882": "industry", "430724": "ecology",
    "520181": "", "522730": "", "640122": "",
}  # fmt: skip
# The 2023 公示: 中部 28 (22 known), 西部 the rest of 92 (3 known); demo counties fill them, spread over the
# belt's provinces.
SECOND_BATCH_FILLER_PROVINCES = [
    "14", "22", "36", "41", "42", "43",
    "15", "45", "50", "51", "53", "54", "61", "62", "63", "65", "15", "45", "50", "51", "53", "61", "62", "63", "65",
    "51", "53", "61", "52", "64",
]  # fmt: skip


@dataclass(frozen=True)
class DemoApproval:
    code: str
    province: str
    year: int
    batch: int  # 1 or 2
    theme: str  # "" where not published (the demo then simulates one)
    is_real: bool


def _fill(eligible: list[tuple[str, str]], provinces: list[str], taken: set[str]) -> list[str]:
    by_province: dict[str, list[str]] = {}
    for code, province in sorted(eligible):
        by_province.setdefault(province, []).append(code)
    chosen = []
    for province in provinces:
        code = next((c for c in by_province.get(province, []) if c not in taken), None)
        if code is None:
            continue
        taken.add(code)
        chosen.append(code)
    return chosen


def demo_approvals(eligible: Iterable[tuple[str, str]]) -> list[DemoApproval]:
    """Both demo batches over the eligible counties given as ``(code, province)`` pairs, real counties first.

    Deterministic: the same county list gives the same approvals (the demo and its tests rely on it)."""
    eligible = sorted(set(eligible))
    present = {code for code, _ in eligible}
    province_of = dict(eligible)
    out: list[DemoApproval] = []
    taken = set(FIRST_BATCH_REAL) | set(SECOND_BATCH_REAL)
    for code, theme in FIRST_BATCH_REAL.items():
        if code in present:
            out.append(DemoApproval(code, province_of[code], FIRST_BATCH_YEAR, 1, theme, True))
    for code in _fill(eligible, FIRST_BATCH_FILLER_PROVINCES, taken):
        out.append(DemoApproval(code, province_of[code], FIRST_BATCH_YEAR, 1, "", False))
    for code, theme in SECOND_BATCH_REAL.items():
        if code in present:
            out.append(DemoApproval(code, province_of[code], SECOND_BATCH_YEAR, 2, theme, True))
    for code in _fill(eligible, SECOND_BATCH_FILLER_PROVINCES, taken):
        out.append(DemoApproval(code, province_of[code], SECOND_BATCH_YEAR, 2, "", False))
    return out


def first_batch(eligible: Iterable[tuple[str, str]]) -> list[DemoApproval]:
    return [a for a in demo_approvals(eligible) if a.batch == 1]


def second_batch(eligible: Iterable[tuple[str, str]]) -> list[DemoApproval]:
    return [a for a in demo_approvals(eligible) if a.batch == 2]


def approval_years(eligible: Iterable[tuple[str, str]]) -> dict[str, int]:
    """County code → approval year (the treatment start of the effect estimate)."""
    return {a.code: a.year for a in demo_approvals(eligible)}
