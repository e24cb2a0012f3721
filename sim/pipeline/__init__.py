"""The one execution path for many runs: sweeps, experiments, calibration, policy design and
held-back validation all go through `Batch`.

Public API (other packages build on exactly these names):

    resolve_scenario(path, overrides=(), seed=None, *, source=None, override_source="--set")
        -> tuple[Scenario, int]
        File + `extends:` + `path=value` overrides + seed -> one validated config and its seed.
        Every scenario file read for a run (CLI, sweep base, experiment arm) goes through it.

    run_key(config: dict, seed: int) -> str
        Identity of a run: hash of the fully resolved config (JSON-able dict) and the seed.

    Keep(timeseries=True, cities=False, summaries=[])
        What a run sends back: all monthly columns (True), a list of them, or none (False:
        `date` and `step` only); the per-city table or not; summary expressions
        (`column@month`, `mean|sum|min|max(column)@start..end`).

    RunTask(key, config, seed, keep=Keep(), label={})
        One run, cheap to ship to any worker: `config` is the resolved scenario as a JSON-able
        dict, `label` says what the run is to its caller (sweep point, experiment arm ...).
        `RunTask.of(scenario, seed, keep, label)` fills `key` and `config`.

    simulate_task(task: RunTask) -> dict
        Runs the task; returns {"timeseries", "cities" (or None), "summaries", "seconds"}.

    run_task(task: RunTask, task_fn=simulate_task) -> RunResult
        The worker-side function every pool calls: a failure comes back as data
        {"key", "status": "failed", "error", "traceback", "seconds"}; success is
        {"key", "status": "done", **task_fn(task)}.

    execute(tasks, on_result, backend="local"|"dask", workers=None, scheduler=None,
            task_fn=simulate_task) -> int
        Runs tasks, calling `on_result(task, result)` in this process as each finishes (any
        order); returns how many times the local pool was restarted after a worker died.

    Batch(store, Execution(backend, workers, scheduler), failures="record"|"raise", bar=None,
          task_fn=simulate_task)
        Used as a context manager; `run(tasks)` runs the tasks without a result in the store
        (RunStore, or MemoryStore), counts cached/ran/failed, shows `Bar(description, counts,
        total)`. "record": failures are recorded and the batch goes on; "raise": the batch
        ends, then raises RunsFailed (a UserError) naming the first failure.
        `run_in_memory(tasks, execution)` -> every task's (timeseries, cities), in task order.

    check_scheduler(address)
        Refuses in one line, within seconds, a Dask scheduler address nothing answers at.

    RunStore(folder)
        Per-run Parquet files under `folder/runs/` keyed by task key (atomic writes; files
        that do not read back whole are deleted so the run is redone), failures under
        `folder/failed/`. `finished_keys()`, `pending(tasks)`, `write(task, result)`,
        `write_failure(task, result)`, `record(key)`, `read(key)`.
"""

from sim.config.resolve import resolve_scenario, run_key
from sim.pipeline.batch import (
    Bar,
    Batch,
    Execution,
    MemoryStore,
    RunsFailed,
    run_in_memory,
)
from sim.pipeline.pool import TaskFn, check_scheduler, execute, start_local_workers
from sim.pipeline.store import RunStore
from sim.pipeline.task import Keep, RunResult, RunTask, run_task, simulate_task, summarise

__all__ = [
    "Bar",
    "Batch",
    "Execution",
    "Keep",
    "MemoryStore",
    "RunResult",
    "RunStore",
    "RunTask",
    "RunsFailed",
    "TaskFn",
    "check_scheduler",
    "execute",
    "resolve_scenario",
    "run_in_memory",
    "run_key",
    "run_task",
    "simulate_task",
    "start_local_workers",
    "summarise",
]
