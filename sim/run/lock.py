"""One writer per output folder: an exclusive lock held from the claim to the end of the process.

The lock is `fcntl.flock` on `<folder>/.lock`, which records the holder (pid, host, command,
since). The kernel releases it when the holder dies, however it dies, so a lock left behind by a
killed process is simply taken over (and reported); a live holder makes a second writer stop
with one line naming it. Locks are re-entrant within a process.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

from sim.errors import UserError

LOCK_FILE = ".lock"
_held: dict[Path, int] = {}  # folder -> open descriptor holding its lock


def holder() -> dict[str, object]:
    """Who this process is, as the lock file records it."""
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": " ".join(["bordersim", *sys.argv[1:]])[:200],
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def describe(record: dict) -> str:
    return (
        f"pid {record.get('pid')} on {record.get('host')} "
        f"({record.get('command')}, since {record.get('since')})"
    )


def lock_folder(folder: Path) -> None:
    """Make this process the only writer of `folder` (created if needed) until it exits."""
    folder = Path(folder).resolve()
    if folder in _held:
        return
    path = folder / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        previous = _read(descriptor)
        os.close(descriptor)
        raise UserError(
            f"{folder}: in use by {describe(previous)}; wait for it to finish or use another --out"
        ) from None
    previous = _read(descriptor)
    if previous:
        print(
            f"bordersim: took over the lock of {folder} left by {describe(previous)}, "
            "which is no longer running",
            file=sys.stderr,
        )
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, json.dumps(holder()).encode(), 0)
    _held[folder] = descriptor


def unlock_folder(folder: Path, remove: bool) -> None:
    """Release this process's lock on `folder` (a refused claim), removing the lock file when
    `remove` (the claim created it), else leaving it empty as a released lock."""
    descriptor = _held.pop(Path(folder).resolve(), None)
    if descriptor is None:
        return
    if remove:
        (Path(folder) / LOCK_FILE).unlink(missing_ok=True)
    else:
        os.ftruncate(descriptor, 0)
    os.close(descriptor)


def _read(descriptor: int) -> dict:
    try:
        return json.loads(os.pread(descriptor, 4096, 0) or b"{}")
    except ValueError:
        return {"pid": "?", "host": "?", "command": "unreadable lock file", "since": "?"}


@atexit.register
def release_all() -> None:
    """Empty and release every held lock: an empty lock file means nobody was interrupted."""
    while _held:
        _, descriptor = _held.popitem()
        try:
            os.ftruncate(descriptor, 0)
        finally:
            os.close(descriptor)
