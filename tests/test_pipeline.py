"""The execution pipeline: one way to resolve a scenario, run tasks in batches and keep their
results."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.agents.government import MunicipalGovernment
from sim.config import CONFIGS_DIR, ConfigError
from sim.model import BorderModel
from sim.outputs import output_columns
from sim.pipeline import (
    Batch,
    Execution,
    Keep,
    RunsFailed,
    RunStore,
    RunTask,
    execute,
    resolve_scenario,
    run_in_memory,
    run_task,
    simulate_task,
)
from sim.pipeline import task as task_module

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


def test_a_task_keeps_the_tables_the_model_s_data_collector_recorded():
    scenario, seed = resolve_scenario(SCENARIO, TINY)
    task = RunTask.of(scenario, seed, Keep(cities=True, summaries=["in_training@2022-03"]))
    result = run_task(task)
    model = BorderModel(scenario, seed=seed)
    model.run()
    series = model.datacollector.get_model_vars_dataframe()
    cities = model.datacollector.get_agenttype_vars_dataframe(MunicipalGovernment)
    assert result["status"] == "done" and result["key"] == task.key
    assert list(result["timeseries"]["date"]) == ["2022-01", "2022-02", "2022-03", "2022-04"]
    pd.testing.assert_frame_equal(result["timeseries"], series.reset_index(drop=True))
    kept = result["cities"]
    assert list(kept["step"]) == list(cities.index.get_level_values("Step"))
    pd.testing.assert_frame_equal(kept.drop(columns="step"), cities.reset_index(drop=True))
    assert result["summaries"] == {"in_training@2022-03": series["in_training"].iloc[2]}


def test_a_task_keeps_only_the_columns_it_asks_for():
    scenario, seed = resolve_scenario(SCENARIO, TINY)
    result = run_task(RunTask.of(scenario, seed, Keep(timeseries=["in_training"])))
    assert list(result["timeseries"].columns) == ["date", "step", "in_training"]
    assert result["cities"] is None


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
    execute(tasks, store.write, workers=2)
    assert store.finished_keys() == {t.key for t in tasks}
    assert store.record(tasks[0].key)["n"] == 1
    series, cities = store.read(tasks[1].key)
    assert len(series) == 4 and cities is not None

    cities_file = store.runs / f"{tasks[0].key}.cities.parquet"
    cities_file.write_bytes(cities_file.read_bytes()[:50])  # truncated: the run is not whole
    with Batch(store, Execution(workers=2)) as batch:
        assert not cities_file.exists()
        batch.run(tasks)
    assert batch.counts == {"cached": 1, "ran": 1, "failed": 0}
    assert store.finished_keys() == {t.key for t in tasks} and cities_file.exists()


def raise_on_seed_2(task: RunTask) -> dict:
    """A task function for the pool's workers (imported there by name): seed 2 raises."""
    if task.seed == 2:
        raise RuntimeError("retraining market exploded")
    return simulate_task(task)


def three_tasks() -> list[RunTask]:
    scenario, _ = resolve_scenario(SCENARIO, TINY)
    return [RunTask.of(scenario, seed, Keep(), {"arm": "reform"}) for seed in (1, 2, 3)]


def test_a_recording_batch_records_a_failed_run_and_goes_on(tmp_path):
    tasks, store = three_tasks(), RunStore(tmp_path)
    with Batch(store, Execution(workers=2), "record", task_fn=raise_on_seed_2) as batch:
        batch.run(tasks)
    assert batch.counts == {"cached": 0, "ran": 2, "failed": 1}
    assert [failure.task.seed for failure in batch.failures] == [2]
    assert store.finished_keys() == {tasks[0].key, tasks[2].key}
    assert "retraining market exploded" in store.failure(tasks[1].key)["error"]


def test_a_raising_batch_keeps_every_run_that_worked_then_names_the_first_failure(tmp_path):
    tasks, store = three_tasks(), RunStore(tmp_path)
    failing = Batch(store, Execution(workers=2), "raise", task_fn=raise_on_seed_2)
    with failing, pytest.raises(RunsFailed, match=r"^1 run\(s\) failed, first: reform seed 2: "):
        failing.run(tasks)
    assert store.finished_keys() == {tasks[0].key, tasks[2].key}

    with Batch(store, Execution(workers=2), "raise") as again:  # resumes: reruns only seed 2
        again.run(tasks + tasks[:1])
    assert again.counts == {"cached": 3, "ran": 1, "failed": 0}


def test_runs_measured_in_memory_come_back_in_task_order():
    tasks = three_tasks()[::-1]
    runs = run_in_memory(tasks, Execution(workers=2))
    assert [series["in_training"].iloc[-1] for series, _ in runs] == [
        run_task(task)["timeseries"]["in_training"].iloc[-1] for task in tasks
    ]


def test_a_table_that_breaks_the_output_contract_fails_its_run(monkeypatch):
    declared = output_columns()
    monkeypatch.setattr(task_module, "output_columns", lambda: declared[:-1])
    result = run_task(three_tasks()[0])
    assert result["status"] == "failed"
    assert f"undeclared ['{declared[-1]}']" in result["error"]
