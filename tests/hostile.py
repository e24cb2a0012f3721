"""The hostile user's tools: the real `bordersim` command in a subprocess, and what every
refusal must look like (exit 2, exactly one line on stderr, no traceback)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil

from sim.config import CONFIGS_DIR, PROJECT_ROOT

BASELINE = str(CONFIGS_DIR / "baseline.yaml")
TINY = ["--set", "population.population_scale=0.003", "--set", "time.end=2022-03"]


def bordersim(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `bordersim ARGS` as a user would, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "sim.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=timeout,
    )


def assert_refused(result: subprocess.CompletedProcess, *needles: str) -> str:
    """Exit 2, one line on stderr that names every needle, no traceback; returns the line."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sim.cli", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
    )


def wait_for_children(process: subprocess.Popen, count: int, timeout: float = 120) -> list:
    """The process's descendants once there are at least `count` of them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        children = psutil.Process(process.pid).children(recursive=True)
        if len(children) >= count:
            return children
        time.sleep(0.1)
    raise AssertionError(f"{process.args} never had {count} child processes")


def survivors(children: list, timeout: float = 15) -> list[str]:
    """Which of `children` still run after `timeout` seconds (zombies count as gone)."""
    deadline = time.monotonic() + timeout
    alive = children
    while time.monotonic() < deadline:
        alive = [c for c in children if _running(c)]
        if not alive:
            return []
        time.sleep(0.1)
    for child in alive:  # leave nothing behind for the next test, then report
        child.kill()
    return [" ".join(c.cmdline()[:4]) if _running(c) else str(c.pid) for c in alive]


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def folder_listing(folder: Path) -> dict[str, int]:
    """Every file under a folder with its modification time (to show nothing changed); the
    lock file, which records the latest process to ask for the folder, aside."""
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.name != ".lock"
    }
