"""The hard rules as problems: one slot (a manual change), ranked replacements, and a whole assignment.

Hard rule codes (stable, for tests, the API and translations): ``expert_inactive``, ``expert_same_province``,
``expert_conflict_county``, ``expert_conflict_org``, ``expert_overloaded``, ``panel_lacks_theme``,
``panel_size``; besides them ``expert_already_on_panel``, ``expert_unknown`` and ``pair_forbidden``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..plans import Theme
from ..problems import Msg, Problem, gettext_noop
from .model import Candidate, Expert, Rules, by_id, covers, ineligible_reason, loads_of, match

PAIR_MESSAGES = {
    "expert_inactive": gettext_noop("该专家已停用，不能参与评议"),
    "expert_same_province": gettext_noop("该专家与申报县（市）同属一个省份，须回避"),
    "expert_conflict_county": gettext_noop("该专家声明与该县（市）存在利益冲突，须回避"),
    "expert_conflict_org": gettext_noop("该专家声明与申报所列单位（%(orgs)s）存在利益冲突，须回避"),
    "pair_forbidden": gettext_noop("该专家已被排除在本申报的评议之外"),
}


def theme_label(theme: str) -> str:
    """The theme's label as a message id to translate at display (a free theme string stays as it is)."""
    try:
        return Msg(Theme(theme).label)
    except ValueError:
        return theme


def id_list(ids: Iterable[int], limit: int = 20) -> str:
    """Ids for a message: "3、7、12" (the first ``limit``, then "…")."""
    ids = sorted(ids)
    text = "、".join(str(i) for i in ids[:limit])
    return text + ("…" if len(ids) > limit else "")


def pair_problem(code: str, expert: Expert, candidate: Candidate, path: str = "expert") -> Problem:
    params = {"expert": expert.id, "candidate": candidate.id}
    if code == "expert_conflict_org":
        params["orgs"] = "、".join(sorted(candidate.orgs & expert.conflict_orgs))
    return Problem(code, PAIR_MESSAGES[code], path, params=params)


def overloaded(expert: Expert, load: int, rules: Rules, path: str = "expert") -> Problem:
    return Problem(
        "expert_overloaded",
        gettext_noop("该专家已承担%(load)d份申报的评议，达到每人上限%(max_load)d份"),
        path,
        params={"expert": expert.id, "load": load, "max_load": rules.capacity(expert)},
    )


def lacks_theme(candidate: Candidate, path: str = "panel") -> Problem:
    return Problem(
        "panel_lacks_theme",
        gettext_noop("专家组须至少有一名熟悉申报主题（%(theme)s）的专家"),
        path,
        params={"candidate": candidate.id, "theme": theme_label(candidate.theme)},
    )


def slot_problems(
    candidate: Candidate | int,
    expert: Expert | int,
    panels: Mapping[int, Iterable[int]],
    experts: Iterable[Expert] | Mapping[int, Expert],
    candidates: Iterable[Candidate] | Mapping[int, Candidate],
    rules: Rules,
    *,
    replacing: int | None = None,
) -> tuple[Problem, ...]:
    """Every hard rule that putting ``expert`` on ``candidate``'s panel would break (empty: allowed).

    ``panels`` is the assignment before the change (candidate id → expert ids); ``replacing`` is the member
    whose slot the expert takes (None: an open slot). The theme rule is checked on the panel after the change
    once no slot is left open (an incomplete panel may still get its theme expert later); the load counts the
    expert's other panels.
    """
    experts = by_id(experts, "expert")
    candidates = by_id(candidates, "candidate")
    if isinstance(candidate, int):
        candidate = candidates[candidate]
    if isinstance(expert, int):
        if expert not in experts:
            return (Problem("expert_unknown", gettext_noop("专家库中没有这位专家"), "expert"),)
        expert = experts[expert]
    members = [e for e in panels.get(candidate.id, ()) if e != replacing]
    problems: list[Problem] = []
    reason = ineligible_reason(expert, candidate)
    if reason:
        problems.append(pair_problem(reason, expert, candidate))
    if expert.id in members:
        problems.append(
            Problem("expert_already_on_panel", gettext_noop("该专家已在本申报的专家组中"), "expert")
        )
        return tuple(problems)
    load = sum(1 for cid, panel in panels.items() if cid != candidate.id and expert.id in panel)
    if load >= rules.capacity(expert):
        problems.append(overloaded(expert, load, rules))
    after = [*members, expert.id]
    if len(after) > rules.panel_size:
        problems.append(
            Problem(
                "panel_size",
                gettext_noop("专家组已满（%(panel_size)d人），请替换其中一位"),
                "panel",
                params={"panel_size": rules.panel_size, "candidate": candidate.id},
            )
        )
    elif len(after) == rules.panel_size and not any(
        covers(experts[e], candidate) for e in after if e in experts
    ):
        problems.append(lacks_theme(candidate))
    return tuple(problems)


