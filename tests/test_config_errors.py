"""Bad configs and overrides fail before the run, naming field, value and what is allowed."""

import subprocess
import sys

import pytest

from sim.cli import main
from sim.config import CONFIGS_DIR

BASELINE = str(CONFIGS_DIR / "baseline.yaml")

BAD_OVERRIDES = [
    ("policy.retraining_subsidy=1.5", "policy.retraining_subsidy", "less than or equal to 1"),
    ("policy.retraining_subsidy=-0.1", "policy.retraining_subsidy", "greater than or equal to 0"),
    ("policy.retraining_subsidy=lots", "policy.retraining_subsidy", "valid number"),
    ("population.population_scale=0", "population.population_scale", "greater than 0"),
    ("population.population_scale=2", "population.population_scale", "less than or equal to 1"),
    ("time.start=2022-13", "time.start", "YYYY-MM"),
    ("time.end=2021-01", "time", "before start"),
    ("policy.sez_cities=[atlantis_mx]", "policy.sez_cities.0", "tijuana_mx"),
    ("policy.retrain_before_layoff=maybe", "policy.retrain_before_layoff", "boolean"),
    ("policy.no_such_lever=1", "policy.no_such_lever", "not a field"),
    ("nonsense", "nonsense", "section.field=value"),
    ("training.programme_months=0", "training.programme_months", "greater than or equal to 1"),
    ("plants.sector_shares={automotive: 0.5}", "plants", "sum to 1"),
    ("world.cities_file=../../etc/passwd.csv", "world.cities_file", "inside configs/"),
    ("automation.cost_decline_per_year=1.0", "automation.cost_decline_per_year", "less than 1"),
    ("demand.growth_per_year.mx={2022: 7}", "demand.growth_per_year.mx", "-0.5..1.0"),
    ("wages.mxn_per_usd={}", "wages.mxn_per_usd", "at least one year"),
    (
        "policy.adaptive_training.unemployment_threshold=3",
        "policy.adaptive_training.unemployment_threshold",
        "less than or equal to 1",
    ),
]


@pytest.mark.parametrize(("assignment", "field", "allowed"), BAD_OVERRIDES)
def test_bad_override_is_refused_naming_field_value_and_rule(
    assignment, field, allowed, capsys, tmp_path
):
    code = main(["run", BASELINE, "--out", str(tmp_path / "out"), "--set", assignment])
    err = capsys.readouterr().err
    assert code == 2
    assert field in err
    assert allowed in err
    assert not (tmp_path / "out").exists(), "nothing may run or be written"


BAD_FILES = [
    ("", "(file)", "empty"),
    ("- just\n- a list\n", "(top level)", "mapping"),
    ("policy: {retraining_subsidy: 0.5}\npolicy: {}\n", "policy", "once"),
    ("population:\n  population_scale: [1, 2]\n", "population.population_scale", "valid number"),
    ("polcy:\n  retraining_subsidy: 0.5\n", "polcy", "not a known field"),
    ("policy: {retraining_subsidy: 0.5\n", ":2:1:", "not valid YAML"),
    ("time: {start: 202201}\n", "time.start", "YYYY-MM"),
    ("name: 'has spaces/and slashes'\n", "name", "pattern"),
]


@pytest.mark.parametrize(("text", "field", "allowed"), BAD_FILES)
def test_bad_config_file_is_refused_naming_the_field(text, field, allowed, capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    code = main(["run", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert str(path) in err and field in err and allowed in err


def test_binary_file_is_refused(capsys, tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\x00\xff\xfe\x00garbage")
    assert main(["run", str(path)]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_missing_file_is_refused(capsys, tmp_path):
    assert main(["run", str(tmp_path / "nope.yaml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_negative_seed_flag_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", BASELINE, "--seed", "-3"])
    assert exit_info.value.code == 2
    assert "--seed" in capsys.readouterr().err


def test_the_real_command_exits_2_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sim.cli", "run", BASELINE, "--set", "policy.stipend_usd_month=-5"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "policy.stipend_usd_month = -5" in result.stderr
