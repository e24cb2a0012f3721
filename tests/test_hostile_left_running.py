"""Nothing left running: killing a command (SIGKILL, which it cannot clean up after, or SIGTERM)
takes its local pool's forkserver, workers and resource tracker, or the visualizer's server,
with it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

import pytest

from sim.config import CONFIGS_DIR, PROJECT_ROOT
from tests.conftest import write_sweep
from tests.hostile import start, survivors, wait_for_children

MANY = {"policy.stipend_usd_month": {"levels": list(range(0, 500, 25))}}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sweep(tmp_path) -> list[str]:
    return ["sweep", write_sweep(tmp_path, parameters=MANY), "--out", tmp_path / "out",
            "--workers", "2"]  # fmt: skip


def _optimize(tmp_path) -> list[str]:
    spec = CONFIGS_DIR / "policy" / "e6_cheapest_mix_reduced.yaml"
    return ["optimize", spec, "--out", tmp_path / "out", "--workers", "2"]


@pytest.mark.slow  # each starts a pool of workers and kills its command: 8-16 s
@pytest.mark.parametrize("signal_name", ["kill", "terminate"])
@pytest.mark.parametrize("command", [_sweep, _optimize], ids=["sweep", "optimize"])
def test_killing_a_command_leaves_no_pool_process_behind(tmp_path, command, signal_name):
    process = start(*command(tmp_path))
    children = wait_for_children(process, 3)  # forkserver, resource tracker, worker(s)
    getattr(process, signal_name)()
    process.wait(60)
    assert survivors(children) == []


@pytest.mark.parametrize("signal_name", ["kill", "terminate"])
def test_the_visualizer_server_dies_with_its_launcher(signal_name):
    process = start("viz", "--port", _free_port())
    children = wait_for_children(process, 1)  # the `solara run` server
    getattr(process, signal_name)()
    process.wait(60)
    assert survivors(children) == []


def test_a_child_whose_parent_died_before_it_armed_the_signal_ends_at_once():
    """The race between fork and arming: a child told its parent is pid 1 (not its parent)
    sends itself the signal as soon as it arms it, instead of running on as an orphan."""
    code = (
        "import signal, time\n"
        "from sim.run.lifeline import die_with_parent\n"
        "die_with_parent(signal.SIGTERM, parent=1)\n"
        "time.sleep(30)\n"
    )
    child = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, timeout=20)
    assert child.returncode == -signal.SIGTERM


def test_a_child_whose_parent_is_alive_keeps_running_after_arming_the_signal():
    code = (
        "import os, signal\n"
        "from sim.run.lifeline import die_with_parent\n"
        "assert die_with_parent(signal.SIGTERM, parent=os.getppid())\n"
    )
    child = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, timeout=20)
    assert child.returncode == 0
