"""Simulated moments: each calibration target measured on one run, and over a set of seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config import Scenario
from sim.pipeline import Execution, Keep, RunTask, run_in_memory
from sim.targets import CALIBRATION_TARGETS


def measure(timeseries: pd.DataFrame, cities: pd.DataFrame) -> dict[str, float]:
    """Every target's simulated value on one run's monthly and per-city tables."""
    return {target.name: target.simulated(timeseries, cities) for target in CALIBRATION_TARGETS}


class SeedRunner:
    """Runs a scenario over a fixed seed set (common random numbers) as one batch; a failed run
    stops the calibration (`RunsFailed`)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def moments(self, scenario: Scenario, seeds: list[int]) -> pd.DataFrame:
        """One row per seed, one column per target."""
        tasks = [RunTask.of(scenario, seed, Keep(cities=True)) for seed in seeds]
        runs = run_in_memory(tasks, Execution(workers=self.workers))
        rows = [measure(series, cities) for series, cities in runs]
        return pd.DataFrame(rows, index=pd.Index(seeds, name="seed"))


def summarise(moments: pd.DataFrame) -> pd.DataFrame:
    """Per target: its band, the seed mean, the 90% band over seeds, met or not, the miss."""
    rows = []
    for target in CALIBRATION_TARGETS:
        values = moments[target.name].to_numpy()
        mean = float(np.mean(values))
        rows.append(
            {
                "target": target.name,
                "low": target.low,
                "high": target.high,
                "centre": target.centre,
                "kind": "point" if target.point else "band",
                "mean": mean,
                "p05": float(np.quantile(values, 0.05)),
                "p95": float(np.quantile(values, 0.95)),
                "seeds": len(values),
                "met": target.met(mean),
                "miss": target.miss(mean),
                "z": target.z(mean),
                "source": target.source,
            }
        )
    return pd.DataFrame(rows)
