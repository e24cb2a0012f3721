"""Sweep files: validation before any run, the number of points per design, run seeds."""

from __future__ import annotations

import os

import pytest

from sim.cli import main
from sim.config import CONFIGS_DIR, ConfigError
from sim.sweep.plan import load_sweep
from sim.sweep.runner import run_sweep
from tests.conftest import three_parameters, write_sweep


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"design": {"kind": "grid"}}, 4),
        ({"seeds": {"base": 1, "replicates": 3}}, 12),
        (three_parameters({"kind": "lhs", "n": 5}), 5),
        (three_parameters({"kind": "sobol", "n": 8}), 8 * (3 + 2)),
        (three_parameters({"kind": "morris", "n": 4, "levels": 4}), 4 * (3 + 1)),
    ],
)
def test_each_design_has_its_number_of_points(tmp_path, changes, expected):
    plan = load_sweep(write_sweep(tmp_path, **changes))
    assert len(plan.tasks) == expected
    distinct = len({t.key for t in plan.tasks})
    # Saltelli/Morris steps on a two-level parameter can repeat a point: run once, used twice
    assert distinct == expected if "levels" not in str(changes) else distinct <= expected


def test_grid_crosses_every_level_and_sampled_values_stay_in_range(tmp_path):
    grid = load_sweep(write_sweep(tmp_path))
    pairs = {tuple(p.values()) for p in grid.points}
    assert pairs == {(0.0, 1.0), (0.0, 5.0), (0.9, 1.0), (0.9, 5.0)}
    sobol = load_sweep(write_sweep(tmp_path, **three_parameters({"kind": "sobol", "n": 8})))
    stipends = [p["policy.stipend_usd_month"] for p in sobol.points]
    assert min(stipends) >= 0.0 and max(stipends) <= 300.0 and len(set(stipends)) > 8
    assert {p["policy.retrain_before_layoff"] for p in sobol.points} == {False, True}


def test_seeds_are_derived_per_replicate_and_shared_across_points(tmp_path):
    plan = load_sweep(write_sweep(tmp_path, seeds={"base": 5, "replicates": 3}))
    by_point = {}
    for task in plan.tasks:
        by_point.setdefault(task.label["point"], []).append(task.seed)
    first = by_point[0]
    assert len(set(first)) == 3
    assert all(seeds == first for seeds in by_point.values())
    again = load_sweep(write_sweep(tmp_path, seeds={"base": 6, "replicates": 3}))
    assert again.tasks[0].seed != plan.tasks[0].seed


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"colour": "red"}, "colour", "not a known sweep field"),
        (
            {"parameters": {"policy.retraining_subsidee": {"levels": [0.1]}}},
            "policy.retraining_subsidee",
            "not a field of the scenario schema",
        ),
        (
            {"parameters": {"policy.retraining_subsidy": {"levels": [0.5, 1.5]}}},
            "policy.retraining_subsidy",
            "less than or equal to 1",
        ),
        (
            {"parameters": {"policy.retraining_subsidy": {"range": [0.0, 1.0]}}},
            "parameters.policy.retraining_subsidy",
            "grid design needs levels",
        ),
        (
            {"parameters": {"policy.retraining_subsidy": {"range": [0.5, 0.1]}}},
            "parameters.policy.retraining_subsidy",
            "must be below high",
        ),
        ({"design": {"kind": "sobol", "n": 10}}, "design", "power of 2"),
        ({"design": {"kind": "lhs"}}, "design", "needs n"),
        ({"design": {"kind": "factorial"}}, "design.kind", "'grid', 'lhs', 'sobol' or 'morris'"),
        (
            {"keep": {"summaries": ["unemployment_rate_mx at 2022-06"]}},
            "keep.summaries",
            "column@YYYY-MM",
        ),
        (
            {"keep": {"summaries": ["unemployment_rate_xx@2022-06"]}},
            "keep.summaries.0",
            "numeric output column",
        ),
        (
            {"keep": {"summaries": ["mean(in_training)@2022-01..2031-01"]}},
            "keep.summaries.0",
            "within the simulated 2022-01..2022-06",
        ),
        ({"keep": {"timeseries": False}}, "keep", "keep nothing"),
        (
            {"set": {"population.population_scale": 0}},
            "population.population_scale",
            "greater than 0",
        ),
        ({"seeds": {"base": -1}}, "seeds.base", "greater than or equal to 0"),
    ],
)
def test_bad_sweep_files_are_rejected_naming_the_field(tmp_path, changes, field, allowed):
    with pytest.raises(ConfigError) as caught:
        load_sweep(write_sweep(tmp_path, **changes))
    message = str(caught.value)
    assert field in message and allowed in message
    assert "tiny.yaml" in message


def test_a_bad_level_names_its_level_list_and_the_cli_exits_2_before_running(tmp_path, capsys):
    path = write_sweep(
        tmp_path, parameters={"policy.training_capacity_multiplier": {"levels": [1.0, 25.0]}}
    )
    code = main(["sweep", str(path), "--out", str(tmp_path / "out")])
    error = capsys.readouterr().err
    assert code == 2
    assert "level 1 25.0" in error and "policy.training_capacity_multiplier.levels" in error
    assert not (tmp_path / "out").exists()


def test_a_sweep_may_use_a_scenario_that_extends_the_baseline_as_its_base(tmp_path):
    scenario = CONFIGS_DIR / "scenarios" / "labor_reconversion.yaml"
    base = os.path.relpath(scenario, tmp_path)  # relative, as in a shipped sweep file
    plan = load_sweep(write_sweep(tmp_path, base=base))
    assert plan.base_config["name"] == "labor_reconversion"
    assert plan.base_config["policy"]["stipend_usd_month"] == 150  # from the scenario file
    report = run_sweep(plan, tmp_path / "out", workers=2, progress=False)
    assert (report.done, report.failed) == (4, 0)


def test_an_out_that_is_a_file_is_refused_in_one_line(tmp_path, capsys):
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me")
    assert main(["sweep", str(write_sweep(tmp_path)), "--out", str(taken)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--out" in err and "taken.txt" in err
    assert taken.read_text() == "keep me"
