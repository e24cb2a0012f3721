"""Run manifests: enough to reproduce a result file and to tell where it came from."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from sim.config import PROJECT_ROOT, Scenario, config_hash

PACKAGES = (
    "bordersim",
    "mesa",
    "numpy",
    "pandas",
    "pyarrow",
    "pydantic",
    "matplotlib",
    "scipy",
    "SALib",
    "dask",
    "distributed",
    "solara",
)


BLAS_BUILD_FIELDS = ("name", "version", "openblas configuration")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def code_version() -> dict[str, Any]:
    """Git commit of the code (and whether the work tree had changes), when available."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", ""
    return {"git_commit": commit or None, "git_dirty": bool(dirty)}


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def cpu_model() -> str:
    """The CPU's model name (Linux /proc/cpuinfo; elsewhere what `platform` knows)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def hardware() -> dict[str, Any]:
    """CPU model and the BLAS numpy was built with and loads at run time: linear-algebra
    results (regressions, sensitivity indices) can differ in the last digits between them."""
    from threadpoolctl import threadpool_info

    build = np.show_config(mode="dicts").get("Build Dependencies", {})
    return {
        "cpu": cpu_model(),
        "cpus": os.cpu_count(),
        "blas_build": {k: build.get("blas", {}).get(k) for k in BLAS_BUILD_FIELDS},
        "blas_runtime": [
            {k: pool.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for pool in threadpool_info()
            if pool.get("user_api") == "blas"
        ],
    }


def build_manifest(scenario: Scenario, seed: int, **extra: Any) -> dict[str, Any]:
    return {
        "scenario": scenario.name,
        "config_hash": config_hash(scenario),
        "seed": seed,
        "config": scenario.model_dump(mode="json"),
        "code": code_version(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "hardware": hardware(),
        "packages": package_versions(),
        **extra,
    }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename: no half-written files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_json(path: Path, payload: dict[str, Any]) -> None:
    text = json.dumps(payload, indent=2, sort_keys=False, default=str)
    write_atomic(path, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"))
