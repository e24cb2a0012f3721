"""Plant rosters: every employed worker in one index sorted by (plant, skill, worker id).

Hires and separations only record their keys (cost ~ the flows); the next look-up folds them
into the sorted array in one merge (linear copies of the index, plus work ~ the flows). A
plant's operatives are then a contiguous, ascending slice, so picking "the k-th operative of
plant p" for many plants at once is one vectorised search, with no per-plant sets to walk.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from sim.arrays import run_starts

SHIFT = 32  # worker ids live in the low 32 bits of a key, (plant * 2 + skill) above them
WORKER_MASK = (1 << SHIFT) - 1


def roster_keys(workers: ArrayLike, plants: ArrayLike, skills: ArrayLike) -> np.ndarray:
    """Sort keys of (plant, skill, worker) triples."""
    group = np.asarray(plants, dtype=np.int64) * 2 + np.asarray(skills, dtype=np.int64)
    return (group << SHIFT) | np.asarray(workers, dtype=np.int64)


class RosterIndex:
    """Employed workers by plant and skill, as one sorted int64 array."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        # two buffers take turns holding the keys: merging into a warm buffer is ~2x faster
        self._held = self.keys
        self._spare = np.empty(0, dtype=np.int64)
        self._joined: list[np.ndarray] = []
        self._left: list[np.ndarray] = []

    def join(self, workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> None:
        self._joined.append(roster_keys(workers, plants, skills))

    def leave(self, workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> None:
        self._left.append(roster_keys(workers, plants, skills))

    def merge(self) -> None:
        """Fold the recorded joins and leaves into the sorted keys."""
        if not self._joined and not self._left:
            return
        joined = np.concatenate(self._joined) if self._joined else np.empty(0, np.int64)
        left = np.concatenate(self._left) if self._left else np.empty(0, np.int64)
        self._joined, self._left = [], []
        if len(left) == 0 and len(self.keys) == 0:
            self.keys = self._held = np.sort(joined)
            return
        # a key's joins and leaves alternate, so its net change is -1, 0 or +1; events are
        # sorted as key * 2 + (1 for a leave), one plain sort
        events = np.sort(np.concatenate([joined << 1, (left << 1) | 1]))
        first = run_starts(events >> 1)
        net = np.add.reduceat(1 - 2 * (events & 1), first)
        moved = net != 0
        changed, net = events[first[moved]] >> 1, net[moved]
        keys = self.keys
        at = np.searchsorted(keys, changed)  # one search for removals and additions
        gone, new = net < 0, net > 0
        # an added key lands after the kept keys below it and the other added keys below it
        removed_below = np.cumsum(gone) - gone
        slot = at[new] - removed_below[new] + np.arange(int(new.sum()))
        size = len(keys) + int(net.sum())
        if len(self._spare) < size:
            self._spare = np.empty(size + size // 8 + 1024, dtype=np.int64)
        merged = self._spare[:size]
        kept = np.ones(len(merged), dtype=bool)
        kept[slot] = False
        merged[slot] = changed[new]
        stay = np.ones(len(keys), dtype=bool)
        stay[at[gone]] = False
        merged[kept] = keys[stay]
        self._held, self._spare = self._spare, self._held
        self.keys = merged

    def members(self, plant: int, skill: int) -> np.ndarray:
        """Worker ids of one plant and skill, ascending."""
        self.merge()
        lo, hi = np.searchsorted(self.keys, roster_keys(0, [plant, plant], [skill, skill + 1]))
        return self.keys[lo:hi] & WORKER_MASK

    def ranked(self, plants: np.ndarray, skill: int, ranks: np.ndarray) -> np.ndarray:
        """For each i, the worker of rank ranks[i] (by id) among plants[i]'s `skill` workers."""
        self.merge()
        starts = np.searchsorted(self.keys, roster_keys(0, plants, np.full(len(plants), skill)))
        return self.keys[starts + ranks] & WORKER_MASK

    def all_keys(self) -> np.ndarray:
        """A copy of the up-to-date sorted keys (for consistency checks)."""
        self.merge()
        return self.keys.copy()
