"""Run a sweep: claim the folder, skip finished runs, execute the rest, compact, write manifest."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sim.config import PROJECT_ROOT
from sim.errors import UserError
from sim.pipeline import Bar, Batch, Execution, TaskFn, simulate_task
from sim.run.manifest import code_version, hardware, now, package_versions, write_json
from sim.sweep.plan import SweepPlan
from sim.sweep.store import SweepStore


@dataclass
class SweepReport:
    folder: Path
    total: int
    skipped: int  # finished before this invocation
    done: int  # finished by this invocation
    failed: int  # runs without a result at the end
    restarts: int
    seconds: float


def default_sweep_dir(plan: SweepPlan) -> Path:
    """results/sweeps/<name>; names start with a letter or digit, so this stays inside."""
    root = PROJECT_ROOT / "results" / "sweeps"
    folder = root / plan.spec.name
    if folder.resolve().parent != root.resolve():
        raise UserError(f"sweep name {plan.spec.name!r} would write outside {root}")
    return folder


def definition(plan: SweepPlan) -> dict[str, Any]:
    """What sweep.json holds: enough to recognise the sweep and to analyse its results."""
    return {
        "name": plan.spec.name,
        "definition_hash": plan.definition_hash,
        "source": str(plan.source),
        "spec": plan.spec.model_dump(mode="json"),
        "base_config": plan.base_config,
        "parameters": list(plan.spec.parameters),
        "unit_matrix": plan.unit.tolist(),
        "points": len(plan.points),
        "runs": len(plan.tasks),
    }


def run_sweep(
    plan: SweepPlan,
    out_dir: Path | None = None,
    backend: Literal["local", "dask"] = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    fresh: bool = False,
    progress: bool = True,
    task_fn: TaskFn = simulate_task,
) -> SweepReport:
    """Run every unfinished run of the plan and compact the results into one table."""
    store = SweepStore(out_dir or default_sweep_dir(plan))
    store.claim(definition(plan), fresh)
    execution = Execution(backend, workers, scheduler)
    unique = {t.key for t in plan.tasks}  # discrete levels can repeat a (config, seed)
    started_at, started = now(), time.perf_counter()
    bar = Bar(plan.spec.name, "[green]{task.fields[ran]} done [red]{task.fields[failed]} failed")
    with Batch(store, execution, "record", bar if progress else None, task_fn) as batch:
        batch.run(plan.tasks)
    counts = batch.counts
    finished = len(unique) - counts["ran"] - counts["failed"]  # distinct runs already stored
    seconds = time.perf_counter() - started
    failed = store.compact(plan.tasks, plan.summaries, bool(plan.spec.keep.timeseries))
    write_json(
        store.folder / "manifest.json",
        {
            "sweep": plan.spec.name,
            "definition_hash": plan.definition_hash,
            "source": str(plan.source),
            "backend": backend,
            "scheduler": scheduler,
            "workers": execution.worker_count,
            "started": started_at,
            "finished": now(),
            "seconds": round(seconds, 3),
            "runs": len(plan.tasks),
            "distinct_runs": len(unique),
            "skipped_finished": finished,
            "ran_ok": counts["ran"],
            "ran_failed": counts["failed"],
            "without_result": failed,
            "pool_restarts": batch.restarts,
            "code": code_version(),
            "packages": package_versions(),
            "hardware": hardware(),
        },
    )
    return SweepReport(
        store.folder, len(plan.tasks), finished, counts["ran"], failed, batch.restarts, seconds
    )
