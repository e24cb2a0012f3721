"""The design folder: whose it is (design.json), where by default, and its manifest.

A folder belongs to one spec definition (the spec, its resolved base config and the seeds):
re-running the same spec resumes in it; another spec or owner is refused unless `--fresh`,
which clears what the earlier claim wrote there (the claim itself is `sim.run.claim`).
"""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.config import PROJECT_ROOT
from sim.run import claim as run_claim
from sim.run.manifest import code_version, now, package_versions, write_json

MARKER = "design.json"
EXTRA_PACKAGES = ("pymoo", "ema-workbench", "scikit-learn")


def definition(kind: str, spec: dict[str, Any], base: dict[str, Any], seeds: list[int]) -> dict:
    """What identifies a design: its kind, spec, base config and run seeds, with their hash."""
    body = {"kind": kind, "spec": spec, "base": base, "seeds": seeds}
    return {**body, "definition_hash": run_claim.digest(body)}


def default_folder(kind: str, name: str) -> Path:
    """results/design/<kind>/<name>; spec names start with a letter or digit, so this stays in."""
    return PROJECT_ROOT / "results" / "design" / kind / name


def claim(folder: Path, identity: dict[str, Any], fresh: bool) -> None:
    """Make the folder this design's (`sim.run.claim`); another spec is refused unless --fresh."""
    run_claim.claim(folder, identity["kind"], identity, fresh, marker=MARKER, force_flag="--fresh")


def write_manifest(folder: Path, identity: dict[str, Any], **extra: Any) -> None:
    """manifest.json: definition hash, seeds, code and package versions, platform, counts."""
    packages = package_versions()
    for name in EXTRA_PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    write_json(
        folder / "manifest.json",
        {
            "kind": identity["kind"],
            "name": identity["spec"]["name"],
            "definition_hash": identity["definition_hash"],
            "seeds": identity["seeds"],
            "finished": now(),
            **extra,
            "code": code_version(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "packages": packages,
        },
    )
