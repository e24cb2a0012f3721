"""Messages that say what is wrong where: the override (not the file) for a bad --set, both
sides of a range, a sweep range as the range, yes/no levels for a number, YAML syntax as
file:line:column, an alias bomb refused at once."""

from __future__ import annotations

import time

import pytest

from sim.config import ConfigError
from sim.config.loading import parse_yaml_text
from tests.conftest import write_sweep
from tests.hostile import BASELINE, TINY, assert_refused, bordersim

RANGE = {"policy.retraining_subsidy": {"range": [0.0, 3.5]}}
YES = {"policy.retraining_subsidy": {"levels": [True, False]}}


@pytest.mark.parametrize(
    ("assignment", "needles"),
    [
        ("population.population_scale=abc", ["bordersim: error: --set:", "valid number"]),
        ("policy.retraining_subsidy=1.5", ["--set:", "must be within 0..1"]),
        ("automation.cost_decline_per_year=1.0", ["must be within", "..1 (exclusive)"]),
        ("population.population_scale=yes", ["population_scale = True", "boolean"]),
    ],
    ids=["type", "both-sides", "exclusive", "yes"],
)
def test_a_bad_override_is_blamed_on_the_override_and_names_the_range(
    tmp_path, assignment, needles
):
    out = tmp_path / "out"
    line = assert_refused(
        bordersim("run", BASELINE, *TINY, "--set", assignment, "--out", out), *needles
    )
    assert "baseline.yaml" not in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("parameters", "design", "needles"),
    [
        (RANGE, {"kind": "lhs", "n": 4}, ["range = [0.0, 3.5]", "high 3.5", "0..1"]),
        (YES, {"kind": "grid"}, ["levels = [True, False]", "level 0 True", "boolean"]),
    ],
    ids=["range", "yes-levels"],
)
def test_a_sweep_parameter_is_reported_as_its_range_or_levels(
    tmp_path, parameters, design, needles
):
    sweep = write_sweep(tmp_path, parameters=parameters, design=design)
    out = tmp_path / "out"
    assert_refused(bordersim("sweep", sweep, "--out", out), *needles)
    assert not out.exists()


def test_a_yaml_syntax_error_is_file_line_column_problem(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("name: x\npolicy: {retraining_subsidy: [0.5\n")
    line = assert_refused(bordersim("run", config))
    assert line.startswith(f"bordersim: error: {config}:3:1: not valid YAML: ")


def _bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_is_expanded():
    started = time.process_time()
    with pytest.raises(ConfigError, match="alias bomb"):
        parse_yaml_text(_bomb(), "bomb.yaml")
    assert time.process_time() - started < 1.0  # 9**10 values were 27 s to refuse


def test_an_alias_bomb_on_the_command_line_is_one_line(tmp_path):
    config = tmp_path / "bomb.yaml"
    config.write_text(_bomb())
    assert_refused(bordersim("run", config), "alias bomb")


def test_a_few_aliases_are_still_fine():
    assert parse_yaml_text("a: &x [1, 2]\nb: *x\n", "ok.yaml") == {"a": [1, 2], "b": [1, 2]}
