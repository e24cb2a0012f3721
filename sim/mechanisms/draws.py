"""Random draws shared by several mechanisms, and the run's random streams.

Each mechanism draws from its own stream, spawned from the run's seed (numpy `SeedSequence`),
so that two runs with the same seed differ only where their configs make a mechanism act
differently: a policy arm that changes training leaves the population, the adoption draws and
the labour market's draws of its twin untouched (common random numbers). Each stream has a
fixed spawn key, so a new stream takes a new key and existing streams keep their numbers.
"""

from __future__ import annotations

import numpy as np

# stream name -> its spawn key (the first six are `SeedSequence(seed).spawn(6)`'s children)
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


def random_streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent generator per name in `STREAMS`, spawned from `seed`."""
    return {
        name: np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(key,)))
        for name, key in STREAMS.items()
    }


def stochastic_round(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole numbers with the right expectation: floor, plus one with the fractional chance."""
    whole = np.floor(values)
    return (whole + (rng.random(len(values)) < values - whole)).astype(np.int64)
