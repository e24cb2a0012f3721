"""Sobol indices with bootstrap intervals, and their sum, for the sensitivity experiment (E5).

SALib estimates the first-order (S1) and total (ST) indices from a Saltelli design and
bootstraps each one over the design's base samples. It keeps every resample on request, and
the resamples of all parameters share the same rows, so the sum of S1 over the parameters has
its own bootstrap distribution: the sum says how much of the output's variance the levers
explain one at a time (near 1: additive; far below 1: interactions, or seed noise, which no
lever explains). Intervals are SALib's: estimate +- z * sd of the resamples.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sim.sweep.designs import unit_problem


def sobol_with_sum(
    names: list[str], y: np.ndarray, resamples: int, confidence: float, seed: int
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Per parameter S1, S1_conf, ST, ST_conf (SALib, first order only, `resamples` bootstrap
    resamples at `confidence`); and the sum of S1 with its half-width over the same resamples."""
    from SALib.analyze import sobol

    indices = sobol.analyze(
        unit_problem(names),
        np.asarray(y, dtype=float),
        calc_second_order=False,
        num_resamples=resamples,
        conf_level=confidence,
        keep_resamples=True,
        seed=seed,
    )
    table = pd.DataFrame(
        {key: indices[key] for key in ("S1", "S1_conf", "ST", "ST_conf")}, index=names
    )
    sums = np.asarray(indices["S1_conf_all"]).sum(axis=1)  # one sum per resample
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    total = {"sum_S1": float(table["S1"].sum()), "sum_S1_conf": z * float(sums.std(ddof=1))}
    return table, total
