"""What a class takes home: the run so far as CSV, and the scenario as a YAML `bordersim run`
reproduces (the fully resolved config, so it does not depend on the files it came from)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from sim.config import config_hash

if TYPE_CHECKING:
    from sim.viz.factory import VizModel


def series_csv(model: VizModel) -> str:
    """The monthly series so far, one row per month (the DataCollector's model table)."""
    return model.datacollector.get_model_vars_dataframe().to_csv(index=False)


def cities_csv(model: VizModel) -> str:
    """Every city's figures by month so far, one row per city and month."""
    government = type(model.governments[0])
    frame = model.datacollector.get_agenttype_vars_dataframe(government)
    return frame.reset_index(drop=True).to_csv(index=False)


def scenario_yaml(model: VizModel) -> str:
    """The scenario the page ran, every field resolved, with the seed it used."""
    data = model.config.model_dump(mode="json")
    data["seed"] = model.seed
    header = f"# bordersim scenario from the visualizer; config hash {config_hash(model.config)}\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def file_stem(model: VizModel) -> str:
    """A file name for the downloads: scenario, config hash and seed."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", model.setup.scenario_name) or "scenario"
    return f"{name}-{config_hash(model.config)}-{model.seed}"


def run_command(model: VizModel) -> str:
    """The command that reruns the downloaded scenario."""
    return f"uv run bordersim run {file_stem(model)}.yaml --seed {model.seed}"
