"""The shipped scenarios: each loads and states what it represents; the policy scenarios change
only policy, and the named scenarios (a trial, a stress test, the article's pace) only the
sections they name."""

from pathlib import Path

import pytest

from sim.cli import main
from sim.config import CONFIGS_DIR, ConfigError, load_scenario

SCENARIOS = sorted((CONFIGS_DIR / "scenarios").glob("*.yaml"))
EXPECTED = {
    "no_policy",
    "labor_reconversion",
    "sme_digitalization",
    "binational_education",
    "sez_fiscal_backing",
    "apep_coordination",
    "retrain_first",
    "combined",
}
# named scenarios that are not policies, and the sections each may change besides policy
NAMED = {
    "training_trial": {"policy", "trial", "automation"},
    "extreme_policy": {"policy", "government"},
    "article_pace": {"automation"},
}


def test_every_article_policy_and_named_scenario_has_a_file():
    assert {path.stem for path in SCENARIOS} == EXPECTED | set(NAMED)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_extends_the_baseline_and_changes_only_its_sections(path: Path):
    scenario = load_scenario(path)
    baseline = load_scenario(CONFIGS_DIR / "baseline.yaml")
    assert scenario.name == path.stem
    assert path.read_text().startswith("# "), "a comment block says what it represents"
    sections = NAMED.get(path.stem, {"policy"})
    mine = {"name", "description", *sections}
    assert scenario.model_dump(exclude=mine) == baseline.model_dump(exclude=mine)
    changed = {s for s in sections if getattr(scenario, s) != getattr(baseline, s)}
    assert changed or path.stem == "no_policy"


def test_extends_cycle_is_refused(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nname: a\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nname: b\n")
    with pytest.raises(ConfigError, match="cycle"):
        load_scenario(tmp_path / "a.yaml")


def test_extends_must_name_a_yaml_file(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: 42\n")
    with pytest.raises(ConfigError, match="extends"):
        load_scenario(tmp_path / "a.yaml")


def test_extends_cannot_reach_outside_the_configs_folder(tmp_path, capsys):
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "secret.yaml").write_text("name: secret\n")
    (inner / "a.yaml").write_text("extends: ../secret.yaml\n")
    assert main(["run", str(inner / "a.yaml")]) == 2
    assert "inside the configs/ folder" in capsys.readouterr().err
