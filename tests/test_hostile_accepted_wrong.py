"""Accepted but wrong, no more: horizons beyond the data, seeds beyond a config's range and
series that do not cover the run are refused; a FAIL row says which statistic differs."""

from __future__ import annotations

import pandas as pd
import pytest
from rich.console import Console

from sim.config import CONFIGS_DIR
from sim.experiments.reproduce import _print, compare
from sim.experiments.spec import load_experiment
from tests.hostile import BASELINE, TINY, assert_refused, bordersim

HORIZONS = [
    (["time.end=9999-12"], ["time.end", "'9999-12'", "2022-01..2100-12"]),
    (["time.start=1900-01", "time.end=1900-06"], ["time.start", "'1900-01'", "2022-01..2100-12"]),
    (["wages.mxn_per_usd={2023: 18.0}"], ["wages.mxn_per_usd", "2022 or earlier", "backwards"]),
    (["demand.growth_per_year.us={2024: 0.01}"], ["demand.growth_per_year.us", "backwards"]),
]


@pytest.mark.parametrize(("assignments", "needles"), HORIZONS, ids=["end", "1900", "fx", "us"])
def test_a_horizon_the_data_do_not_cover_is_refused(tmp_path, assignments, needles):
    sets = [part for a in assignments for part in ("--set", a)]
    out = tmp_path / "out"
    assert_refused(bordersim("run", BASELINE, *TINY, *sets, "--out", out), "--set", *needles)
    assert not out.exists()


def test_one_year_of_a_series_overrides_that_year_only():
    from sim.config import load_scenario

    scenario = load_scenario(BASELINE, ["demand.sector_growth.automotive.2026=-0.03"])
    assert scenario.demand.sector_growth.automotive[2024] == -0.028  # the default, kept
    assert scenario.demand.sector_growth.automotive[2026] == -0.03


@pytest.mark.parametrize("seed", [str(2**63), str(2**70)])
def test_a_seed_flag_beyond_a_configs_seed_range_is_refused(tmp_path, seed):
    out = tmp_path / "out"
    result = bordersim("run", BASELINE, *TINY, "--seed", seed, "--out", out)
    assert_refused(result, "--seed", seed, f"0..{2**63 - 1}")
    assert not out.exists()


def test_a_fail_row_names_the_statistic_that_differs():
    spec = load_experiment(CONFIGS_DIR.parent / "experiments" / "01-calibration-check")
    row = {"arm": "a", "metric": "m", "mean": 0.3, "p05": 0.2, "p95": 0.4, "seeds": 2}
    reference = pd.DataFrame([row])
    reproduced = pd.DataFrame([{**row, "p05": 0.25}])  # the mean agrees; the 5th percentile not
    console = Console(width=200, record=True)
    _print(compare(reference, reproduced, exact=True, spec=spec), "E", True, console)
    assert "FAIL: p05" in console.export_text()
