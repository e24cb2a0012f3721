"""The sweep folder: one Parquet per finished run, failure records, the compacted tables.

Layout of a sweep folder:
    sweep.json            the definition (spec, points, run keys, definition hash)
    runs/<key>.parquet    one finished run: kept time series; its record in the schema metadata
    failed/<key>.json     one failed run: parameters, seed, error, traceback
    results.parquet       one row per run (point, replicate, seed, parameters, summaries, status)
    timeseries.parquet    every kept month of every run (when the sweep keeps time series)
    manifest.json         code and package versions, backend, timings, counts

`runs/` and `failed/` are a `sim.pipeline.RunStore` (atomic writes, Parquet and JSON only; a
run file that cannot be read back whole is deleted and re-run).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from sim.pipeline import RunStore, RunTask
from sim.run.claim import claim
from sim.run.runner import write_parquet


class SweepStore(RunStore):
    """A `RunStore` that also owns its folder (one sweep definition) and compacts the runs."""

    # -- identity -------------------------------------------------------------------------
    def claim(self, definition: dict[str, Any], fresh: bool) -> None:
        """Make the folder this sweep's (`sim.run.claim`), refusing another owner or definition
        unless --fresh, which discards what the earlier claim wrote."""
        claim(self.folder, "sweep", definition, fresh, marker="sweep.json", force_flag="--fresh")
        self.runs.mkdir(parents=True, exist_ok=True)
        self.failed.mkdir(parents=True, exist_ok=True)

    # -- compaction -----------------------------------------------------------------------
    def compact(self, tasks: list[RunTask], summaries: list[str], keep_series: bool) -> int:
        """Write results.parquet (and timeseries.parquet); returns the number of failed runs."""
        rows, series = [], []
        for task in tasks:
            point, replicate = task.label["point"], task.label["replicate"]
            row = {
                "point": point,
                "replicate": replicate,
                "seed": task.seed,
                "key": task.key,
                **{f"param:{k}": _cell(v) for k, v in task.label["params"].items()},
            }
            record = self.record(task.key)
            if record is not None:
                row.update(status="done", error=None, **record["summaries"])
                if keep_series:
                    frame, _ = self.read(task.key)
                    frame.insert(0, "replicate", replicate)
                    frame.insert(0, "point", point)
                    series.append(frame)
            else:
                failure = self.failure(task.key) or {"error": "not run"}
                row.update(status="failed", error=failure["error"], **dict.fromkeys(summaries))
            rows.append(row)
        results = pd.DataFrame(rows)
        for column in summaries:
            results[column] = results[column].astype(float)
        write_parquet(results, self.folder / "results.parquet")
        if keep_series and series:
            write_parquet(pd.concat(series, ignore_index=True), self.folder / "timeseries.parquet")
        return int((results["status"] != "done").sum())


def _cell(value: Any) -> Any:
    """Parameter values as table cells: lists (e.g. SEZ city lists) become JSON text."""
    return json.dumps(value) if isinstance(value, list | dict) else value
