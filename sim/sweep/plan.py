"""From a sweep file to the list of runs: every point resolved and validated before any run.

A point is the base scenario (any scenario file: `extends:` is followed) + the sweep's fixed
`set` + its parameter values, resolved by `sim.pipeline.resolve_scenario`, so a bad path or
value stops the whole sweep up front, naming the point and the field. A run is a (point,
replicate) pair; its `RunTask` carries the resolved config, seed and what to keep.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.config import ConfigError, Scenario, read_yaml
from sim.outputs import output_columns as contract_columns
from sim.pipeline import Keep, RunTask, resolve_scenario
from sim.pipeline.summary import Summary
from sim.sweep.designs import point_values, replicate_seed, unit_matrix
from sim.sweep.schema import SweepSpec, check_parameter_values, parse_spec


@dataclass
class SweepPlan:
    spec: SweepSpec
    source: Path
    unit: np.ndarray  # points x parameters, positions in [0, 1]
    points: list[dict[str, Any]]  # parameter values per point
    tasks: list[RunTask]  # one per (point, replicate), in order; label: point, replicate, params
    definition_hash: str
    base_config: dict[str, Any]  # base scenario + set, resolved (points differ only by params)

    @property
    def summaries(self) -> list[str]:
        return self.spec.keep.summaries


def _assignments(values: dict[str, Any]) -> list[str]:
    return [f"{field}={json.dumps(value)}" for field, value in values.items()]


def load_sweep(path: str | Path) -> SweepPlan:
    """Read, validate and expand a sweep file; raises ConfigError before anything runs."""
    path = Path(path)
    source = str(path)
    spec = parse_spec(read_yaml(path), source)
    base_path = (path.parent / spec.base).resolve()
    fixed = _assignments(spec.set)
    template, _ = resolve_scenario(
        base_path, fixed, source=f"{source} (base + set)", override_source=f"{source}: set"
    )
    _check_keep(spec, template, source)
    check_parameter_values(
        spec.parameters,
        "parameters",
        source,
        lambda field, value: resolve_scenario(base_path, [*fixed, *_assignments({field: value})]),
    )

    unit = unit_matrix(spec.design, spec.parameters)
    points, configs = [], []
    for index, row in enumerate(unit):
        values = point_values(row, spec.parameters)
        scenario, _ = resolve_scenario(
            base_path,
            [*fixed, *_assignments(values)],
            source=f"{source} point {index} {_short(values)}",
            override_source=f"{source}: parameters",
        )
        points.append(values)
        configs.append(scenario)

    keep = spec.keep.model_dump(mode="json")
    kept = Keep(timeseries=spec.keep.timeseries, summaries=spec.keep.summaries)
    seeds = [replicate_seed(spec.seeds.base, r) for r in range(spec.seeds.replicates)]
    tasks = [
        RunTask.of(scenario, seed, kept, {"point": index, "replicate": replicate, "params": values})
        for index, (values, scenario) in enumerate(zip(points, configs, strict=True))
        for replicate, seed in enumerate(seeds)
    ]
    identity = {"runs": [t.key for t in tasks], "keep": keep, "names": list(spec.parameters)}
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
    return SweepPlan(spec, path, unit, points, tasks, digest, template.model_dump(mode="json"))


def _short(values: dict[str, Any]) -> str:
    text = json.dumps(values)
    return text if len(text) < 120 else text[:117] + "..."


def output_columns() -> tuple[str, ...]:
    """Numeric columns of the monthly time series (the declared output contract)."""
    return tuple(name for name in contract_columns() if name != "date")


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
