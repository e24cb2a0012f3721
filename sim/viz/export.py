"""What a class takes home: the run so far as CSV (with the no-policy twin's columns when the
page compares), and the scenario as a YAML `bordersim run` reproduces (the fully resolved
config, so it does not depend on the files it came from), named after the policy it ran."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd
import yaml

from sim.config import config_hash

if TYPE_CHECKING:
    from sim.model import BorderModel
    from sim.viz.factory import VizModel


NO_POLICY_SUFFIX = "_no_policy"
KEYS = ("date", "step", "city_id", "country")  # columns that say which month and city a row is


def with_no_policy(mine: pd.DataFrame, twin: pd.DataFrame | None) -> pd.DataFrame:
    """`mine` with the no-policy twin's figures beside it, each column suffixed `_no_policy`."""
    if twin is None:
        return mine
    keys = [key for key in KEYS if key in mine.columns and key in twin.columns]
    return mine.merge(twin, on=keys, how="left", suffixes=("", NO_POLICY_SUFFIX))


def series_csv(model: VizModel) -> str:
    """The monthly series so far, one row per month (the DataCollector's model table), with
    the no-policy twin's series beside them when the page compares."""
    twin = model.baseline
    frame = with_no_policy(
        model.datacollector.get_model_vars_dataframe(),
        None if twin is None else twin.datacollector.get_model_vars_dataframe(),
    )
    return frame.to_csv(index=False)


def cities_csv(model: VizModel) -> str:
    """Every city's figures by month so far, one row per city and month (and the no-policy
    twin's beside them when the page compares)."""

    def table(source: BorderModel) -> pd.DataFrame:
        government = type(source.governments[0])
        frame = source.datacollector.get_agenttype_vars_dataframe(government)
        return frame.reset_index(drop=True)

    twin = model.baseline
    return with_no_policy(table(model), None if twin is None else table(twin)).to_csv(index=False)


def scenario_yaml(model: VizModel) -> str:
    """The scenario the page ran, every field resolved, with the seed it used."""
    data = model.config.model_dump(mode="json")
    data["seed"] = model.seed
    header = f"# bordersim scenario from the visualizer; config hash {config_hash(model.config)}\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def file_stem(model: VizModel) -> str:
    """A file name for the downloads: the policy's name, config hash and seed."""
    name = re.sub(r"[^A-Za-z0-9_.+-]+", "-", model.config.name) or "scenario"
    return f"{name}-{config_hash(model.config)}-{model.seed}"


def run_command(model: VizModel) -> str:
    """The command that reruns the downloaded scenario."""
    return f"uv run bordersim run {file_stem(model)}.yaml --seed {model.seed}"
