"""Policy-design specs: a bad spec is refused in one line naming the field, before any run."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

import sim.cli
from sim.config import CONFIGS_DIR, ConfigError
from sim.design import command as design_command
from sim.design.spec import DiscoverSpec, OptimizeSpec, load_spec

UNEMPLOYMENT = "mean(unemployment_rate_mx)@2022-01..2022-06"
OPTIMIZE = {
    "name": "tiny",
    "base": str(CONFIGS_DIR / "baseline.yaml"),
    "set": {"population.population_scale": 0.002, "time.end": "2022-06"},
    "levers": {
        "policy.stipend_usd_month": {"range": [0, 1000]},
        "policy.retraining_subsidy": {"range": [0.0, 1.0]},
    },
    "objectives": [{"summary": "public_spending_usd_cum@2022-06"}],
    "constraints": [{"summary": UNEMPLOYMENT, "max": 0.1}],
    "seeds": {"base": 5, "replicates": 2},
    "search": {"evaluations": 96, "population": 16, "seed": 1},
}
DISCOVER = {
    "name": "tinyd",
    "base": str(CONFIGS_DIR / "baseline.yaml"),
    "set": {"population.population_scale": 0.002, "time.end": "2022-06"},
    "uncertainties": {
        "parameters": {
            "automation.cost_decline_per_year": {"range": [0.0, 0.3]},
            "labour.match_efficiency.mx": {"range": [0.2, 0.9]},
            "labour.quit_rate_month.mx": {"range": [0.01, 0.06]},
        },
        "samples": 200,
        "seed": 3,
    },
    "policies": {"reconversion": {"policy.retraining_subsidy": 0.5}},
    "target": {"summary": UNEMPLOYMENT, "max": 0.1},
    "seeds": {"base": 5, "replicates": 1},
}


# `bordersim ...` as the entry point runs it, with the design commands listed in sim/cli.py
# whether or not that file lists them yet; CLI is the same for a subprocess (`python -c CLI`).
CLI = (
    "import sys, sim.cli as c, sim.design.command as d; "
    "c.COMMANDS += (d,) * (d not in c.COMMANDS); sys.exit(c.main(sys.argv[1:]))"
)


def main(argv: list[str]) -> int:
    if design_command not in sim.cli.COMMANDS:
        sim.cli.COMMANDS = (*sim.cli.COMMANDS, design_command)
    return sim.cli.main(argv)


def write_spec(folder: Path, template: dict, **changes) -> Path:
    """A spec file: the template with top-level keys replaced."""
    data = {**copy.deepcopy(template), **changes}
    path = folder / f"{data['name']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_shipped_specs_are_valid():
    assert load_spec(CONFIGS_DIR / "policy" / "cheapest_mix.yaml", OptimizeSpec).spec.levers
    assert load_spec(CONFIGS_DIR / "policy" / "reconversion_failure.yaml", DiscoverSpec).spec


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"budget": 10}, "budget", "allowed: name, description, base, set, seeds"),
        ({"levers": {"policy.no_such_lever": {"range": [0, 1]}}}, "policy.no_such_lever", "field"),
        (
            {"levers": {"policy.retraining_subsidy": {"range": [0.0, 2.0]}}},
            "policy.retraining_subsidy",
            "less than or equal to 1",
        ),
        (
            {"levers": {"policy.retraining_subsidy": {"range": [0.5, 0.1]}}},
            "levers.policy.retraining_subsidy",
            "must be below high",
        ),
        ({"objectives": [{"summary": "average(x)"}]}, "objectives.0.summary", "must look like"),
        (
            {"objectives": [{"summary": "no_such_column@2022-06"}]},
            "objectives.0.summary",
            "numeric output column",
        ),
        (
            {"constraints": [{"summary": "unemployment_rate_mx@2031-01", "max": 0.1}]},
            "constraints.0.summary",
            "within the simulated 2022-01..2022-06",
        ),
        (
            {"constraints": [{"summary": UNEMPLOYMENT, "max": 0.1, "min": 0.0}]},
            "constraints.0",
            "exactly one of max: or min:",
        ),
        ({"search": {"evaluations": 4, "population": 16}}, "search", "at least one population"),
        (
            {"objectives": [{"summary": UNEMPLOYMENT, "direction": "lower"}]},
            "direction",
            "minimize",
        ),
        ({"execution": {"backend": "slurm"}}, "execution.backend", "'local' or 'dask'"),
        ({"fresh_seeds": {"base": 5, "replicates": 2}}, "(top level)", "must differ"),
    ],
)
def test_bad_optimize_specs_are_refused_naming_the_field(tmp_path, changes, field, allowed):
    with pytest.raises(ConfigError) as caught:
        load_spec(write_spec(tmp_path, OPTIMIZE, **changes), OptimizeSpec)
    assert field in caught.value.field or field in str(caught.value)
    assert allowed in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        (
            {"policies": {"reconversion": {"policy.stipend_usd_month": -5}}},
            "policy.stipend_usd_month",
            "greater than or equal to 0",
        ),
        ({"target": {"summary": UNEMPLOYMENT}}, "target", "exactly one of max: or min:"),
        (
            {"uncertainties": {"parameters": {}, "samples": 10}},
            "uncertainties.parameters",
            "1 item",
        ),
        ({"prim": {"threshold": 1.5}}, "prim.threshold", "less than or equal to 1"),
    ],
)
def test_bad_discover_specs_are_refused_naming_the_field(tmp_path, changes, field, allowed):
    with pytest.raises(ConfigError) as caught:
        load_spec(write_spec(tmp_path, DISCOVER, **changes), DiscoverSpec)
    assert field in str(caught.value)
    assert allowed in str(caught.value)


def test_the_cli_refuses_a_bad_spec_in_one_line_with_exit_2_before_running(tmp_path, capsys):
    bad = {"levers": {"policy.retraining_subsidy": {"range": [0.0, 3.0]}}}
    out = tmp_path / "out"
    assert main(["optimize", str(write_spec(tmp_path, OPTIMIZE, **bad)), "--out", str(out)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("bordersim: error: ") and "\n" not in error
    assert "levers.policy.retraining_subsidy" in error and "3.0" in error
    assert not out.exists()
    assert main(["discover", str(tmp_path / "missing.yaml")]) == 2
    assert "does not exist" in capsys.readouterr().err
