"""Run a sweep: claim the folder, skip finished runs, execute the rest, compact, write manifest."""

from __future__ import annotations

import os
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.config import PROJECT_ROOT
from sim.errors import UserError
from sim.pipeline import RunResult, RunTask, TaskFn, execute, simulate_task
from sim.run.manifest import code_version, hardware, now, package_versions, write_json
from sim.run.progress import make_progress
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
    backend: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    fresh: bool = False,
    progress: bool = True,
    task_fn: TaskFn = simulate_task,
) -> SweepReport:
    """Run every unfinished run of the plan and compact the results into one table."""
    store = SweepStore(out_dir or default_sweep_dir(plan))
    store.claim(definition(plan), fresh)
    workers = workers or os.cpu_count() or 1
    pending = store.pending(plan.tasks)  # discrete levels can repeat a (config, seed)
    unique = {t.key for t in plan.tasks}
    finished = len(unique) - len(pending)
    started_at, started = now(), time.perf_counter()
    counts = {"done": 0, "failed": 0}

    bar = make_progress("[green]{task.fields[done]} done [red]{task.fields[failed]} failed")
    with bar if progress else nullcontext():
        bar_task = bar.add_task(plan.spec.name, total=len(unique), completed=finished, **counts)

        def on_result(task: RunTask, result: RunResult) -> None:
            if result["status"] == "done":
                store.write(task, result)
            else:
                store.write_failure(task, result)
            counts[result["status"]] += 1
            bar.update(bar_task, advance=1, **counts)

        restarts = execute(pending, on_result, backend, workers, scheduler, task_fn)

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
            "workers": workers,
            "started": started_at,
            "finished": now(),
            "seconds": round(seconds, 3),
            "runs": len(plan.tasks),
            "distinct_runs": len(unique),
            "skipped_finished": finished,
            "ran_ok": counts["done"],
            "ran_failed": counts["failed"],
            "without_result": failed,
            "pool_restarts": restarts,
            "code": code_version(),
            "packages": package_versions(),
            "hardware": hardware(),
        },
    )
    return SweepReport(
        store.folder, len(plan.tasks), finished, counts["done"], failed, restarts, seconds
    )
