"""Plant rosters: every employed worker in one index sorted by (plant, skill, worker id).

Hires and separations only record their keys (cost ~ the flows); the next look-up folds them
into the sorted array in one merge (linear copies of the index, plus work ~ the flows). A
plant's operatives are then a contiguous, ascending slice, so picking "the k-th operative of
plant p" for many plants at once is one vectorised search, with no per-plant sets to walk.
"""

from __future__ import annotations

import numpy as np

SHIFT = 32  # worker ids live in the low 32 bits of a key, (plant * 2 + skill) above them
WORKER_MASK = (1 << SHIFT) - 1


def roster_keys(workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> np.ndarray:
    """Sort keys of (plant, skill, worker) triples."""
    group = np.asarray(plants, dtype=np.int64) * 2 + np.asarray(skills, dtype=np.int64)
    return (group << SHIFT) | np.asarray(workers, dtype=np.int64)


class RosterIndex:
    """Employed workers by plant and skill, as one sorted int64 array."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self._joined: list[np.ndarray] = []
        self._left: list[np.ndarray] = []

    def join(self, workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> None:
        self._joined.append(roster_keys(workers, plants, skills))

    def leave(self, workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> None:
        self._left.append(roster_keys(workers, plants, skills))

    def _merge(self) -> None:
        """Fold the recorded joins and leaves into the sorted keys."""
        if not self._joined and not self._left:
            return
        joined = np.concatenate(self._joined) if self._joined else np.empty(0, np.int64)
        left = np.concatenate(self._left) if self._left else np.empty(0, np.int64)
        self._joined, self._left = [], []
        if len(left) == 0 and len(self.keys) == 0:
            self.keys = np.sort(joined)
            return
        # a key's joins and leaves alternate, so its net change is -1, 0 or +1
        events = np.concatenate([joined, left])
        sign = np.concatenate([np.ones(len(joined), np.int64), np.full(len(left), -1, np.int64)])
        order = np.argsort(events, kind="stable")
        events, sign = events[order], sign[order]
        first = np.flatnonzero(np.r_[True, events[1:] != events[:-1]])
        net = np.add.reduceat(sign, first)
        keys = self.keys
        removed = events[first[net < 0]]
        if len(removed):
            keep = np.ones(len(keys), dtype=bool)
            keep[np.searchsorted(keys, removed)] = False
            keys = keys[keep]
        added = events[first[net > 0]]
        if len(added):
            keys = np.insert(keys, np.searchsorted(keys, added), added)
        self.keys = keys

    def members(self, plant: int, skill: int) -> np.ndarray:
        """Worker ids of one plant and skill, ascending."""
        self._merge()
        lo, hi = np.searchsorted(self.keys, roster_keys(0, [plant, plant], [skill, skill + 1]))
        return self.keys[lo:hi] & WORKER_MASK

    def ranked(self, plants: np.ndarray, skill: int, ranks: np.ndarray) -> np.ndarray:
        """For each i, the worker of rank ranks[i] (by id) among plants[i]'s `skill` workers."""
        self._merge()
        starts = np.searchsorted(self.keys, roster_keys(0, plants, np.full(len(plants), skill)))
        return self.keys[starts + ranks] & WORKER_MASK

    def all_keys(self) -> np.ndarray:
        """The up-to-date sorted keys (for consistency checks)."""
        self._merge()
        return self.keys
