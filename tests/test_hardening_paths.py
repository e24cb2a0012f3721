"""Safe defaults: names from configs cannot steer writes outside the output folders, and
nothing read back from a config or result file is executed."""

from __future__ import annotations

import re

import pytest

from sim.cli import main
from sim.config import CONFIGS_DIR, PROJECT_ROOT

SOURCES = sorted((PROJECT_ROOT / "sim").rglob("*.py"))
assert SOURCES, "the package sources are found"


@pytest.mark.parametrize("name", ["..", ".", ".hidden", "-flag"])
def test_a_sweep_name_that_would_leave_results_sweeps_is_refused(name, tmp_path, capsys):
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(
        f"name: '{name}'\nbase: {CONFIGS_DIR / 'baseline.yaml'}\n"
        "parameters: {policy.retraining_subsidy: {levels: [0.0]}}\n"
        "design: {kind: grid}\n"
        "keep: {timeseries: false, summaries: [unemployment_rate_mx@2022-03]}\n"
    )
    assert main(["sweep", str(sweep), "--fresh"]) == 2
    assert "name" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["..", "../../etc", "a/b"])
def test_a_scenario_name_cannot_be_a_path(name, tmp_path, capsys):
    config = tmp_path / "scenario.yaml"
    config.write_text(f"name: '{name}'\n")
    assert main(["run", str(config)]) == 2
    assert "name" in capsys.readouterr().err


def test_no_module_unpickles_evaluates_or_loads_yaml_unsafely():
    """Result and config files are read as data only: Parquet, JSON, CSV and safe YAML."""
    risky = re.compile(
        r"\bpickle\b|(?<![\w.])eval\(|(?<![\w.])exec\("  # a method named eval is not eval()
        r"|yaml\.load\(|yaml\.unsafe_load|Loader=yaml\.Loader"
    )
    offenders = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if risky.search(line) and "_UniqueKeyLoader" not in line:
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_safe_loader_is_a_safe_loader():
    import yaml

    from sim.config.loading import _UniqueKeyLoader

    assert issubclass(_UniqueKeyLoader, yaml.SafeLoader)
