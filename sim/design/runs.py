"""Batches of model runs for policy design, on the single execution pipeline (`sim.pipeline`).

A batch is a list of run tasks; each task's key is the hash of its resolved config and seed,
and its summaries are stored once, in the design folder's `RunStore`, under that key. Asking
again for a stored run reads it back instead of running it, so a seeded optimiser that is
re-run after a crash replays its generations from the store and neither loses nor repeats an
evaluation. Runs execute on local processes or Dask (`execute`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.pipeline import RunResult, RunStore, RunTask, TaskFn, execute, simulate_task
from sim.run.progress import make_progress


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
class RunBatches:
    """Runs batches through a backend into a store; remembers every run it was asked for."""

    folder: Path
    total: int  # runs expected over the whole job (for the progress bar)
    backend: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    progress: bool = True
    task_fn: TaskFn = simulate_task
    rows: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"cached": 0, "ran": 0, "failed": 0})

    def __post_init__(self) -> None:
        self.store = RunStore(self.folder)
        self.workers = self.workers or os.cpu_count() or 1
        self._bar = make_progress(
            "[cyan]{task.fields[cached]} cached [green]{task.fields[ran]} ran "
            "[red]{task.fields[failed]} failed"
        )
        self._bar_task = self._bar.add_task("evaluations", total=self.total, **self.counts)
        self._cluster = None

    def __enter__(self) -> RunBatches:
        if self.backend == "dask" and not self.scheduler:
            self._cluster = _local_cluster(self.workers)
            self.scheduler = self._cluster.scheduler_address
        self._finished = self.store.finished_keys()
        if self.progress:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, tasks: list[RunTask]) -> list[dict[str, float] | None]:
        """Summaries of each task (None for a run that failed), running only unstored ones."""
        pending = {t.key: t for t in tasks if t.key not in self._finished}
        self._advance(cached=len(tasks) - len(pending))
        execute(
            list(pending.values()),
            self._on_result,
            self.backend,
            self.workers,
            self.scheduler,
            self.task_fn,
        )
        results = []
        for task in tasks:
            record = self.store.record(task.key)
            summaries = None if record is None else record["summaries"]
            self.rows.append(
                {**task.label, "seed": task.seed, "key": task.key, **(summaries or {})}
            )
            results.append(summaries)
        return results

    def table(self, summaries: list[str]) -> pd.DataFrame:
        """Every run asked for so far, one row each, with its labels and summaries."""
        frame = pd.DataFrame(self.rows)
        for column in summaries:
            frame[column] = frame[column].astype(float) if column in frame else float("nan")
        return frame

    def _on_result(self, task: RunTask, result: RunResult) -> None:
        if result["status"] == "done":
            self.store.write(task, result)
            self._finished.add(task.key)
            self._advance(ran=1)
        else:
            self.store.write_failure(task, result)
            self._advance(failed=1)

    def _advance(self, **counts: int) -> None:
        for name, value in counts.items():
            self.counts[name] += value
        self._bar.update(self._bar_task, advance=sum(counts.values()), **self.counts)