def replacements(
    candidate: Candidate | int,
    panels: Mapping[int, Iterable[int]],
    experts: Iterable[Expert] | Mapping[int, Expert],
    candidates: Iterable[Candidate] | Mapping[int, Candidate],
    rules: Rules,
    limit: int = 10,
    *,
    exclude: Iterable[int] = (),
) -> list[tuple[int, float]]:
    """Ranked eligible replacements for an open slot of ``candidate``'s panel: ``(expert id, match)``.

    ``panels`` is the assignment with the slot already freed (the declining expert removed); ``exclude``
    names experts not to propose (e.g. those who declined this application). Eligible means no hard rule
    broken (:func:`slot_problems` is empty: active, other province, no conflict, under their load, not
    already on the panel, and a theme expert if the panel would otherwise lack one). Sorted by match
    (best first), then by load (least busy first), then id.
    """
    experts = by_id(experts, "expert")
    candidates = by_id(candidates, "candidate")
    if isinstance(candidate, int):
        candidate = candidates[candidate]
    loads = loads_of(panels)
    skip = set(exclude)
    ranked = []
    for expert in experts.values():
        if expert.id in skip or slot_problems(candidate, expert, panels, experts, candidates, rules):
            continue
        ranked.append((-match(expert, candidate), loads.get(expert.id, 0), expert.id))
    ranked.sort()
    return [(eid, -m) for m, _, eid in ranked[: max(0, limit)]]


def check_panels(
    panels: Mapping[int, Iterable[int]],
    experts: Iterable[Expert] | Mapping[int, Expert],
    candidates: Iterable[Candidate] | Mapping[int, Candidate],
    rules: Rules,
) -> tuple[Problem, ...]:
    """Every hard rule a complete assignment breaks (empty: it satisfies them all). Paths name the slot:
    ``panels.<candidate id>`` or ``panels.<candidate id>.<expert id>``."""
    experts = by_id(experts, "expert")
    candidates = by_id(candidates, "candidate")
    problems: list[Problem] = []
    for cid, candidate in candidates.items():
        members = list(panels.get(cid, ()))
        path = f"panels.{cid}"
        if len(members) != rules.panel_size or len(set(members)) != len(members):
            problems.append(
                Problem(
                    "panel_size",
                    gettext_noop(
                        "申报（编号%(candidate)s）的专家组有%(n)d名不同的专家，应为%(panel_size)d名"
                    ),
                    path,
                    params={"candidate": cid, "n": len(set(members)), "panel_size": rules.panel_size},
                )
            )
        known = [experts[e] for e in members if e in experts]
        if len(known) != len(members):
            problems.append(Problem("expert_unknown", gettext_noop("专家库中没有这位专家"), path))
        for expert in known:
            reason = ineligible_reason(expert, candidate)
            if reason:
                problems.append(pair_problem(reason, expert, candidate, f"{path}.{expert.id}"))
        if not any(covers(e, candidate) for e in known):
            problems.append(lacks_theme(candidate, path))
    for eid, load in sorted(loads_of({c: set(p) for c, p in panels.items() if c in candidates}).items()):
        if eid in experts and load > rules.capacity(experts[eid]):
            problems.append(
                Problem(
                    "expert_overloaded",
                    gettext_noop("专家（编号%(expert)s）分配了%(load)d份申报，超过每人上限%(max_load)d份"),
                    f"experts.{eid}",
                    params={"expert": eid, "load": load, "max_load": rules.capacity(experts[eid])},
                )
            )
    return tuple(problems)
