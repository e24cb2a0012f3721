"""Simulated moments: each calibration target measured on one run, and over a set of seeds."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from sim.config import Scenario
from sim.run.runner import simulate
from sim.targets import CALIBRATION_TARGETS


def run_moments(job: tuple[Scenario, int]) -> dict[str, float]:
    """Every target's simulated value for one scenario and seed (runs in a worker process)."""
    scenario, seed = job
    output = simulate(scenario, seed)
    return {
        target.name: target.simulated(output.timeseries, output.cities)
        for target in CALIBRATION_TARGETS
    }


class SeedRunner:
    """Runs a scenario over a fixed seed set (common random numbers), in parallel processes."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("forkserver")  # no fork of a threaded parent
        self.pool = ProcessPoolExecutor(workers, mp_context=context) if workers > 1 else None

    def __enter__(self) -> SeedRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def moments(self, scenario: Scenario, seeds: list[int]) -> pd.DataFrame:
        """One row per seed, one column per target."""
        jobs = [(scenario, seed) for seed in seeds]
        mapper = self.pool.map if self.pool is not None else map
        rows = list(mapper(run_moments, jobs))
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
