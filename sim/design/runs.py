"""Batches of model runs for policy design, on the one batch runner (`sim.pipeline.batch`).

A batch is a list of run tasks; each task's key is the hash of its resolved config and seed,
and its summaries are stored once, in the design folder's `RunStore`, under that key. Asking
again for a stored run reads it back instead of running it, so a seeded optimiser that is
re-run after a crash replays its generations from the store and neither loses nor repeats an
evaluation. A run that fails is recorded and the search goes on (its summaries are None).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from sim.pipeline import Bar, Batch, Execution, RunStore, RunTask, TaskFn, simulate_task

COUNTS = (
    "[cyan]{task.fields[cached]} cached [green]{task.fields[ran]} ran "
    "[red]{task.fields[failed]} failed"
)


@dataclass
class RunBatches:
    """Runs batches through a backend into a store; remembers every run it was asked for."""

    folder: Path
    total: int  # runs expected over the whole job (for the progress bar)
    backend: Literal["local", "dask"] = "local"
    workers: int | None = None
    scheduler: str | None = None
    progress: bool = True
    task_fn: TaskFn = simulate_task
    rows: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.store = RunStore(self.folder)
        execution = Execution(self.backend, self.workers, self.scheduler)
        self.workers = execution.worker_count
        bar = Bar("evaluations", COUNTS, self.total) if self.progress else None
        self.batch = Batch(self.store, execution, "record", bar, self.task_fn)

    @property
    def counts(self) -> dict[str, int]:
        return self.batch.counts

    def __enter__(self) -> RunBatches:
        self.batch.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.batch.__exit__(*exc)

    def run(self, tasks: list[RunTask]) -> list[dict[str, float] | None]:
        """Summaries of each task (None for a run that failed), running only unstored ones."""
        self.batch.run(tasks)
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
