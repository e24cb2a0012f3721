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
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import UserError
from sim.pipeline import RunStore, RunTask
from sim.run.manifest import write_json
from sim.run.runner import write_parquet

OWN_FILES = ("sweep.json", "results.parquet", "timeseries.parquet", "manifest.json")
OWN_DIRS = ("runs", "failed")


class SweepStore(RunStore):
    """A `RunStore` that also owns its folder (one sweep definition) and compacts the runs."""

    # -- identity -------------------------------------------------------------------------
    def claim(self, definition: dict[str, Any], fresh: bool) -> None:
        """Make the folder this sweep's, refusing one written by another definition."""
        marker = self.folder / "sweep.json"
        if self.folder.exists() and any(self.folder.iterdir()):
            if not marker.is_file():
                if not fresh:
                    raise UserError(
                        f"{self.folder}: --out folder is not empty and holds no sweep.json; "
                        "choose an empty or new folder"
                    )
                raise UserError(f"{self.folder}: --fresh only clears sweep folders (no sweep.json)")
            previous = _read_json(marker).get("definition_hash")
            if previous != definition["definition_hash"] and not fresh:
                raise UserError(
                    f"{self.folder}: holds sweep {previous}, not this definition "
                    f"{definition['definition_hash']}; use --fresh to discard it, or another --out"
                )
            if fresh:
                self.clear()
        self.runs.mkdir(parents=True, exist_ok=True)
        self.failed.mkdir(parents=True, exist_ok=True)
        write_json(marker, definition)

    def clear(self) -> None:
        for name in OWN_DIRS:
            shutil.rmtree(self.folder / name, ignore_errors=True)
        for name in OWN_FILES:
            (self.folder / name).unlink(missing_ok=True)

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


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: unreadable sweep file ({exc})") from None
