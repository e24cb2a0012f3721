"""The design folder: whose it is (design.json), where by default, and its manifest.

A folder belongs to one spec definition (the spec, its resolved base config and the seeds):
re-running the same spec resumes in it; another spec is refused unless `--fresh`, which
clears what an earlier design wrote there.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.config import PROJECT_ROOT
from sim.errors import UserError
from sim.run.manifest import code_version, now, package_versions, write_json

MARKER = "design.json"
EXTRA_PACKAGES = ("pymoo", "ema-workbench", "scikit-learn")


def definition(kind: str, spec: dict[str, Any], base: dict[str, Any], seeds: list[int]) -> dict:
    """What identifies a design: its kind, spec, base config and run seeds, with their hash."""
    body = {"kind": kind, "spec": spec, "base": base, "seeds": seeds}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return {**body, "definition_hash": hashlib.sha256(text.encode()).hexdigest()[:16]}


def default_folder(kind: str, name: str) -> Path:
    """results/design/<kind>/<name>; spec names start with a letter or digit, so this stays in."""
    return PROJECT_ROOT / "results" / "design" / kind / name


def claim(folder: Path, identity: dict[str, Any], fresh: bool) -> None:
    """Make the folder this design's; refuse one that holds another design or other files."""
    marker = folder / MARKER
    if folder.exists() and any(folder.iterdir()):
        if not marker.is_file():
            raise UserError(
                f"{folder}: --out folder is not empty and holds no {MARKER}; "
                "choose an empty or new folder"
            )
        try:
            previous = json.loads(marker.read_text(encoding="utf-8")).get("definition_hash")
        except (OSError, ValueError) as exc:
            raise UserError(f"{marker}: unreadable ({exc}); use --fresh or another --out") from None
        if fresh:
            shutil.rmtree(folder)
        elif previous != identity["definition_hash"]:
            raise UserError(
                f"{folder}: holds design {previous}, not this spec's "
                f"{identity['definition_hash']}; use --fresh to discard it, or another --out"
            )
    folder.mkdir(parents=True, exist_ok=True)
    write_json(marker, identity)


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
