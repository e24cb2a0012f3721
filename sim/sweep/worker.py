"""What a worker does with one task: rebuild the scenario from its JSON config, run, summarise.

Runs in a pool process or a Dask worker; returns plain data (a record and a DataFrame) to the
sweep process, which alone writes files, so workers need no shared disk.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sim.config import Scenario
from sim.sweep.schema import Summary

if TYPE_CHECKING:
    import pandas as pd


def summarise(timeseries: pd.DataFrame, expressions: list[str]) -> dict[str, float]:
    """Evaluate summary expressions (parsed, never eval'd) on one run's monthly table."""
    values = {}
    for text in expressions:
        summary = Summary.parse(text)
        rows = timeseries.loc[
            (timeseries["date"] >= summary.start) & (timeseries["date"] <= summary.end),
            summary.column,
        ]
        if rows.empty:
            raise ValueError(
                f"summary {text}: no simulated month in {summary.start}..{summary.end}"
            )
        values[text] = float(rows.iloc[-1] if summary.func is None else rows.agg(summary.func))
    return values


def simulate_task(task: dict[str, Any]) -> dict[str, Any]:
    """Run one (config, seed) task; returns its record and the kept time series."""
    from sim.run.runner import simulate

    scenario = Scenario.model_validate(task["config"])
    output = simulate(scenario, task["seed"])
    keep = task["keep"]
    timeseries = output.timeseries
    if keep["timeseries"] is True:
        table = timeseries
    else:
        table = timeseries[["date", "step", *(keep["timeseries"] or [])]]
    return {
        "summaries": summarise(timeseries, keep["summaries"]),
        "table": table,
        "seconds": output.seconds,
    }


def guarded(task_fn: Callable[[dict], dict], task: dict[str, Any]) -> dict[str, Any]:
    """Run `task_fn` and turn any exception into a failure result (the sweep goes on)."""
    started = time.perf_counter()
    try:
        result = task_fn(task)
    except Exception as exc:  # noqa: BLE001 - a failed run is data, recorded with its traceback
        return {
            "key": task["key"],
            "status": "failed",
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
            "seconds": time.perf_counter() - started,
        }
    return {"key": task["key"], "status": "done", **result}
