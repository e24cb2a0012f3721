"""Shared helpers: small, fast scenarios built through the same validation as user configs."""

from __future__ import annotations

import pytest

from sim.config import CONFIGS_DIR, apply_override, read_yaml, validate_scenario
from sim.config.schema import Scenario
from sim.model import BorderModel

BASELINE = CONFIGS_DIR / "baseline.yaml"


def scenario_with(*assignments: str, scale: float = 0.004, end: str = "2024-12") -> Scenario:
    """The baseline at a small scale and short horizon, with `path=value` overrides."""
    data = read_yaml(BASELINE)
    for assignment in (f"population.population_scale={scale}", f"time.end={end}", *assignments):
        apply_override(data, assignment)
    return validate_scenario(data, "test")


def run_model(scenario: Scenario, seed: int = 1) -> BorderModel:
    model = BorderModel(scenario, seed=seed)
    model.run()
    return model


@pytest.fixture(scope="session")
def baseline_small() -> BorderModel:
    """One short baseline run shared by read-only tests."""
    return run_model(scenario_with(), seed=3)
