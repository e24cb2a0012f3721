"""The execution pipeline: one way to resolve a scenario, run tasks and keep their results."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.config import CONFIGS_DIR, ConfigError
from sim.pipeline import Keep, RunStore, RunTask, execute, resolve_scenario, run_task
from sim.run.runner import simulate

SCENARIO = CONFIGS_DIR / "scenarios" / "labor_reconversion.yaml"
TINY = ("population.population_scale=0.002", "time.end=2022-04")


def test_resolve_scenario_follows_extends_applies_overrides_and_picks_the_seed():
    scenario, seed = resolve_scenario(SCENARIO, TINY)
    assert scenario.name == "labor_reconversion"
    assert scenario.policy.retraining_subsidy == 0.5  # from the scenario file
    assert scenario.population.population_scale == 0.002  # from the override
    assert seed == scenario.seed
    assert resolve_scenario(SCENARIO, TINY, seed=9)[1] == 9


def test_resolve_scenario_names_the_source_of_a_bad_value():
    with pytest.raises(ConfigError, match="my sweep point 3.*retraining_subsidy"):
        resolve_scenario(SCENARIO, ["policy.retraining_subsidy=7"], source="my sweep point 3")


def test_a_task_runs_to_the_same_tables_as_a_direct_simulation():
    scenario, seed = resolve_scenario(SCENARIO, TINY)
    task = RunTask.of(scenario, seed, Keep(cities=True, summaries=["in_training@2022-04"]))
    result = run_task(task)
    direct = simulate(scenario, seed)
    assert result["status"] == "done" and result["key"] == task.key
    pd.testing.assert_frame_equal(result["timeseries"], direct.timeseries)
    pd.testing.assert_frame_equal(result["cities"], direct.cities)
    assert result["summaries"] == {"in_training@2022-04": direct.timeseries["in_training"].iloc[-1]}


def test_a_task_that_raises_comes_back_as_a_failure_with_its_traceback():
    scenario, seed = resolve_scenario(SCENARIO, TINY)
    task = RunTask.of(scenario, seed, Keep(summaries=["in_training@2029-01"]))
    result = run_task(task)
    assert result["status"] == "failed" and "2029-01" in result["error"]
    assert "Traceback" in result["traceback"]


def test_the_store_resumes_and_reruns_a_broken_run(tmp_path):
    scenario, _ = resolve_scenario(SCENARIO, TINY)
    tasks = [RunTask.of(scenario, seed, Keep(cities=True), {"n": seed}) for seed in (1, 2)]
    store = RunStore(tmp_path)
    execute(store.pending(tasks), store.write, workers=2)
    assert store.finished_keys() == {t.key for t in tasks}
    assert store.record(tasks[0].key)["n"] == 1
    series, cities = store.read(tasks[1].key)
    assert len(series) == 4 and cities is not None

    cities_file = store.runs / f"{tasks[0].key}.cities.parquet"
    cities_file.write_bytes(cities_file.read_bytes()[:50])  # truncated: the run is not whole
    assert [t.key for t in store.pending(tasks)] == [tasks[0].key]
    assert not cities_file.exists()
