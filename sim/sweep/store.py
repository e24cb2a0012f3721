"""The sweep folder: one Parquet per finished run, failure records, the compacted tables.

Layout of a sweep folder:
    sweep.json            the definition (spec, points, run keys, definition hash)
    runs/<key>.parquet    one finished run: kept time series; its record in the schema metadata
    failed/<key>.json     one failed run: parameters, seed, error, traceback
    results.parquet       one row per run (point, replicate, seed, parameters, summaries, status)
    timeseries.parquet    every kept month of every run (when the sweep keeps time series)
    manifest.json         code and package versions, backend, timings, counts

Files are written under a temporary name and renamed; reading uses Parquet and JSON only.
A run file that cannot be read back (truncated, corrupt, wrong key) is deleted and re-run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import UserError
from sim.run.manifest import write_json
from sim.run.runner import write_parquet

RECORD_KEY = "bordersim.run"
OWN_FILES = ("sweep.json", "results.parquet", "timeseries.parquet", "manifest.json")
OWN_DIRS = ("runs", "failed")


class SweepStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.runs = self.folder / "runs"
        self.failed = self.folder / "failed"

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

    # -- runs -----------------------------------------------------------------------------
    def finished_keys(self) -> set[str]:
        """Keys of readable run files; stale temporaries and unreadable files are removed."""
        for stale in self.runs.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
        keys = set()
        for path in self.runs.glob("*.parquet"):
            record = _read_record(path)
            if record is None or record.get("key") != path.stem:
                path.unlink(missing_ok=True)
            else:
                keys.add(path.stem)
        return keys

    def write_run(self, task: dict[str, Any], result: dict[str, Any]) -> None:
        record = {
            **_identity(task),
            "summaries": result["summaries"],
            "seconds": round(result["seconds"], 3),
        }
        write_parquet(
            result["table"], self.runs / f"{task['key']}.parquet", {RECORD_KEY: json.dumps(record)}
        )
        (self.failed / f"{task['key']}.json").unlink(missing_ok=True)

    def write_failure(self, task: dict[str, Any], result: dict[str, Any]) -> None:
        failure = {**_identity(task), "error": result["error"], "traceback": result["traceback"]}
        write_json(self.failed / f"{task['key']}.json", failure)

    # -- compaction -----------------------------------------------------------------------
    def compact(self, tasks: list[dict[str, Any]], summaries: list[str], keep_series: bool) -> int:
        """Write results.parquet (and timeseries.parquet); returns the number of failed runs."""
        rows, series = [], []
        for task in tasks:
            run_file = self.runs / f"{task['key']}.parquet"
            row = {
                "point": task["point"],
                "replicate": task["replicate"],
                "seed": task["seed"],
                "key": task["key"],
                **{f"param:{k}": _cell(v) for k, v in task["params"].items()},
            }
            record = _read_record(run_file) if run_file.is_file() else None
            if record is not None:
                row.update(status="done", error=None, **record["summaries"])
                if keep_series:
                    frame = pq.read_table(run_file).to_pandas()
                    frame.insert(0, "replicate", task["replicate"])
                    frame.insert(0, "point", task["point"])
                    series.append(frame)
            else:
                failure = self.failed / f"{task['key']}.json"
                error = _read_json(failure).get("error") if failure.is_file() else "not run"
                row.update(status="failed", error=error, **dict.fromkeys(summaries))
            rows.append(row)
        results = pd.DataFrame(rows)
        for column in summaries:
            results[column] = results[column].astype(float)
        write_parquet(results, self.folder / "results.parquet")
        if keep_series and series:
            write_parquet(pd.concat(series, ignore_index=True), self.folder / "timeseries.parquet")
        return int((results["status"] != "done").sum())


def _identity(task: dict[str, Any]) -> dict[str, Any]:
    return {k: task[k] for k in ("key", "point", "replicate", "seed", "params")}


def _cell(value: Any) -> Any:
    """Parameter values as table cells: lists (e.g. SEZ city lists) become JSON text."""
    return json.dumps(value) if isinstance(value, list | dict) else value


def _read_record(path: Path) -> dict[str, Any] | None:
    """The run record of a run file, or None when the file does not read back whole."""
    try:
        metadata = pq.read_table(path).schema.metadata or {}
        return json.loads(metadata[RECORD_KEY.encode()])
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: unreadable sweep file ({exc})") from None
