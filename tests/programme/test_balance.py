"""Regional balance counts for the data-evaluation view."""

from innocounty.programme import THREE_BELTS, BalanceEntry, Belt, Theme, belt_of, regional_balance


def test_three_belt_mapping_matches_the_reference():
    counts = {belt: sum(1 for b in THREE_BELTS.values() if b is belt) for belt in Belt}
    assert counts == {Belt.EAST: 11, Belt.CENTRAL: 8, Belt.WEST: 12}
    assert belt_of("21") is Belt.EAST and belt_of("23") is Belt.CENTRAL  # Liaoning east, Heilongjiang central
    assert belt_of("320583") is Belt.EAST and Belt.WEST.label == "西部"


def test_counts_per_belt_theme_and_province():
    entries = [
        BalanceEntry("320583", Theme.INDUSTRY, selected=True),
        BalanceEntry("330523", Theme.ECOLOGY, selected=True),
        BalanceEntry("330522", Theme.INDUSTRY),
        BalanceEntry("430121", "industry", selected=True),
        BalanceEntry("520328", Theme.ECOLOGY),
        BalanceEntry("640323", None),
    ]
    balance = regional_balance(entries)
    assert balance.total.candidates == 6 and balance.total.selected == 3
    assert {k: (t.candidates, t.selected) for k, t in balance.by_belt.items()} == {
        "east": (3, 2), "central": (1, 1), "west": (2, 0),
    }  # fmt: skip
    assert {k: (t.candidates, t.selected) for k, t in balance.by_theme.items()} == {
        "industry": (3, 2), "ecology": (2, 1), "livelihood": (0, 0), "none": (1, 0),
    }  # fmt: skip
    assert balance.by_province["33"].candidates == 2 and balance.by_province["33"].selected_share == 0.5
    assert balance.by_belt_and_theme[("west", "livelihood")].candidates == 0
    assert balance.by_belt_and_theme[("east", "industry")].candidates == 2
    assert balance.share_of_selected("east") == 2 / 3


def test_empty_input_shows_every_belt_and_theme_with_zeros():
    balance = regional_balance([])
    assert set(balance.by_belt) == {"east", "central", "west"}
    assert set(balance.by_theme) == {"industry", "ecology", "livelihood"}
    assert balance.share_of_selected("east") == 0.0 and balance.by_belt["east"].selected_share == 0.0


def test_another_region_mapping_can_be_used():
    four = {**THREE_BELTS, "21": "northeast", "22": "northeast", "23": "northeast"}
    balance = regional_balance([BalanceEntry("210681", Theme.INDUSTRY)], belts=four)
    assert balance.by_belt["northeast"].candidates == 1
