"""Finished runs on disk: one Parquet file per run, keyed by its task key, resumable.

Layout under the store's folder:
    runs/<key>.parquet         the kept monthly table; the run record (key, seed, label,
                               summaries, seconds) in the Parquet schema metadata
    runs/<key>.cities.parquet  the per-city table, when the task keeps it (written first)
    failed/<key>.json          a run that raised: its record, error and traceback

Files are written under a temporary name and renamed, and read back with Parquet and JSON only
(nothing is executed). A run whose files do not read back whole (truncated, corrupt, wrong key,
missing city table) is deleted with a line on stderr naming it and why, so resuming runs it
again; finished keys are skipped. The store's folder is locked (`sim.run.lock`) by the first
process that repairs or writes it: a second writer is refused.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.pipeline.task import RunResult, RunTask
from sim.run.lock import lock_folder
from sim.run.manifest import write_json

if TYPE_CHECKING:  # Parquet libraries load on first use: planning a sweep does not need them
    import pandas as pd

RECORD_KEY = "bordersim.run"


class RunStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.runs = self.folder / "runs"
        self.failed = self.folder / "failed"

    def finished_keys(self) -> set[str]:
        """Keys of runs that read back whole. Stale temporaries are removed; a broken run file
        is removed too, with a line on stderr naming it and why, so resuming re-runs it."""
        if not self.runs.is_dir():
            return set()
        lock_folder(self.folder)
        for stale in self.runs.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
        keys = set()
        for path in sorted(self.runs.glob("*.parquet")):
            if path.name.endswith(".cities.parquet"):
                continue
            key = path.name.removesuffix(".parquet")
            cities = self._cities_path(key)
            problem = _problem(path, key, cities)
            if problem is None:
                keys.add(key)
                continue
            print(f"bordersim: re-running {path}: {problem}", file=sys.stderr)
            path.unlink(missing_ok=True)
            cities.unlink(missing_ok=True)
        return keys

    def pending(self, tasks: list[RunTask]) -> list[RunTask]:
        """The distinct tasks without a finished run (the same key may serve several callers)."""
        finished = self.finished_keys()
        unique = {task.key: task for task in tasks}
        return [task for key, task in unique.items() if key not in finished]

    def write(self, task: RunTask, result: RunResult) -> None:
        """Store a finished run (city table first: the monthly table marks the run whole)."""
        from sim.run.runner import write_parquet

        self.runs.mkdir(parents=True, exist_ok=True)
        lock_folder(self.folder)
        kept_cities = result.get("cities") is not None
        if kept_cities:
            write_parquet(result["cities"], self._cities_path(task.key))
        record = {
            **identity(task),
            "summaries": result["summaries"],
            "seconds": round(result["seconds"], 3),
            "cities": kept_cities,
        }
        write_parquet(result["timeseries"], self._path(task.key), {RECORD_KEY: json.dumps(record)})
        (self.failed / f"{task.key}.json").unlink(missing_ok=True)

    def write_failure(self, task: RunTask, result: RunResult) -> None:
        self.failed.mkdir(parents=True, exist_ok=True)
        lock_folder(self.folder)
        failure = {**identity(task), "error": result["error"], "traceback": result["traceback"]}
        write_json(self.failed / f"{task.key}.json", failure)

    def record(self, key: str) -> dict[str, Any] | None:
        """The run record of a finished run, or None when there is none that reads back."""
        path = self._path(key)
        return _read_record(path) if path.is_file() else None

    def failure(self, key: str) -> dict[str, Any] | None:
        path = self.failed / f"{key}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def read(self, key: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """A finished run's monthly table and its city table (None when not kept)."""
        import pyarrow.parquet as pq

        series = pq.read_table(self._path(key)).to_pandas()
        cities = self._cities_path(key)
        return series, (pq.read_table(cities).to_pandas() if cities.is_file() else None)

    def _path(self, key: str) -> Path:
        return self.runs / f"{key}.parquet"

    def _cities_path(self, key: str) -> Path:
        return self.runs / f"{key}.cities.parquet"


def identity(task: RunTask) -> dict[str, Any]:
    return {"key": task.key, "seed": task.seed, **task.label}


def _read_record(path: Path) -> dict[str, Any] | None:
    """The run record of a run file, or None when the file does not read back whole."""
    import pyarrow as pa

    try:
        return _record(path)
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None


def _record(path: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    metadata = pq.read_table(path).schema.metadata or {}
    return json.loads(metadata[RECORD_KEY.encode()])


def _problem(path: Path, key: str, cities: Path) -> str | None:
    """Why a run's files do not read back whole (None: they do)."""
    import pyarrow as pa

    try:
        record = _record(path)
    except KeyError:
        return "no run record in its metadata"
    except (OSError, ValueError, pa.ArrowException) as exc:
        return f"unreadable or truncated ({str(exc).splitlines()[0][:120]})"
    if not isinstance(record, dict) or record.get("key") != key:
        return "its run record names another run"
    if record.get("cities") and not _readable(cities):
        return f"its city table {cities.name} is missing or truncated"
    return None


def _readable(path: Path) -> bool:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pq.read_table(path)
    except (OSError, ValueError, pa.ArrowException):
        return False
    return True
