"""History matching over the evaluated design: which points are not implausible, and the 90 %
interval of every parameter over them.

A point's implausibility on a target is I = |seed mean - centre| / sqrt(tolerance^2 + variance
over seeds) (band targets: the distance outside the band, tolerance half the band; Vernon,
Goldstein & Bower 2010; Andrianakis et al. 2015). A point is kept when its largest I (or, with
`rank: 2`, its second largest) is at most the cutoff (3: Pukelsheim's three-sigma rule). The
intervals are the 5th and 95th percentiles of each parameter over the kept Sobol points, a
space-filling sample of the box, so they approximate the non-implausible region with a uniform
prior (ABC rejection with the implausibility as distance).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.targets import CALIBRATION_TARGETS

DESIGN_PHASE = "sobol"


def implausibility(history: pd.DataFrame, cutoff: float, rank: int) -> pd.DataFrame:
    """The history with one `I:<target>` column per target, `I_cut` (the rank-th largest) and
    `kept` (design points with `I_cut` at most the cutoff)."""
    table = history.copy()
    for target in CALIBRATION_TARGETS:
        table[f"I:{target.name}"] = [
            target.implausibility(mean, variance)
            for mean, variance in zip(
                table[f"sim:{target.name}"], table[f"var:{target.name}"], strict=True
            )
        ]
    values = np.sort(table[[f"I:{t.name}" for t in CALIBRATION_TARGETS]].to_numpy(), axis=1)
    table["I_cut"] = values[:, -rank]
    table["kept"] = (table["phase"] == DESIGN_PHASE) & (table["I_cut"] <= cutoff)
    return table


def start_point(table: pd.DataFrame) -> pd.Series:
    """Where the refinement starts: the kept point of least loss, or, if none is kept, the
    design point of least `I_cut`."""
    kept = table[table["kept"]]
    if not kept.empty:
        return kept.loc[kept["loss"].idxmin()]
    design = table[table["phase"] == DESIGN_PHASE]
    return design.loc[design["I_cut"].idxmin()]


def intervals(table: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Per parameter: the 5th and 95th percentiles over the kept points (NaN if none)."""
    kept = table[table["kept"]]
    rows = []
    for name in names:
        values = kept[name].to_numpy()
        empty = len(values) == 0
        rows.append(
            {
                "parameter": name,
                "p05": np.nan if empty else float(np.quantile(values, 0.05)),
                "p95": np.nan if empty else float(np.quantile(values, 0.95)),
                "kept_points": len(values),
            }
        )
    return pd.DataFrame(rows)
