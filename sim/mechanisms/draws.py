"""Random draws shared by several mechanisms."""

from __future__ import annotations

import numpy as np


def stochastic_round(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Whole numbers with the right expectation: floor, plus one with the fractional chance."""
    whole = np.floor(values)
    return (whole + (rng.random(len(values)) < values - whole)).astype(np.int64)
