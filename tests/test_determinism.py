"""Same config and seed give identical outputs, in this process and a fresh one."""

import subprocess
import sys

import pandas as pd

from sim.run.runner import simulate
from tests.conftest import scenario_with


def test_same_seed_gives_an_identical_time_series():
    scenario = scenario_with(end="2023-12")
    first = simulate(scenario, seed=11).timeseries
    second = simulate(scenario, seed=11).timeseries
    pd.testing.assert_frame_equal(first, second)


def test_different_seeds_give_different_series():
    scenario = scenario_with(end="2023-12")
    first = simulate(scenario, seed=11).timeseries
    other = simulate(scenario, seed=12).timeseries
    assert not first["unemployment_rate_mx"].equals(other["unemployment_rate_mx"])


def test_a_fresh_process_reproduces_the_series(tmp_path):
    scenario = scenario_with(end="2023-06")
    here = simulate(scenario, seed=7).timeseries
    script = (
        "import sys; sys.path.insert(0, '.')\n"
        "from tests.conftest import scenario_with\n"
        "from sim.run.runner import simulate\n"
        "simulate(scenario_with(end='2023-06'), seed=7).timeseries"
        f".to_parquet(r'{tmp_path / 'fresh.parquet'}')\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    pd.testing.assert_frame_equal(here, pd.read_parquet(tmp_path / "fresh.parquet"))
