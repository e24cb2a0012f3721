"""The calibration loss: squared misses of the seed-mean moments, each in units of its target's
tolerance (point targets from their centre, band targets outside the band)."""

from __future__ import annotations

import pandas as pd

from sim.targets import CALIBRATION_TARGETS


def loss(moments: pd.DataFrame) -> float:
    """Sum over targets of z^2 of the mean over seeds (common seeds for every vector)."""
    means = moments.mean()
    return float(sum(t.z(float(means[t.name])) ** 2 for t in CALIBRATION_TARGETS))
