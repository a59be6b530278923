"""Recommendation priorities: 1..n, no gaps after any change, never above the quota."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.programme import PriorityList, QuotaError, priority_problems


def test_add_at_the_end_and_at_a_priority():
    ranks = PriorityList(5).add("a").add("b").add("c", priority=1)
    assert ranks.order == ("c", "a", "b")
    assert ranks.priorities() == {"c": 1, "a": 2, "b": 3}
    assert ranks.priority_of("b") == 3 and ranks.remaining == 2


def test_quota_is_a_hard_limit():
    full = PriorityList(2, ("a", "b"))
    assert full.is_full
    with pytest.raises(QuotaError, match="名额上限（2个）") as error:
        full.add("c")
    assert error.value.problem.code == "quota_exceeded"
    with pytest.raises(QuotaError):
        PriorityList(1, ("a", "b"))


def test_remove_closes_the_gap():
    ranks = PriorityList(5, ("a", "b", "c", "d")).remove("b")
    assert ranks.priorities() == {"a": 1, "c": 2, "d": 3}


def test_move_up_and_down():
    ranks = PriorityList(5, ("a", "b", "c", "d"))
    assert ranks.move("d", 1).order == ("d", "a", "b", "c")
    assert ranks.move("a", 4).order == ("b", "c", "d", "a")
    with pytest.raises(QuotaError, match="1至4"):
        ranks.move("a", 5)
    with pytest.raises(QuotaError):
        ranks.move("z", 1)


def test_reorder_must_keep_the_same_applications():
    ranks = PriorityList(5, ("a", "b", "c"))
    assert ranks.reorder(["c", "a", "b"]).order == ("c", "a", "b")
    for wrong in (["a", "b"], ["a", "b", "z"], ["a", "a", "b"]):
        with pytest.raises(QuotaError):
            ranks.reorder(wrong)


def test_from_stored_priorities_closes_gaps():
    assert PriorityList.from_priorities(5, {"x": 7, "y": 2, "z": 4}).priorities() == {"y": 1, "z": 2, "x": 3}


def test_duplicates_and_bad_priorities_are_refused():
    with pytest.raises(ValueError):
        PriorityList(5, ("a", "a"))
    with pytest.raises(QuotaError):
        PriorityList(5, ("a",)).add("a")
    with pytest.raises(QuotaError):
        PriorityList(5, ("a",)).add("b", priority=3)


def test_priority_problems():
    assert priority_problems([2, 1, 3], 3) == []
    assert [p.code for p in priority_problems([1, 2, 4], 3)] == ["priorities_not_contiguous"]
    assert [p.code for p in priority_problems([1, 2, 3, 4], 3)] == ["quota_exceeded"]
    assert [p.code for p in priority_problems([1, 1], None)] == ["priorities_not_contiguous"]


operations = st.lists(
    st.tuples(st.sampled_from(["add", "remove", "move"]), st.integers(0, 9), st.integers(1, 10)), max_size=40
)


@given(st.integers(0, 6), operations)
def test_any_sequence_of_changes_keeps_priorities_contiguous_and_within_quota(quota, ops):
    ranks = PriorityList(quota)
    for op, app, priority in ops:
        try:
            if op == "add":
                ranks = ranks.add(app, priority if priority <= len(ranks) + 1 else None)
            elif op == "remove":
                ranks = ranks.remove(app)
            elif app in ranks:
                ranks = ranks.move(app, min(priority, len(ranks)))
        except QuotaError as error:
            assert error.problem.code in {"quota_exceeded", "already_recommended"}
        assert sorted(ranks.priorities().values()) == list(range(1, len(ranks) + 1))
        assert len(ranks) <= quota
        assert priority_problems(ranks.priorities().values(), quota) == []
