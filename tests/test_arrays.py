"""The sort-based set helpers give what numpy's set functions give, on hand-made and on
generated index arrays."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.arrays import first_occurrences, run_starts, stable_order, union_sorted, unique_sorted

indices = st.lists(st.integers(0, 60), max_size=40).map(lambda v: np.array(v, dtype=np.int64))


def test_run_starts_marks_where_each_value_begins():
    assert run_starts(np.array([2, 2, 5, 7, 7, 7])).tolist() == [0, 2, 3]
    assert run_starts(np.array([], dtype=np.int64)).tolist() == []


def test_unique_sorted_is_the_distinct_values_ascending():
    assert unique_sorted(np.array([9, 3, 9, 1, 3])).tolist() == [1, 3, 9]


def test_first_occurrences_are_the_positions_of_each_first_value_in_order():
    assert first_occurrences(np.array([4, 1, 4, 0, 1])).tolist() == [0, 1, 3]


def test_stable_order_keeps_ties_in_their_order():
    assert stable_order(np.array([2, 0, 2, 0, 1]), bound=3).tolist() == [1, 3, 4, 0, 2]


def test_union_sorted_inserts_the_new_values_in_order_and_drops_the_shared_ones():
    merged = union_sorted(np.array([2, 5, 9]), np.array([0, 5, 6, 11]))
    assert merged.tolist() == [0, 2, 5, 6, 9, 11]


def test_union_sorted_returns_the_first_array_itself_when_nothing_is_added():
    ordered = np.array([1, 4])
    assert union_sorted(ordered, np.empty(0, dtype=np.int64)) is ordered


def test_union_sorted_into_an_empty_array_is_the_second():
    assert union_sorted(np.empty(0, dtype=np.int64), np.array([3, 8])).tolist() == [3, 8]


@given(indices, indices)
def test_union_sorted_matches_numpys_union(a, b):
    a, b = np.unique(a), np.unique(b)
    merged = union_sorted(a, b)
    assert np.array_equal(merged, np.union1d(a, b))
    assert merged.dtype == np.union1d(a, b).dtype


@given(indices)
def test_unique_sorted_and_first_occurrences_match_numpys_unique(values):
    distinct, first = np.unique(values, return_index=True)
    assert np.array_equal(unique_sorted(values), distinct)
    assert np.array_equal(first_occurrences(values), np.sort(first))


@given(indices)
def test_stable_order_matches_a_stable_argsort(values):
    assert np.array_equal(stable_order(values, 61), np.argsort(values, kind="stable"))
