"""Sort-based set helpers for the monthly hot paths.

NumPy 2.5's `np.unique` goes through a hash table and is ~10x slower than sorting for the
integer index arrays used here, so hot paths find runs in sorted arrays instead (same results).
"""

from __future__ import annotations

import numpy as np


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """Positions where a new value starts in a sorted array (like `np.unique`'s return_index)."""
    if len(ordered) == 0:
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (as `np.unique(values)`)."""
    ordered = np.sort(values)
    return ordered[run_starts(ordered)]


def union_sorted(ordered: np.ndarray, more: np.ndarray) -> np.ndarray:
    """The union of two ascending arrays of distinct values, ascending (as `np.union1d`):
    `more`'s new values are inserted into `ordered` where binary search puts them, so the cost
    is a copy and len(more) searches rather than a sort of both."""
    if len(more) == 0:
        return ordered
    at = np.searchsorted(ordered, more)
    if len(ordered):
        new = ordered[np.minimum(at, len(ordered) - 1)] != more
        more, at = more[new], at[new]
    return np.insert(ordered, at, more)


def first_occurrences(values: np.ndarray) -> np.ndarray:
    """Indices of each value's first occurrence, in the order they occur (values >= 0)."""
    n = len(values)
    packed = np.sort(np.asarray(values, dtype=np.int64) * n + np.arange(n))  # by value, then index
    return np.sort(packed[run_starts(packed // n)] % n)


def stable_order(codes: np.ndarray, bound: int) -> np.ndarray:
    """`np.argsort(codes, kind="stable")` for codes in [0, bound): a radix sort when they fit
    in 16 bits (several times faster than the merge sort numpy uses for int64)."""
    if bound <= np.iinfo(np.int16).max:
        codes = codes.astype(np.int16)
    return np.argsort(codes, kind="stable")
