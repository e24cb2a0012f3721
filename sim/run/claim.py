"""Output folders are claimed before any work: one owner, one definition, never overwritten.

Every command that writes a folder (run, sweep, reproduction, design, calibration) first
claims it: it takes the folder's lock (`sim.run.lock`), then checks the claim file an earlier
command left there. The same owner with the same definition resumes (or repeats) its work;
another owner, another definition, or files no command claimed are refused in one line unless
the user forces it, which clears what the earlier claim wrote. Nothing unclaimed is ever
deleted.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from sim.errors import UserError
from sim.run.lock import LOCK_FILE, lock_folder, unlock_folder
from sim.run.manifest import write_json

CLAIM_FILE = "claim.json"
# claim files by the name their owners gave them (older folders carry no "owner" field)
MARKERS = {CLAIM_FILE: None, "sweep.json": "sweep", "design.json": "design"}


def digest(body: Any) -> str:
    """A short stable hash of a JSON-able definition."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_folder(folder: Path) -> None:
    """mkdir -p, with a failure (permissions, a file in the way) as one line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"--out {folder}: cannot create the folder ({exc.strerror})") from None


def claim(
    folder: Path,
    owner: str,
    identity: dict[str, Any],
    force: bool = False,
    marker: str = CLAIM_FILE,
    force_flag: str = "--force",
) -> None:
    """Lock `folder` and make it `owner`'s for this definition (`identity["definition_hash"]`);
    the claim file `marker` then holds `identity` with the owner."""
    folder = Path(folder)
    created = not folder.exists()
    make_folder(folder)
    had_lock = (folder / LOCK_FILE).exists()
    lock_folder(folder)
    try:
        _check(folder, owner, identity, force, force_flag)
    except UserError:
        unlock_folder(folder, remove=not had_lock)
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    write_json(folder / marker, {"owner": owner, **identity})


def _check(
    folder: Path, owner: str, identity: dict[str, Any], force: bool, force_flag: str
) -> None:
    """Refuse a folder holding unclaimed files, or another owner's or definition's (without
    `force`, which clears the earlier claim's files instead)."""
    present = [p.name for p in folder.iterdir() if p.name != LOCK_FILE]
    if not present:
        return
    previous = _previous(folder, present)
    if previous is None:
        raise UserError(
            f"{folder}: --out folder is not empty and holds no bordersim claim "
            f"({', '.join(sorted(present)[:3])}...); choose an empty or new folder"
        )
    same = (previous["owner"], previous.get("definition_hash")) == (
        owner,
        identity["definition_hash"],
    )
    if force:
        clear(folder)
    elif not same:
        raise UserError(
            f"{folder}: holds {_shown(previous)}, not this definition "
            f"({owner} {identity['definition_hash']}); use {force_flag} to discard it, "
            "or another --out"
        )


def clear(folder: Path) -> None:
    """Remove everything in a claimed folder but its lock."""
    for path in folder.iterdir():
        if path.name == LOCK_FILE:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _previous(folder: Path, present: list[str]) -> dict[str, Any] | None:
    """The earlier claim of a non-empty folder, or None when no command claimed it."""
    for name, implied_owner in MARKERS.items():
        if name not in present:
            continue
        path = folder / name
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(f"{path}: unreadable claim file ({exc}); use another --out") from None
        if not isinstance(record, dict):
            raise UserError(f"{path}: unreadable claim file (not a mapping); use another --out")
        owner = record.get("owner") or implied_owner
        if owner == "design":  # older design claims name their kind only
            owner = record.get("kind", owner)
        return {**record, "owner": owner}
    return None


def _shown(previous: dict[str, Any]) -> str:
    name = previous.get("name") or previous.get("experiment") or ""
    words = [previous["owner"], str(name), str(previous.get("definition_hash"))]
    return " ".join(w for w in words if w)
