"""The search: Sobol screening of the parameter box, then Nelder-Mead from the best point.

Parameters are searched in the unit cube (0 = low bound, 1 = high bound) so that one simplex
step means the same share of every range. Every evaluation runs the same seeds (common random
numbers), so differences in loss come from the parameters, not from the draws.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.stats import qmc

from sim.calibrate.loss import loss
from sim.calibrate.moments import SeedRunner
from sim.calibrate.settings import Calibration


@dataclass
class Evaluator:
    """Loss of a unit-cube point; keeps every evaluation in `history`."""

    calibration: Calibration
    runner: SeedRunner
    on_evaluation: Callable[[int, float, float], None] = lambda n, value, best: None
    history: list[dict] = field(default_factory=list)

    def values(self, unit: np.ndarray) -> list[float]:
        low, high = np.array(self.calibration.low), np.array(self.calibration.high)
        return (low + np.clip(unit, 0.0, 1.0) * (high - low)).tolist()

    def __call__(self, unit: np.ndarray, phase: str) -> float:
        values = self.values(unit)
        scenario = self.calibration.scenario(values)
        moments = self.runner.moments(scenario, self.calibration.search_seeds)
        value = loss(moments)
        self.history.append(
            {
                "evaluation": len(self.history) + 1,
                "phase": phase,
                "loss": value,
                **dict(zip(self.calibration.names, values, strict=True)),
                **{f"sim:{k}": v for k, v in moments.mean().items()},
                **{f"var:{k}": v for k, v in moments.var(ddof=1).fillna(0.0).items()},
            }
        )
        self.on_evaluation(len(self.history), value, self.best_loss())
        return value

    def best_loss(self) -> float:
        return min(row["loss"] for row in self.history)

    def best(self) -> dict:
        return min(self.history, key=lambda row: row["loss"])

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.history)
        frame["best_so_far"] = frame["loss"].cummin()
        return frame


def screen(evaluator: Evaluator, points: int, seed: int, base: np.ndarray) -> np.ndarray:
    """Evaluate the base config's point, then a scrambled Sobol design over the box; returns
    the best unit point (so a search never starts worse than the values it was given)."""
    dims = len(evaluator.calibration.names)
    sampler = qmc.Sobol(d=dims, scramble=True, rng=np.random.default_rng(seed))
    design = np.vstack([base, sampler.random_base2(int(np.ceil(np.log2(max(points, 1)))))])
    scores = [evaluator(point, "base" if i == 0 else "sobol") for i, point in enumerate(design)]
    return design[int(np.argmin(scores))]


def refine(evaluator: Evaluator, start: np.ndarray, evaluations: int) -> np.ndarray:
    """Nelder-Mead within the unit cube from `start`, at most `evaluations` loss calls."""
    if evaluations <= 0:
        return start
    dims = len(start)
    simplex = [start]
    for i in range(dims):
        vertex = start.copy()
        vertex[i] = vertex[i] + 0.15 if vertex[i] <= 0.85 else vertex[i] - 0.15
        simplex.append(vertex)
    result = minimize(
        lambda u: evaluator(u, "nelder-mead"),
        start,
        method="Nelder-Mead",
        bounds=[(0.0, 1.0)] * dims,
        options={
            "maxfev": evaluations,
            "initial_simplex": np.array(simplex),
            "xatol": 0.01,
            "fatol": 0.05,
        },
    )
    return np.clip(result.x, 0.0, 1.0)
