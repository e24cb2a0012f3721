"""The sweep store: resume after SIGKILL, corrupt run files re-run, foreign folders refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from sim.errors import UserError
from sim.sweep.plan import load_sweep
from sim.sweep.runner import run_sweep
from tests.conftest import write_sweep

MANY = {"policy.stipend_usd_month": {"levels": [0, 50, 100, 150, 200, 250, 300, 350, 400, 450]}}


def _run_files(folder) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (folder / "runs").glob("*.parquet")}


@pytest.mark.slow
def test_resume_after_sigkill_loses_and_repeats_nothing(tmp_path):
    sweep = write_sweep(tmp_path, parameters=MANY)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sim.cli", "sweep", str(sweep), "--out", str(out)]
    first = subprocess.Popen(
        [*command, "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes its pool too
    )
    deadline = time.monotonic() + 120
    while len(_run_files(out)) < 3 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    before = _run_files(out)
    assert 3 <= len(before) < 10, "the kill should land midway"
    assert not (out / "results.parquet").exists()

    second = subprocess.run([*command, "--workers", "2"], capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    after = _run_files(out)
    assert len(after) == 10
    assert {name: after[name] for name in before} == before  # finished runs were not redone
    results = pd.read_parquet(out / "results.parquet")
    assert len(results) == 10 and results["key"].is_unique
    assert (results["status"] == "done").all()
    assert sorted(results["param:policy.stipend_usd_month"]) == list(range(0, 500, 50))
    series = pd.read_parquet(out / "timeseries.parquet")
    assert len(series) == 10 * 6 and not series.duplicated(["point", "replicate", "step"]).any()


def test_truncated_run_file_is_rerun_and_a_foreign_folder_refused(tmp_path):
    plan = load_sweep(write_sweep(tmp_path))
    out = tmp_path / "out"
    first = run_sweep(plan, out, workers=2, progress=False)
    assert (first.done, first.failed) == (4, 0)
    reference = pd.read_parquet(out / "results.parquet")
    victim = out / "runs" / f"{plan.tasks[2].key}.parquet"
    victim.write_bytes(victim.read_bytes()[:200])

    second = run_sweep(plan, out, workers=2, progress=False)
    assert (second.skipped, second.done) == (3, 1)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), reference)

    other = load_sweep(write_sweep(tmp_path, seeds={"base": 99, "replicates": 1}))
    with pytest.raises(UserError, match="not this definition.*--fresh"):
        run_sweep(other, out, progress=False)
    assert len(_run_files(out)) == 4  # refused before touching anything
    fresh = run_sweep(other, out, workers=2, fresh=True, progress=False)
    assert (fresh.skipped, fresh.done) == (0, 4)
    assert set(_run_files(out)) == {f"{t.key}.parquet" for t in other.tasks}
