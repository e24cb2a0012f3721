"""Futures and seeds shared by every evaluation (common random numbers across policies).

Futures are Latin-hypercube samples of the uncertain parameters (the sweep designs' LHS,
SciPy); every lever mix or policy is run on the same futures and the same seeds, so the
differences between them are not sampling noise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.design.spec import Sampling
from sim.sweep.designs import point_values, replicate_seed, unit_matrix
from sim.sweep.schema import Design, Seeds


def futures(sampling: Sampling | None) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Unit positions and parameter values of each future ([{}]: the base world only)."""
    if sampling is None:
        return np.zeros((1, 0)), [{}]
    design = Design(kind="lhs", n=sampling.samples, seed=sampling.seed)
    unit = unit_matrix(design, sampling.parameters)
    return unit, [point_values(row, sampling.parameters) for row in unit]


def run_seeds(seeds: Seeds) -> list[int]:
    return [replicate_seed(seeds.base, r) for r in range(seeds.replicates)]
