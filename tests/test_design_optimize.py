"""`bordersim optimize`: NSGA-II finds a known cheapest mix; a killed optimisation resumes
from its store without losing or repeating an evaluation.

Worker processes import this module to find `priced_policy`, so its top level imports only
what the workers have already loaded; the design code is imported inside the tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from sim.pipeline import RunTask, summarise


def priced_policy(task: RunTask) -> dict:
    """A model with a known answer: spending = 1000 x stipend + 50,000 x subsidy, and MX
    unemployment = 0.30 - stipend / 2000 (+- 0.001 by seed). Unemployment <= 0.10 needs a
    stipend of 400 (399.. with seed noise), so the cheapest mix is stipend ~400, subsidy 0."""
    policy = task.config["policy"]
    stipend, subsidy = policy["stipend_usd_month"], policy["retraining_subsidy"]
    noise = 0.001 if task.seed % 2 else -0.001
    months = pd.date_range("2022-01", periods=6, freq="MS").strftime("%Y-%m")
    series = pd.DataFrame(
        {
            "date": months,
            "step": range(6),
            "public_spending_usd_cum": 1000 * stipend + 50_000 * subsidy,
            "unemployment_rate_mx": 0.30 - stipend / 2000 + noise,
        }
    )
    summaries = summarise(series, task.keep.summaries)
    return {"timeseries": series[["date", "step"]], "summaries": summaries, "seconds": 0.0}


def test_the_winner_is_run_again_on_fresh_seeds_and_reported_beside_its_search_score(tmp_path):
    from test_design_spec import OPTIMIZE, write_spec

    from sim.design.futures import run_seeds
    from sim.design.optimize import optimize
    from sim.design.spec import OptimizeSpec, load_spec
    from sim.experiments.design import optimization_table

    fresh = {"base": 77, "replicates": 3}
    small = {"evaluations": 32, "population": 16, "seed": 1}
    path = write_spec(tmp_path, OPTIMIZE, fresh_seeds=fresh, search=small)
    result = optimize(
        load_spec(path, OptimizeSpec), tmp_path / "out", progress=False, task_fn=priced_policy
    )
    winner = result.pareto.iloc[0]
    again = result.fresh.set_index("mix").loc[winner["mix"]]
    assert again["lever:policy.stipend_usd_month"] == winner["lever:policy.stipend_usd_month"]
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    mine = runs[runs["mix"] == winner["mix"]]
    fresh_seeds = set(run_seeds(load_spec(path, OptimizeSpec).spec.fresh_seeds))
    assert fresh_seeds <= set(mine["seed"]) and len(fresh_seeds) == 3
    assert len(runs) == 32 * 2 + 3 * len(result.fresh)
    assert "Run again on 3 fresh seeds" in (tmp_path / "out" / "report.md").read_text()
    table = optimization_table(path, tmp_path / "exp", workers=None, task_fn=priced_policy)
    rows = set(table["metric"])
    assert {"fresh:meets", "fresh:public_spending_usd_cum@2022-06"} <= rows


def test_the_cheapest_mix_meeting_the_constraint_is_found_and_reported(tmp_path):
    from test_design_spec import OPTIMIZE, write_spec

    from sim.design.optimize import optimize
    from sim.design.spec import OptimizeSpec, load_spec

    loaded = load_spec(write_spec(tmp_path, OPTIMIZE), OptimizeSpec)
    out = tmp_path / "out"
    result = optimize(loaded, out, workers=2, progress=False, task_fn=priced_policy)

    assert len(result.evaluations) == 96 and result.runs_failed == 0
    cheapest = result.pareto.iloc[0]
    assert cheapest["lever:policy.stipend_usd_month"] == pytest.approx(400, abs=40)
    assert cheapest["lever:policy.retraining_subsidy"] < 0.15
    assert cheapest["public_spending_usd_cum@2022-06"] == pytest.approx(400_000, rel=0.12)
    assert cheapest["mean(unemployment_rate_mx)@2022-01..2022-06"] <= 0.1
    # the band over the two seeds is the +-0.001 the model adds
    spread = (
        cheapest["mean(unemployment_rate_mx)@2022-01..2022-06 [max]"]
        - cheapest["mean(unemployment_rate_mx)@2022-01..2022-06 [min]"]
    )
    assert spread == pytest.approx(0.002)
    report = (out / "report.md").read_text()
    assert f"Mix {int(cheapest['mix'])} " in report and "min..max over its 2 runs" in report
    convergence = pd.read_csv(out / "convergence.csv")
    assert list(convergence["generation"]) == list(range(1, 7))
    assert convergence["hypervolume"].is_monotonic_increasing
    assert (
        convergence["best feasible public_spending_usd_cum@2022-06"].iloc[-1]
        < (convergence["best feasible public_spending_usd_cum@2022-06"].iloc[0])
    )
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 96 * 2 and runs["seed"].nunique() == 2
    for figure in ("front.png", "levers.png", "convergence.png"):
        assert (out / figure).stat().st_size > 10_000
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["definition_hash"] and manifest["packages"]["pymoo"]
    assert len(manifest["seeds"]) == 2


TINY_REAL = {
    "levers": {
        "policy.retraining_subsidy": {"range": [0.0, 1.0]},
        "policy.stipend_usd_month": {"range": [0, 300]},
    },
    "objectives": [
        {"summary": "public_spending_usd_cum@2022-06"},
        {"summary": "mean(unemployment_rate_mx)@2022-01..2022-06"},
    ],
    "constraints": [],
    "seeds": {"base": 3, "replicates": 1},
    "search": {"evaluations": 8, "population": 4, "seed": 2},
}


def _run_files(folder) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (folder / "runs").glob("*.parquet")}


@pytest.mark.slow
def test_a_killed_optimisation_resumes_losing_and_repeating_nothing(tmp_path):
    from test_design_spec import CLI, OPTIMIZE, write_spec

    spec = write_spec(tmp_path, OPTIMIZE, **TINY_REAL)
    out, clean = tmp_path / "out", tmp_path / "clean"
    command = [sys.executable, "-c", CLI, "optimize", str(spec)]
    first = subprocess.Popen(
        [*command, "--out", str(out), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes its pool too
    )
    deadline = time.monotonic() + 180
    while len(_run_files(out)) < 3 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    before = _run_files(out)
    assert 3 <= len(before) < 8, "the kill should land midway"
    assert not (out / "evaluations.parquet").exists()

    second = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    after = _run_files(out)
    assert len(after) == 8
    assert {name: after[name] for name in before} == before  # stored runs were not redone
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["runs_cached"] == len(before)
    assert manifest["runs_ran"] == 8 - len(before)

    uninterrupted = subprocess.run([*command, "--out", str(clean)], capture_output=True, text=True)
    assert uninterrupted.returncode == 0, uninterrupted.stderr
    resumed = pd.read_parquet(out / "evaluations.parquet")
    reference = pd.read_parquet(clean / "evaluations.parquet")
    pd.testing.assert_frame_equal(resumed, reference)
    assert sorted(after) == sorted(_run_files(clean))
    assert np.isfinite(resumed["public_spending_usd_cum@2022-06"]).all()


def test_a_robust_search_runs_every_mix_on_the_same_sampled_futures(tmp_path):
    from test_design_spec import OPTIMIZE, write_spec

    from sim.design.optimize import optimize
    from sim.design.spec import OptimizeSpec, load_spec

    robust = {
        "uncertainties": {
            "parameters": {"labour.quit_rate_month.mx": {"range": [0.02, 0.05]}},
            "samples": 3,
            "seed": 4,
        },
        "seeds": {"base": 5, "replicates": 1},
        "search": {"evaluations": 4, "population": 4, "seed": 1},
    }
    loaded = load_spec(write_spec(tmp_path, OPTIMIZE, **robust), OptimizeSpec)
    result = optimize(loaded, tmp_path / "out", workers=2, progress=False, task_fn=priced_policy)

    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    assert len(runs) == 4 * 3
    futures = runs.groupby("mix")["labour.quit_rate_month.mx"].apply(tuple)
    assert futures.nunique() == 1 and len(set(futures.iloc[0])) == 3
    means = runs.groupby("mix")["public_spending_usd_cum@2022-06"].mean()
    assert np.allclose(
        result.evaluations.set_index("mix")["public_spending_usd_cum@2022-06"], means
    )
