"""Nothing lost: a folder holding another run, experiment or command's results is refused in
one line before any work (unless --force), a second writer is refused while the first holds
the folder's lock, and a store names each broken run file it re-runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from sim.config import PROJECT_ROOT
from sim.pipeline import RunStore, RunTask
from tests.hostile import BASELINE, TINY, assert_refused, bordersim, folder_listing

E4 = "experiments/04-sez-spillovers"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """A finished run folder (seed 42)."""
    out = tmp_path_factory.mktemp("run") / "seed42"
    result = bordersim("run", BASELINE, *TINY, "--seed", "42", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def _claimed(folder, **claim) -> None:
    folder.mkdir(parents=True)
    (folder / "claim.json").write_text(json.dumps(claim))
    (folder / "table.csv").write_text("arm,metric,mean\nx,y,1\n")


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--seed", "7", "--set", "policy.retraining_subsidy=0.9"], ["holds run", "--force"]),
        (["--seed", "7"], ["holds run", "not this definition"]),
    ],
    ids=["other-seed-and-policy", "other-seed"],
)
def test_run_refuses_a_folder_holding_another_run(run_folder, args, needles):
    before = folder_listing(run_folder)
    assert_refused(bordersim("run", BASELINE, *TINY, *args, "--out", run_folder), *needles)
    assert folder_listing(run_folder) == before
    manifest = json.loads((run_folder / "manifest.json").read_text())
    assert manifest["seed"] == 42


def test_run_may_repeat_itself_in_its_own_folder(run_folder):
    assert bordersim("run", BASELINE, *TINY, "--seed", "42", "--out", run_folder).returncode == 0


@pytest.mark.parametrize(
    "claim",
    [
        {"owner": "reproduction", "experiment": "01-calibration-check (reduced)"},
        {"owner": "sweep", "name": "smoke"},
        {"owner": "run", "name": "baseline"},
    ],
    ids=["another-experiment", "a-sweep", "a-run"],
)
def test_reproduce_refuses_a_folder_of_another_owner(tmp_path, claim):
    out = tmp_path / "e1"
    _claimed(out, definition_hash="0123456789abcdef", **claim)
    before = folder_listing(out)
    line = assert_refused(bordersim("reproduce", E4, "--reduced", "--out", out), "holds")
    assert claim["owner"] in line
    assert folder_listing(out) == before


def test_a_folder_of_files_no_command_claimed_is_refused_even_with_force(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    assert_refused(
        bordersim("run", BASELINE, *TINY, "--out", out, "--force"), "holds no bordersim claim"
    )
    assert (out / "thesis.tex").read_text() == "years of work"


HOLD = (
    "import sys, time; from pathlib import Path; from sim.run.lock import lock_folder; "
    "lock_folder(Path(sys.argv[1])); print('held', flush=True); time.sleep(120)"
)


def test_a_second_writer_is_refused_naming_the_holder(tmp_path):
    sweep = PROJECT_ROOT / "configs" / "sweeps" / "smoke.yaml"
    out = tmp_path / "sweep"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        line = assert_refused(bordersim("sweep", sweep, "--out", out), "in use by")
        assert f"pid {holder.pid}" in line
    finally:
        holder.kill()
        holder.wait()
    assert not (out / "runs").exists(), "the second writer ran nothing"


def test_a_lock_left_by_a_dead_process_is_taken_over_and_reported(tmp_path):
    holder = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], text=True, capture_output=True
    )
    dead = int(holder.stdout)
    (tmp_path / ".lock").write_text(
        json.dumps({"pid": dead, "host": "h", "command": "bordersim sweep x", "since": "then"})
    )
    taken = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from sim.run.lock import lock_folder; lock_folder(Path(sys.argv[1]))", str(tmp_path)],
        capture_output=True, text=True, cwd=PROJECT_ROOT,
    )  # fmt: skip
    assert taken.returncode == 0
    assert f"took over the lock of {tmp_path} left by pid {dead}" in taken.stderr
    assert (tmp_path / ".lock").read_text() == "", "released on exit"


def _store_with_one_run(folder):
    store = RunStore(folder)
    task = RunTask(key="k1", config={}, seed=1)
    table = pd.DataFrame({"date": ["2022-01"], "step": [0], "x": [1.0]})
    store.write(task, {"key": "k1", "status": "done", "timeseries": table, "summaries": {},
                       "seconds": 0.1})  # fmt: skip
    return store, folder / "runs" / "k1.parquet"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda path: path.write_bytes(path.read_bytes()[:100]), "truncated"),
        (lambda path: path.write_bytes(b"not parquet at all"), "unreadable"),
    ],
    ids=["truncated", "garbage"],
)
def test_a_resumed_store_names_each_run_file_it_reruns_and_why(tmp_path, capfd, damage, reason):
    store, path = _store_with_one_run(tmp_path)
    assert store.finished_keys() == {"k1"}
    damage(path)
    assert store.finished_keys() == set()
    err = capfd.readouterr().err
    assert f"re-running {path}" in err and reason in err
