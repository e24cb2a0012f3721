"""One batch of model runs: where they execute, where their results go, what a failure does.

Every caller that runs many tasks (sweep, experiments, calibration, policy design, held-back
validation) goes through `Batch`: it skips tasks whose result is already in the store, runs the
rest on the chosen backend, writes each result as it arrives, advances one progress bar and
applies one failure policy:

    "record"  a run that raises (or kills its worker 3 times) is recorded in the store and the
              batch goes on; the caller finds it among `failures` (sweeps, policy design).
    "raise"   the batch still runs to its end, so every run that worked is kept (an interrupted
              or failed reproduction resumes where it stopped), then raises `RunsFailed` naming
              how many failed and the first of them (experiments, calibration, validation).

A store is a `RunStore` on disk (resumable) or a `MemoryStore` (results a caller measures
at once and then drops, as calibration does for each evaluation).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sim.errors import UserError
from sim.pipeline.pool import TaskFn, execute
from sim.pipeline.task import RunResult, RunTask, simulate_task
from sim.run.progress import make_progress

if TYPE_CHECKING:  # pandas loads with the first run, not with a command's early errors
    import pandas as pd

Failures = Literal["record", "raise"]


class Store(Protocol):
    """Where a batch keeps results: `RunStore` (files) or `MemoryStore`."""

    def finished_keys(self) -> set[str]: ...
    def write(self, task: RunTask, result: RunResult) -> None: ...
    def write_failure(self, task: RunTask, result: RunResult) -> None: ...
    def read(self, key: str) -> tuple[pd.DataFrame, pd.DataFrame | None]: ...


class MemoryStore:
    """Results held in this process, for runs measured at once and not kept."""

    def __init__(self) -> None:
        self.results: dict[str, RunResult] = {}

    def finished_keys(self) -> set[str]:
        return set(self.results)

    def write(self, task: RunTask, result: RunResult) -> None:
        self.results[task.key] = result

    def write_failure(self, task: RunTask, result: RunResult) -> None:
        """Nothing to keep: the failure reaches the caller through `Batch.failures`."""

    def read(self, key: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        result = self.results[key]
        return result["timeseries"], result.get("cities")


@dataclass(frozen=True)
class Execution:
    """Where runs execute: local processes (default) or Dask (`scheduler`, else a local
    cluster started once for the whole batch); `workers` defaults to one per core."""

    backend: Literal["local", "dask"] = "local"
    workers: int | None = None
    scheduler: str | None = None

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1


@dataclass(frozen=True)
class Bar:
    """The progress bar a batch shows: a description (which may name the counts `{cached}`,
    `{ran}`, `{failed}`) and a text column (`{task.fields[cached]}` ...); `total` is the number
    of tasks expected over every `run` call (default: the tasks of each call, added as they
    come)."""

    description: str
    counts: str = ""
    total: int | None = None


@dataclass(frozen=True)
class Failure:
    task: RunTask
    error: str
    traceback: str

    def line(self) -> str:
        label = " ".join(str(value) for value in self.task.label.values())
        return f"{label + ' ' if label else ''}seed {self.task.seed}: {self.error}"


class RunsFailed(UserError):
    """Raised by a batch whose failure policy is "raise" when any of its runs failed; the
    message names the first, `failures` holds every one with its traceback."""

    def __init__(self, failures: list[Failure]) -> None:
        super().__init__(f"{len(failures)} run(s) failed, first: {failures[0].line()}")
        self.failures = failures


class Batch:
    """Runs tasks into a store (see the module docstring); use it as a context manager, which
    shows the bar and holds the Dask cluster, and call `run` once or many times."""

    def __init__(
        self,
        store: Store,
        execution: Execution | None = None,
        failures: Failures = "record",
        bar: Bar | None = None,
        task_fn: TaskFn = simulate_task,
    ) -> None:
        self.store = store
        self.execution = execution or Execution()
        self.policy = failures
        self.task_fn = task_fn
        self.counts = {"cached": 0, "ran": 0, "failed": 0}
        self.failures: list[Failure] = []
        self.restarts = 0  # local pools restarted after a worker process died
        self._shown = _Shown(bar) if bar else None
        self._cluster: Any = None
        self._scheduler = self.execution.scheduler
        self._finished: set[str] = set()  # keys with a result in the store

    def __enter__(self) -> Batch:
        self._finished = self.store.finished_keys()  # read once; later results tracked here
        if self._shown is not None:
            self._shown.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._shown is not None:
            self._shown.progress.stop()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, tasks: list[RunTask]) -> None:
        """Run the tasks whose result is not in the store yet, each distinct key once; a task
        served by the store or by another task of the same key counts as cached."""
        unique = {task.key: task for task in tasks}
        pending = [task for key, task in unique.items() if key not in self._finished]
        if self._shown is not None:
            self._shown.expect(len(tasks))
        self._advance(cached=len(tasks) - len(pending))
        first_failure = len(self.failures)
        if pending and self.execution.backend == "dask" and not self._scheduler:
            self._cluster = _local_cluster(self.execution.worker_count)
            self._scheduler = self._cluster.scheduler_address
        self.restarts += execute(
            pending,
            self._on_result,
            self.execution.backend,
            self.execution.worker_count,
            self._scheduler,
            self.task_fn,
        )
        failed = self.failures[first_failure:]
        if failed and self.policy == "raise":
            raise RunsFailed(failed)

    def _on_result(self, task: RunTask, result: RunResult) -> None:
        if result["status"] == "done":
            self.store.write(task, result)
            self._finished.add(task.key)
            self._advance(ran=1)
        else:
            self.store.write_failure(task, result)
            self.failures.append(
                Failure(task, result.get("error", ""), result.get("traceback", ""))
            )
            self._advance(failed=1)

    def _advance(self, **counts: int) -> None:
        for name, value in counts.items():
            self.counts[name] += value
        if self._shown is not None:
            self._shown.advance(sum(counts.values()), self.counts)


class _Shown:
    """A batch's rich progress bar: one task whose total grows with each `run` call unless
    the `Bar` fixed it."""

    def __init__(self, bar: Bar) -> None:
        self.bar = bar
        self.progress = make_progress(bar.counts)
        self.task = self.progress.add_task(
            bar.description.format(cached=0, ran=0, failed=0),
            total=bar.total or 0,
            cached=0,
            ran=0,
            failed=0,
        )

    def expect(self, tasks: int) -> None:
        if self.bar.total is None:
            total = self.progress.tasks[0].total or 0
            self.progress.update(self.task, total=total + tasks)

    def advance(self, by: int, counts: dict[str, int]) -> None:
        self.progress.update(
            self.task,
            advance=by,
            description=self.bar.description.format(**counts),
            cached=counts["cached"],
            ran=counts["ran"],
            failed=counts["failed"],
        )


def run_in_memory(
    tasks: list[RunTask], execution: Execution | None = None
) -> list[tuple[pd.DataFrame, pd.DataFrame | None]]:
    """Every task's monthly and city tables, in task order; raises `RunsFailed` if any run
    failed (calibration moments and held-back checks measure runs they do not keep)."""
    store = MemoryStore()
    with Batch(store, execution, failures="raise") as batch:
        batch.run(tasks)
    return [store.read(task.key) for task in tasks]


def _local_cluster(workers: int) -> Any:
    """One Dask LocalCluster for the whole batch (policy design sends many small `run` calls;
    starting a cluster per call would cost seconds each)."""
    from dask.distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
