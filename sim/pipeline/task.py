"""One run as a task any worker can execute, and the worker-side function that runs it.

A task carries its fully resolved config as a JSON-able dict and its seed, so the result does
not depend on which process, machine or backend runs it; the worker returns plain data (tables
and numbers) and never writes files, so workers need no shared disk.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, cast

from sim.config import Scenario
from sim.config.resolve import run_key
from sim.outputs import check_table, city_columns, output_columns
from sim.pipeline.summary import Summary

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Keep:
    """What a run sends back: monthly columns (True = all, list = these, False = none beyond
    `date` and `step`), the per-city table or not, and summary expressions."""

    timeseries: bool | list[str] = True
    cities: bool = False
    summaries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RunTask:
    key: str  # run_key(config, seed)
    config: dict[str, Any]  # the resolved scenario, JSON-able
    seed: int
    keep: Keep = field(default_factory=Keep)
    label: dict[str, Any] = field(default_factory=dict)  # what the run is to its caller

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        seed: int,
        keep: Keep | None = None,
        label: dict[str, Any] | None = None,
    ) -> RunTask:
        config = scenario.model_dump(mode="json")
        return cls(run_key(config, seed), config, seed, keep or Keep(), label or {})


class RunResult(TypedDict):
    key: str
    status: str  # "done" or "failed"
    seconds: float
    timeseries: NotRequired[pd.DataFrame]
    cities: NotRequired[pd.DataFrame | None]
    summaries: NotRequired[dict[str, float]]
    error: NotRequired[str]
    traceback: NotRequired[str]


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


def simulate_task(task: RunTask) -> dict[str, Any]:
    """Run one task: the kept monthly columns, the city table if kept, summaries, seconds.
    Both tables are checked against the output contract first, as `bordersim run` does, so no
    table that breaks it reaches a store."""
    from sim.run.runner import simulate

    output = simulate(Scenario.model_validate(task.config), task.seed)
    check_table(output.timeseries, output_columns())
    check_table(output.cities, ["step", *city_columns()])  # Mesa's step, then the contract
    series, keep = output.timeseries, task.keep
    if keep.timeseries is not True:
        series = series[["date", "step", *(keep.timeseries or [])]]
    return {
        "timeseries": series,
        "cities": output.cities if keep.cities else None,
        "summaries": summarise(output.timeseries, keep.summaries),
        "seconds": output.seconds,
    }


def run_task(
    task: RunTask, task_fn: Callable[[RunTask], dict[str, Any]] = simulate_task
) -> RunResult:
    """Run `task_fn(task)`; any exception becomes a failed result with its traceback."""
    started = time.perf_counter()
    try:
        result = task_fn(task)
    except Exception as exc:  # noqa: BLE001 - a failed run is data, recorded with its traceback
        return {
            "key": task.key,
            "status": "failed",
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
            "seconds": time.perf_counter() - started,
        }
    return cast(RunResult, {"key": task.key, "status": "done", **result})
