"""Runs that raise and worker processes that die: recorded or resubmitted, nothing else lost.

The task functions below run in the pool's worker processes (imported there by name); they
wrap the real `sim.pipeline.simulate_task` and fail on one chosen point.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from sim.pipeline import RunTask, simulate_task
from sim.sweep.plan import load_sweep
from sim.sweep.runner import run_sweep
from tests.conftest import write_sweep


def die_marker(task: RunTask) -> Path:
    """Where a worker notes it has died once for this task (workers share no other state)."""
    return Path(tempfile.gettempdir()) / f"bordersim-test-died-{task.key}"


def raise_on_point_1(task: RunTask) -> dict:
    if task.label["point"] == 1:
        raise RuntimeError("retraining market exploded")
    return simulate_task(task)


def die_once_on_point_2_replicate_0(task: RunTask) -> dict:
    if (task.label["point"], task.label["replicate"]) == (2, 0) and not die_marker(task).exists():
        die_marker(task).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return simulate_task(task)


def die_always_on_point_3(task: RunTask) -> dict:
    if task.label["point"] == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return simulate_task(task)


def test_a_run_that_raises_is_recorded_and_the_sweep_goes_on(tmp_path):
    plan = load_sweep(write_sweep(tmp_path))
    out = tmp_path / "out"
    report = run_sweep(plan, out, workers=2, progress=False, task_fn=raise_on_point_1)
    assert (report.done, report.failed) == (3, 1)
    results = pd.read_parquet(out / "results.parquet")
    bad = results[results["point"] == 1].iloc[0]
    assert bad["status"] == "failed" and "retraining market exploded" in bad["error"]
    assert pd.isna(bad["unemployment_rate_mx@2022-06"])
    assert results.loc[results["point"] != 1, "unemployment_rate_mx@2022-06"].notna().all()
    failure = json.loads((out / "failed" / f"{bad['key']}.json").read_text())
    assert failure["params"] == plan.points[1] and failure["seed"] == plan.tasks[1].seed
    assert "RuntimeError" in failure["traceback"] and "raise_on_point_1" in failure["traceback"]

    # resuming retries only the failed run; once it succeeds its failure record goes away
    again = run_sweep(plan, out, workers=2, progress=False)
    assert (again.skipped, again.done, again.failed) == (3, 1, 0)
    assert not any((out / "failed").iterdir())


@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_no_other_run_is_lost(tmp_path):
    plan = load_sweep(write_sweep(tmp_path, seeds={"base": 3, "replicates": 2}))
    marker = die_marker(
        next(t for t in plan.tasks if t.label["point"] == 2 and t.label["replicate"] == 0)
    )
    marker.unlink(missing_ok=True)
    out = tmp_path / "out"
    report = run_sweep(
        plan, out, workers=2, progress=False, task_fn=die_once_on_point_2_replicate_0
    )
    assert marker.exists()
    marker.unlink()
    assert report.restarts == 1
    assert (report.done, report.failed) == (8, 0)
    results = pd.read_parquet(out / "results.parquet")
    assert (results["status"] == "done").all() and results["key"].is_unique


@pytest.mark.slow
def test_a_task_that_always_kills_its_worker_is_failed_alone_and_spares_the_others(tmp_path):
    plan = load_sweep(write_sweep(tmp_path))
    out = tmp_path / "out"
    report = run_sweep(plan, out, workers=2, progress=False, task_fn=die_always_on_point_3)
    # the runs that shared the pool with it are rerun alone and succeed; it dies alone 3 times
    assert (report.done, report.failed) == (3, 1) and 3 <= report.restarts <= 4
    results = pd.read_parquet(out / "results.parquet").set_index("point")
    assert "worker process died 3 times" in results.loc[3, "error"]
