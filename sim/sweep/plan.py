"""From a sweep file to the list of runs: every point resolved and validated before any run.

A point is the base scenario + the sweep's fixed `set` + its parameter values, applied with
`apply_override` and checked by `validate_scenario`, so a bad path or value stops the whole
sweep up front, naming the point and the field. A run is a (point, replicate) pair; its task
is a small JSON-able dict (resolved config, seed, what to keep) cheap to ship to any worker.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from sim.config import ConfigError, Scenario, apply_override, read_yaml, validate_scenario
from sim.sweep.designs import point_values, replicate_seed, unit_matrix
from sim.sweep.schema import Summary, SweepSpec, parse_spec


@dataclass
class SweepPlan:
    spec: SweepSpec
    source: Path
    unit: np.ndarray  # points x parameters, positions in [0, 1]
    points: list[dict[str, Any]]  # parameter values per point
    tasks: list[dict[str, Any]]  # one per (point, replicate), in order
    definition_hash: str
    base_config: dict[str, Any]  # base scenario + set, resolved (points differ only by params)

    @property
    def summaries(self) -> list[str]:
        return self.spec.keep.summaries


def run_key(config: dict[str, Any], seed: int) -> str:
    """Identity of one run: hash of the fully resolved config and the seed."""
    text = json.dumps({"config": config, "seed": seed}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def load_sweep(path: str | Path) -> SweepPlan:
    """Read, validate and expand a sweep file; raises ConfigError before anything runs."""
    path = Path(path)
    source = str(path)
    spec = parse_spec(read_yaml(path), source)
    base_path = (path.parent / spec.base).resolve()
    base = read_yaml(base_path)
    for field, value in spec.set.items():
        apply_override(base, f"{field}={json.dumps(value)}", f"{source}: set")
    template = validate_scenario(copy.deepcopy(base), f"{source} (base + set)")
    _check_keep(spec, template, source)

    unit = unit_matrix(spec.design, spec.parameters)
    points, configs = [], []
    for index, row in enumerate(unit):
        values = point_values(row, spec.parameters)
        data = copy.deepcopy(base)
        for field, value in values.items():
            apply_override(data, f"{field}={json.dumps(value)}", f"{source}: parameters")
        scenario = validate_scenario(data, f"{source} point {index} {_short(values)}")
        points.append(values)
        configs.append(scenario.model_dump(mode="json"))

    keep = spec.keep.model_dump(mode="json")
    seeds = [replicate_seed(spec.seeds.base, r) for r in range(spec.seeds.replicates)]
    tasks = []
    for index, (values, config) in enumerate(zip(points, configs, strict=True)):
        for replicate, seed in enumerate(seeds):
            task = {"point": index, "replicate": replicate, "seed": seed, "params": values}
            tasks.append({**task, "key": run_key(config, seed), "config": config, "keep": keep})
    identity = {"runs": [t["key"] for t in tasks], "keep": keep, "names": list(spec.parameters)}
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
    return SweepPlan(spec, path, unit, points, tasks, digest, template.model_dump(mode="json"))


def _short(values: dict[str, Any]) -> str:
    text = json.dumps(values)
    return text if len(text) < 120 else text[:117] + "..."


@lru_cache(maxsize=1)
def output_columns() -> tuple[str, ...]:
    """Numeric columns of the monthly time series (read from a tiny model's reporters)."""
    from sim.model import BorderModel

    tiny = Scenario.model_validate(
        {"population": {"population_scale": 0.0003}, "time": {"end": "2022-01"}}
    )
    names = BorderModel(tiny, seed=0).datacollector.model_reporters
    return tuple(n for n in names if n != "date")


def _check_keep(spec: SweepSpec, template: Scenario, source: str) -> None:
    columns = output_columns()
    allowed = "a numeric output column (e.g. unemployment_rate_mx; see README 'Outputs')"
    if isinstance(spec.keep.timeseries, list):
        for i, column in enumerate(spec.keep.timeseries):
            if column not in columns:
                raise ConfigError(source, f"keep.timeseries.{i}", column, f"must be {allowed}")
    start, end = template.time.start, template.time.end
    for i, text in enumerate(spec.keep.summaries):
        summary = Summary.parse(text)
        if summary.column not in columns:
            raise ConfigError(source, f"keep.summaries.{i}", text, f"column must be {allowed}")
        if not (start <= summary.start <= summary.end <= end):
            raise ConfigError(
                source,
                f"keep.summaries.{i}",
                text,
                f"months must be ordered and within the simulated {start}..{end}",
            )
