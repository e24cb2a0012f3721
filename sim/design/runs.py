"""Batches of model runs for policy design, on the sweep execution machinery.

A batch is a list of (config, seed) runs; each run's identity is the hash of its resolved
config and seed (`run_key`), and its summaries are stored once, in the design folder's run
store, under that key. Asking again for a stored run reads it back instead of running it, so
a seeded optimiser that is re-run after a crash replays its generations from the store and
neither loses nor repeats an evaluation. Runs execute on local processes or Dask.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.run.progress import make_progress
from sim.sweep.backends import run_dask, run_local
from sim.sweep.plan import run_key
from sim.sweep.store import SweepStore
from sim.sweep.store import _read_record as read_record
from sim.sweep.worker import simulate_task

Task = dict[str, Any]


def _local_cluster(workers: int):
    """One Dask LocalCluster for the whole job (an optimisation sends many small batches;
    starting a cluster per batch would cost seconds each)."""
    from dask.distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )


@dataclass
class Run:
    """One requested run: its config and seed, plus labels that say where it belongs."""

    config: dict[str, Any]
    seed: int
    labels: dict[str, Any]

    @property
    def key(self) -> str:
        return run_key(self.config, self.seed)


@dataclass
class RunBatches:
    """Runs batches through a backend into a store; remembers every run it was asked for."""

    folder: Path
    summaries: list[str]
    total: int  # runs expected over the whole job (for the progress bar)
    backend: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    progress: bool = True
    task_fn: Callable[[Task], dict] = simulate_task
    rows: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"cached": 0, "ran": 0, "failed": 0})

    def __post_init__(self) -> None:
        self.store = SweepStore(self.folder)
        self.workers = self.workers or os.cpu_count() or 1
        self._bar = make_progress(
            "[cyan]{task.fields[cached]} cached [green]{task.fields[ran]} ran "
            "[red]{task.fields[failed]} failed"
        )
        self._bar_task = self._bar.add_task("evaluations", total=self.total, **self.counts)

    def __enter__(self) -> RunBatches:
        self._cluster = None
        if self.backend == "dask" and not self.scheduler:
            self._cluster = _local_cluster(self.workers)
            self.scheduler = self._cluster.scheduler_address
        self.store.runs.mkdir(parents=True, exist_ok=True)
        self.store.failed.mkdir(parents=True, exist_ok=True)
        self._finished = self.store.finished_keys()
        if self.progress:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, runs: list[Run]) -> list[dict[str, float] | None]:
        """Summaries of each run (None for a run that failed), running only unstored ones."""
        keys = [r.key for r in runs]
        pending: dict[str, Task] = {}
        for number, (run, key) in enumerate(zip(runs, keys, strict=True)):
            if key not in self._finished and key not in pending:
                pending[key] = self._task(run, key, number)
        self._advance(cached=len(runs) - len(pending))
        if pending and self.backend == "dask":
            run_dask(
                list(pending.values()), self._on_result, self.workers, self.scheduler, self.task_fn
            )
        elif pending:
            run_local(list(pending.values()), self._on_result, self.workers, self.task_fn)
        results = []
        for run, key in zip(runs, keys, strict=True):
            record = read_record(self.store.runs / f"{key}.parquet")
            summaries = None if record is None else record["summaries"]
            self.rows.append({**run.labels, "seed": run.seed, "key": key, **(summaries or {})})
            results.append(summaries)
        return results

    def table(self) -> pd.DataFrame:
        """Every run asked for so far, one row each, with its labels and summaries."""
        frame = pd.DataFrame(self.rows)
        for column in self.summaries:
            frame[column] = frame[column].astype(float) if column in frame else float("nan")
        return frame

    def _task(self, run: Run, key: str, number: int) -> Task:
        keep = {"timeseries": [], "summaries": self.summaries}
        params = {k: v for k, v in run.labels.items() if "." in k}
        return {
            "key": key,
            "config": run.config,
            "seed": run.seed,
            "keep": keep,
            "point": number,
            "replicate": 0,
            "params": params,
        }

    def _on_result(self, task: Task, result: dict[str, Any]) -> None:
        if result["status"] == "done":
            self.store.write_run(task, result)
            self._finished.add(task["key"])
            self._advance(ran=1)
        else:
            self.store.write_failure(task, result)
            self._advance(failed=1)

    def _advance(self, **counts: int) -> None:
        for name, value in counts.items():
            self.counts[name] += value
        self._bar.update(self._bar_task, advance=sum(counts.values()), **self.counts)
