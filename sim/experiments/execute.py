"""Run an experiment's arms x seeds through the batch runner (local process pool, run store).

Each finished run is written at once (time series and city table, Parquet, atomic) in the
output folder's run store, keyed like sweep runs by a hash of (resolved config, seed); running
again skips finished runs, so an interrupted reproduction resumes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.config import PROJECT_ROOT, Scenario
from sim.experiments.spec import ExperimentSpec
from sim.pipeline import Bar, Batch, Execution, Keep, RunStore, RunTask, resolve_scenario
from sim.sweep.designs import replicate_seed


@dataclass
class RunSet:
    """The finished runs of one experiment: arm name -> list of (seed, timeseries, cities)."""

    runs: dict[str, list[tuple[int, pd.DataFrame, pd.DataFrame]]]

    def frames(self, arm: str) -> list[pd.DataFrame]:
        return [timeseries for _, timeseries, _ in self.runs[arm]]

    def city_frames(self, arm: str) -> list[pd.DataFrame]:
        return [cities for _, _, cities in self.runs[arm]]


def arm_scenario(spec: ExperimentSpec, arm_index: int, extra: list[str]) -> Scenario:
    arm = spec.arms[arm_index]
    scale = (
        []
        if spec.population_scale is None
        else [f"population.population_scale={spec.population_scale}"]
    )
    overrides = [*spec.overrides, *scale, *arm.overrides, *extra]
    scenario, _ = resolve_scenario(
        PROJECT_ROOT / arm.scenario, overrides, override_source=f"arms.{arm_index}.overrides"
    )
    return scenario


def plan_tasks(spec: ExperimentSpec, seeds: int, extra: list[str]) -> list[RunTask]:
    """Every (arm, seed) task, validated before anything runs. Replicate r of every arm runs
    on the same seed (common random numbers), except arms with a seed offset (an A/A arm)."""
    tasks = []
    for index, arm in enumerate(spec.arms):
        scenario = arm_scenario(spec, index, extra)
        for replicate in range(seeds):
            seed = replicate_seed(spec.base_seed + arm.seed_offset, replicate)
            tasks.append(RunTask.of(scenario, seed, Keep(cities=True), {"arm": arm.name}))
    return tasks


def run_all(tasks: list[RunTask], folder: Path, workers: int | None = None) -> RunSet:
    """Run the unfinished tasks into the run store at `folder` (one progress bar), then load
    every run from it; any failed run stops the reproduction after the others are stored."""
    store = RunStore(folder)
    bar = Bar("runs ({cached} already done)")
    with Batch(store, Execution(workers=workers), "raise", bar) as batch:
        batch.run(tasks)
    runs: dict[str, list] = {}
    for task in tasks:
        series, cities = store.read(task.key)
        runs.setdefault(task.label["arm"], []).append((task.seed, series, cities))
    return RunSet(runs)
