"""Shared helpers: small, fast scenarios and sweep files built through the same validation as
user configs. Test modules import them from here, never from each other."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.config import CONFIGS_DIR, apply_override, read_yaml, validate_scenario
from sim.config.schema import Scenario
from sim.model import BorderModel

BASELINE = CONFIGS_DIR / "baseline.yaml"

TINY_SWEEP = {
    "name": "tiny",
    "base": str(CONFIGS_DIR / "baseline.yaml"),
    "set": {"population.population_scale": 0.002, "time.end": "2022-06"},
    "parameters": {
        "policy.retraining_subsidy": {"levels": [0.0, 0.9]},
        "policy.training_capacity_multiplier": {"levels": [1.0, 5.0]},
    },
    "design": {"kind": "grid"},
    "seeds": {"base": 7, "replicates": 1},
    "keep": {
        "timeseries": ["unemployment_rate_mx", "in_training"],
        "summaries": ["unemployment_rate_mx@2022-06", "sum(displaced_month_mx)@2022-01..2022-06"],
    },
}


def write_sweep(folder: Path, **changes) -> Path:
    """A tiny sweep file (2 x 2 grid, 6 months, scale 0.002) with top-level keys replaced."""
    data = {**TINY_SWEEP, **changes}
    path = folder / f"{data['name']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def three_parameters(kind_fields: dict) -> dict:
    return {
        "parameters": {
            "policy.retraining_subsidy": {"range": [0.0, 1.0]},
            "policy.stipend_usd_month": {"range": [0.0, 300.0]},
            "policy.retrain_before_layoff": {"levels": [False, True]},
        },
        "design": kind_fields,
    }


def scenario_with(*assignments: str, scale: float = 0.004, end: str = "2024-12") -> Scenario:
    """The baseline at a small scale and short horizon, with `path=value` overrides."""
    data = read_yaml(BASELINE)
    for assignment in (f"population.population_scale={scale}", f"time.end={end}", *assignments):
        apply_override(data, assignment)
    return validate_scenario(data, "test")


def article_pace() -> tuple[str, ...]:
    """Overrides that give the baseline the article's pace of automation
    (configs/scenarios/article_pace.yaml): at the evidence-sized baseline pace attrition absorbs
    nearly every automated job, so tests of what happens to displaced workers need this one."""
    pace = read_yaml(CONFIGS_DIR / "scenarios" / "article_pace.yaml")["automation"]
    return tuple(f"automation.{key}={value}" for key, value in pace.items())


def run_model(scenario: Scenario, seed: int = 1) -> BorderModel:
    model = BorderModel(scenario, seed=seed)
    model.run()
    return model


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The `early` tests first: pytest-xdist hands tests out in this order, so their long wait
    overlaps the other tests instead of ending the run."""
    items.sort(key=lambda item: item.get_closest_marker("early") is None)


@pytest.fixture(scope="session")
def baseline_small() -> BorderModel:
    """One short baseline run shared by read-only tests."""
    return run_model(scenario_with(), seed=3)
