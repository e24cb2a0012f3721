"""Run an experiment's arms x seeds on the sweep machinery's local process pool.

Each finished run is written at once (time series and city table, Parquet, atomic) under the
output folder's `runs/`, keyed like sweep runs by a hash of (resolved config, seed); running
again skips finished runs, so an interrupted reproduction resumes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config import PROJECT_ROOT, Scenario, apply_override, read_scenario_data
from sim.config import validate_scenario as validate
from sim.errors import UserError
from sim.experiments.spec import ExperimentSpec
from sim.run.progress import make_progress
from sim.run.runner import write_parquet
from sim.sweep.backends import run_local
from sim.sweep.designs import replicate_seed
from sim.sweep.plan import run_key


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
    path = PROJECT_ROOT / arm.scenario
    data = read_scenario_data(path)
    for assignment in (*spec.overrides, *arm.overrides, *extra):
        apply_override(data, assignment, source=f"arms.{arm_index}.overrides")
    return validate(data, str(path))


def plan_tasks(spec: ExperimentSpec, seeds: int, extra: list[str]) -> list[dict[str, Any]]:
    """Every (arm, seed) task, validated before anything runs."""
    tasks = []
    for index, arm in enumerate(spec.arms):
        config = arm_scenario(spec, index, extra).model_dump(mode="json")
        for replicate in range(seeds):
            seed = replicate_seed(spec.base_seed, replicate)
            tasks.append(
                {"key": run_key(config, seed), "config": config, "seed": seed, "arm": arm.name}
            )
    return tasks


def experiment_task(task: dict[str, Any]) -> dict[str, Any]:
    """Worker side: one run, returning its monthly and per-city tables."""
    from sim.run.runner import simulate

    output = simulate(Scenario.model_validate(task["config"]), task["seed"])
    return {"timeseries": output.timeseries, "cities": output.cities, "seconds": output.seconds}


def _paths(folder: Path, key: str) -> tuple[Path, Path]:
    return folder / f"{key}.parquet", folder / f"{key}.cities.parquet"


def _finished(folder: Path, key: str) -> bool:
    return all(path.is_file() for path in _paths(folder, key))


def execute(tasks: list[dict[str, Any]], folder: Path, workers: int | None = None) -> RunSet:
    """Run the unfinished tasks (one progress bar), then load every run from `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    unique = {t["key"]: t for t in tasks}  # the same (config, seed) may serve several arms
    todo = [t for t in unique.values() if not _finished(folder, t["key"])]
    failures: list[str] = []
    with make_progress() as bar:
        done = len(unique) - len(todo)
        progress = bar.add_task(f"runs ({done} already done)", total=len(unique), completed=done)

        def on_result(task: dict[str, Any], result: dict[str, Any]) -> None:
            if result["status"] != "done":
                failures.append(f"{task['arm']} seed {task['seed']}: {result['error']}")
            else:
                series_path, cities_path = _paths(folder, task["key"])
                write_parquet(result["cities"], cities_path)
                write_parquet(result["timeseries"], series_path)
            bar.advance(progress)

        if todo:
            run_local(todo, on_result, workers or os.cpu_count() or 1, task_fn=experiment_task)
    if failures:
        raise UserError(f"{len(failures)} run(s) failed, first: {failures[0]}")
    runs: dict[str, list] = {}
    for task in tasks:
        series_path, cities_path = _paths(folder, task["key"])
        runs.setdefault(task["arm"], []).append(
            (task["seed"], pd.read_parquet(series_path), pd.read_parquet(cities_path))
        )
    return RunSet(runs)
