"""The hostile user's tools: the real `bordersim` command in a process of its own, and what
every refusal must look like (exit 2, exactly one line on stderr, no traceback)."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import psutil

from sim.config import CONFIGS_DIR, PROJECT_ROOT

BASELINE = str(CONFIGS_DIR / "baseline.yaml")
TINY = ["--set", "population.population_scale=0.003", "--set", "time.end=2022-03"]

# A fresh interpreter spends most of a refused command's few seconds importing pandas, mesa and
# matplotlib. The commands here run instead in processes forked from one server (per test
# worker) that has imported them once: each command still gets a process of its own, with its
# own exit code, stdout and stderr, started from the same clean state. The bare
# `python -m sim.cli` start-up, and what it imports, is tested in test_hostile_slow_errors.py
# and test_config_errors.py.
WARM_MODULES = ["sim.cli", "sim.model", "sim.run.runner", "sim.run.figures", "pandas", "mesa"]
_WARM = multiprocessing.get_context("forkserver")
_WARM.set_forkserver_preload(WARM_MODULES)


def _command_in_this_process(argv: list[str], out_path: str, err_path: str) -> None:
    """What `python -m sim.cli ARGV` does, with stdout and stderr into the two files."""
    for fd, path in ((1, out_path), (2, err_path)):
        file = os.open(path, os.O_WRONLY)
        os.dup2(file, fd)
        os.close(file)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.argv = ["bordersim", *argv]
    os.chdir(PROJECT_ROOT)
    from sim.cli import main

    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int | None) else 1
        if not isinstance(exit_.code, int | None):
            print(exit_.code, file=sys.stderr)
    except BaseException:  # what the interpreter does with an uncaught exception
        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()  # a forked process skips them; the commands' folder locks need them
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


def bordersim(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `bordersim ARGS` as a user would, from the project folder, in a process of its own."""
    argv = list(map(str, args))
    with tempfile.TemporaryDirectory() as folder:
        out_path, err_path = Path(folder, "stdout"), Path(folder, "stderr")
        out_path.touch()
        err_path.touch()
        process = _WARM.Process(
            target=_command_in_this_process, args=(argv, str(out_path), str(err_path))
        )
        process.start()
        process.join(timeout)
        if process.exitcode is None:
            process.kill()
            process.join()
            raise subprocess.TimeoutExpired(["bordersim", *argv], timeout)
        return subprocess.CompletedProcess(
            ["bordersim", *argv],
            process.exitcode,
            out_path.read_text(encoding="utf-8"),
            err_path.read_text(encoding="utf-8"),
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
