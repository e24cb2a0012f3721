"""Random draws shared by several mechanisms, and the run's random streams.

Each mechanism draws from its own stream, spawned from the run's seed (numpy `SeedSequence`),
so that two runs with the same seed differ only where their configs make a mechanism act
differently: a policy arm that changes training leaves the population, the adoption draws and
the labour market's draws of its twin untouched (common random numbers). New streams are
appended to `STREAMS`, never inserted, so that existing streams keep their numbers.
"""

from __future__ import annotations

import numpy as np

STREAMS = ("population", "adoption", "displacement", "training", "labour_market", "newcomers")


def random_streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent generator per name in `STREAMS`, spawned from `seed`."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {
        name: np.random.default_rng(child) for name, child in zip(STREAMS, children, strict=True)
    }


def stochastic_round(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole numbers with the right expectation: floor, plus one with the fractional chance."""
    whole = np.floor(values)
    return (whole + (rng.random(len(values)) < values - whole)).astype(np.int64)
