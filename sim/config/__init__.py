"""Scenario configuration: the validated schema and the loader."""

from sim.config.loading import (
    CONFIGS_DIR,
    PROJECT_ROOT,
    ConfigError,
    apply_override,
    config_hash,
    load_scenario,
    read_scenario_data,
    read_yaml,
    validate_model,
    validate_scenario,
)
from sim.config.schema import Scenario

__all__ = [
    "CONFIGS_DIR",
    "PROJECT_ROOT",
    "ConfigError",
    "Scenario",
    "apply_override",
    "config_hash",
    "load_scenario",
    "read_scenario_data",
    "read_yaml",
    "validate_model",
    "validate_scenario",
]
