"""The run's random numbers: one stream per mechanism, fresh for each month and each use.

Two runs with the same seed should differ only where their configs make a mechanism act
differently (common random numbers). Three rules keep a policy's first different draw from
shifting every later one:

- each mechanism has its own stream (a fixed spawn key of numpy's `SeedSequence`), so a
  policy that changes training leaves the adoption and labour-market draws alone;
- within a stream, every use ("site": a name, plus an index such as the country or the
  market) in every month gets its own generator, spawned from (seed, stream, month, site), so
  a draw whose size differs between two arms shifts nothing after it;
- a draw made for each worker or plant is keyed by its row (`Draws.uniform`): the worker who
  is a job seeker in both arms gets the same number in both, whoever else is seeking.

The keyed numbers are the splitmix64 generator (Steele, Lea & Flood 2014, "Fast splittable
pseudorandom number generators", OOPSLA) read at the row: a counter-based generator, so a row's
number costs the same whether 10 or 10 million rows are drawn beside it.

A run asks for some 10,000 (month, site) sequences, and the runs of a sweep share their seed
(common random numbers), so each process keeps the most recent sequences and row keys it made:
a sequence depends on nothing but (seed, stream, month, site), so a kept one is the one that
would be made again.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# stream name -> its spawn key
STREAMS = {
    "population": 0,
    "adoption": 1,
    "displacement": 2,
    "training": 3,
    "labour_market": 4,
    "newcomers": 5,
    "plant_entry": 6,  # plant entry and exit (`sim.mechanisms.plant_entry`)
    "trial": 20,  # the in-model trial's assignment (`sim.mechanisms.trial`)
    "careers": 21,  # followed workers in the city's stocks (`sim.mechanisms.careers`)
}

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
KEPT = 1 << 16  # sequences and row keys kept per process: several runs' worth, a few MB


@lru_cache(maxsize=KEPT)
def _seed_sequence(seed: int, spawn_key: tuple[int, ...]) -> np.random.SeedSequence:
    """The SeedSequence of one use (never spawned from, so a kept one stays as made)."""
    return np.random.SeedSequence(seed, spawn_key=spawn_key)


@lru_cache(maxsize=KEPT)
def _row_key(seed: int, spawn_key: tuple[int, ...]) -> int:
    """The splitmix64 key of one use's keyed numbers."""
    return int(_seed_sequence(seed, spawn_key).generate_state(1, np.uint64)[0])


def keyed_uniform(rows: np.ndarray, key: int) -> np.ndarray:
    """Uniform numbers in [0, 1), one per row, that depend only on the row and the key
    (splitmix64's output function at counter `row`, seeded by `key`)."""
    with np.errstate(over="ignore"):
        z = np.asarray(rows).astype(np.uint64) * _GOLDEN + np.uint64(key)
        z = (z ^ (z >> np.uint64(30))) * _MIX_1
        z = (z ^ (z >> np.uint64(27))) * _MIX_2
        z ^= z >> np.uint64(31)
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


@dataclass(frozen=True)
class Draws:
    """One mechanism's stream: a generator, or keyed numbers, per month and site.

    `clock()` gives the month (0 while the model is built). Each (month, site) is meant for
    one use: asking twice for the same site in a month gives the same numbers, so a site used
    in a loop takes the loop's index (`rng("hires", market)`).
    """

    seed: int
    key: int  # the stream's spawn key (`STREAMS`)
    clock: Callable[[], int]

    def _spawn_key(self, site: str, index: tuple[int, ...]) -> tuple[int, ...]:
        return (self.key, self.clock(), _site_code(site), *index)

    def rng(self, site: str, *index: int) -> np.random.Generator:
        """This month's generator for one use."""
        return np.random.default_rng(_seed_sequence(self.seed, self._spawn_key(site, index)))

    def uniform(self, rows: np.ndarray, site: str, *index: int) -> np.ndarray:
        """This month's number for each row (a worker's or a plant's), whoever else is drawn."""
        return keyed_uniform(rows, _row_key(self.seed, self._spawn_key(site, index)))

    def choose(self, rows: np.ndarray, n: int, site: str, *index: int) -> np.ndarray:
        """n distinct rows, uniformly: those with the smallest keyed numbers, kept in the order
        given, so a row chosen in one arm is chosen in its twin unless the twin's set differs."""
        if n >= len(rows):
            return rows.copy()
        picked = np.argpartition(self.uniform(rows, site, *index), n)[:n]
        return rows[np.sort(picked)]


@lru_cache(maxsize=1024)
def _site_code(site: str) -> int:
    return zlib.crc32(site.encode())


def random_streams(seed: int, clock: Callable[[], int]) -> dict[str, Draws]:
    """One stream per name in `STREAMS`, from `seed`, on the model's month `clock`."""
    return {name: Draws(seed, key, clock) for name, key in STREAMS.items()}


def stochastic_round(values: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Whole numbers with the right expectation: floor, plus one with the fractional chance
    (`u`: one uniform number per value)."""
    whole = np.floor(values)
    return (whole + (u < values - whole)).astype(np.int64)
