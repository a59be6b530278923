"""The hard rules one slot at a time: match, eligibility, manual changes, replacements, a whole assignment."""

from __future__ import annotations

import pytest

from innocounty.programme.assignment import (
    Candidate,
    Expert,
    Rules,
    check_panels,
    ineligible_reason,
    match,
    replacements,
    slot_problems,
)

KUNSHAN = Candidate(
    1,
    "320583",
    "32",
    "industry",
    frozenset({"industry", "leading_industry", "新材料"}),
    frozenset({"昆山市科技局"}),
)
OTHER = Candidate(2, "130102", "13", "ecology", frozenset({"ecology"}))


def expert(eid, province="11", fields=("industry",), **kw):
    return Expert(eid, province, frozenset(fields), **kw)


def codes(problems):
    return [p.code for p in problems]


def test_match_formula():
    assert match(expert(1, fields=("industry", "leading_industry", "新材料")), KUNSHAN) == 1.0
    assert match(expert(1, fields=("industry",)), KUNSHAN) == 0.4
    assert match(expert(1, fields=("leading_industry",)), KUNSHAN) == 0.3
    assert match(expert(1, fields=()), KUNSHAN) == 0.0
    assert (
        match(expert(1, fields=("ecology",)), OTHER) == 1.0
    )  # only the theme: it counts for the whole score


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"active": False}, "expert_inactive"),
        ({"province": "32"}, "expert_same_province"),
        ({"conflict_counties": frozenset({"320583"})}, "expert_conflict_county"),
        ({"conflict_orgs": frozenset({"昆山市科技局"})}, "expert_conflict_org"),
    ],
)
def test_each_pair_rule_refuses_the_slot_with_its_name(kw, code):
    province = kw.pop("province", "11")
    e = expert(5, province, **kw)
    assert ineligible_reason(e, KUNSHAN) == code
    problems = slot_problems(KUNSHAN, e, {}, [e], [KUNSHAN], Rules(2, 2))
    assert codes(problems) == [code]
    assert problems[0].text and "%(" not in problems[0].text


def test_load_panel_size_theme_and_duplicates():
    rules = Rules(panel_size=2, max_load=1)
    a, b, c = expert(5), expert(6, fields=("ecology",)), expert(7, fields=("ecology",))
    pool = [a, b, c]
    cands = [KUNSHAN, OTHER]
    assert codes(slot_problems(OTHER, a, {1: (5,)}, pool, cands, rules)) == ["expert_overloaded"]
    assert codes(slot_problems(KUNSHAN, a, {1: (5,)}, pool, cands, rules)) == ["expert_already_on_panel"]
    # the last open slot must bring the theme when the panel lacks it; an earlier one need not
    assert codes(slot_problems(KUNSHAN, b, {1: (7,)}, pool, cands, rules)) == ["panel_lacks_theme"]
    assert slot_problems(KUNSHAN, b, {1: ()}, pool, cands, rules) == ()
    assert codes(slot_problems(KUNSHAN, b, {1: (5, 7)}, pool, cands, rules)) == ["panel_size"]
    # replacing a member: the theme expert leaves, so the newcomer must cover the theme
    assert codes(slot_problems(KUNSHAN, b, {1: (5, 7)}, pool, cands, rules, replacing=5)) == [
        "panel_lacks_theme"
    ]
    assert slot_problems(KUNSHAN, 6, {1: (5, 7)}, pool, cands, rules, replacing=7) == ()
    assert codes(slot_problems(KUNSHAN, 99, {}, pool, cands, rules)) == ["expert_unknown"]


def test_an_expert_may_declare_a_lower_load_but_not_a_higher_one():
    rules = Rules(panel_size=1, max_load=2)
    assert rules.capacity(expert(1, max_load=1)) == 1
    assert rules.capacity(expert(1, max_load=9)) == 2
    assert rules.capacity(expert(1)) == 2
    with pytest.raises(ValueError):
        Rules(panel_size=0)


def test_replacements_are_eligible_and_ranked_by_match_then_load():
    rules = Rules(panel_size=2, max_load=2)
    best = expert(5, fields=("industry", "leading_industry", "新材料"))
    busy = expert(6, fields=("industry", "leading_industry"))
    idle = expert(7, fields=("industry", "leading_industry"))
    same_province = expert(8, "32", fields=("industry", "leading_industry", "新材料"))
    full = expert(9, fields=("industry", "leading_industry", "新材料"), max_load=1)
    off_theme = expert(10, fields=("leading_industry", "新材料"))
    pool = [best, busy, idle, same_province, full, off_theme]
    other = Candidate(3, "440101", "44", "industry", frozenset({"industry"}))
    panels = {1: (), 3: (6, 9)}
    ranked = replacements(KUNSHAN, panels, pool, [KUNSHAN, other], rules)
    assert [e for e, _ in ranked] == [5, 7, 6, 10]  # 1.0, 0.7 (idle before busy), 0.6
    assert ranked[0][1] == 1.0
    # with a member who does not cover the theme, the last slot must (and 10 is on the panel already)
    panels[1] = (10,)
    assert [e for e, _ in replacements(KUNSHAN, panels, pool, [KUNSHAN, other], rules)] == [5, 7, 6]
    assert [
        e for e, _ in replacements(KUNSHAN, panels, pool, [KUNSHAN, other], rules, limit=1, exclude=[5])
    ] == [7]


def test_check_panels_names_every_broken_rule():
    rules = Rules(panel_size=2, max_load=1)
    pool = [expert(5, "32"), expert(6, fields=("ecology",)), expert(7, fields=("ecology",))]
    problems = check_panels({1: (5, 6), 2: (6,)}, pool, [KUNSHAN, OTHER], rules)
    assert sorted(codes(problems)) == sorted(["expert_same_province", "panel_size", "expert_overloaded"])
    assert codes(check_panels({1: (6, 7)}, pool, [KUNSHAN], Rules(2, 2))) == ["panel_lacks_theme"]
    ok = [expert(5), expert(6, fields=("ecology",))]
    assert check_panels({1: (5, 6)}, ok, [KUNSHAN], Rules(2, 2)) == ()
