"""The calibration config (`configs/calibration.yaml`): what to estimate, against which base
scenario, with how many seeds and how much compute. Validated before any simulation runs."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sim.config import (
    ConfigError,
    Scenario,
    apply_override,
    read_scenario_data,
    read_yaml,
    validate_model,
    validate_scenario,
)
from sim.targets import CALIBRATION_TARGETS


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Bounds(_Section):
    low: float = Field(description="lowest value searched")
    high: float = Field(description="highest value searched")
    why: str = Field("", description="where the bounds come from")

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if not self.low < self.high:
            raise ValueError(f"low {self.low} must be below high {self.high}")
        return self


class Budget(_Section):
    screening_points: int = Field(
        32,
        ge=1,
        le=4096,
        description="simulated_moments: Sobol points screened over the box (rounded up to 2^k)",
    )
    optimiser_evaluations: int = Field(
        100, ge=0, le=10000, description="Nelder-Mead evaluations from the best screened point"
    )
    search_seeds: int = Field(
        4, ge=1, le=100, description="seeds per evaluation (the same for every vector)"
    )
    report_seeds: int = Field(
        10, ge=1, le=1000, description="seeds for the final target-vs-simulated table"
    )
    seed_base: int = Field(1000, ge=0, le=2**62, description="seeds are seed_base + 0, 1, ...")
    workers: int = Field(2, ge=1, le=64, description="processes running seeds in parallel")


class HistoryMatching(_Section):
    design_points: int = Field(
        256, ge=2, le=65536, description="Sobol points over the box (rounded up to 2^k)"
    )
    cutoff: float = Field(
        3.0, gt=0, le=100, description="a point is implausible when its implausibility passes this"
    )
    rank: int = Field(
        1,
        ge=1,
        le=3,
        description="which implausibility is cut: 1 = the largest over targets, 2 = the second "
        "largest (tolerates one missed target)",
    )


class CalibrationConfig(_Section):
    name: str = Field("calibration", pattern=r"^[A-Za-z0-9_.-]+$")
    base_config: str = Field(
        "baseline.yaml", description="scenario to calibrate, relative to this file's folder"
    )
    overrides: list[str] = Field(
        default_factory=list,
        description="path=value applied to the base while searching (e.g. time.end=2025-12)",
    )
    write_baseline: bool = Field(
        True, description="write the estimates into base_config with a provenance comment"
    )
    method: Literal["history_matching", "simulated_moments"] = Field(
        "simulated_moments",
        description="history_matching: Sobol design, implausibility cut, 90% intervals, then "
        "Nelder-Mead from the best non-implausible point; simulated_moments: Sobol screening "
        "then Nelder-Mead",
    )
    history_matching: HistoryMatching = Field(default_factory=HistoryMatching)
    budget: Budget = Field(default_factory=Budget)
    parameters: dict[str, Bounds] = Field(description="dotted scenario field -> search bounds")

    @field_validator("parameters")
    @classmethod
    def _identifiable(cls, parameters: dict[str, Bounds]) -> dict[str, Bounds]:
        if not parameters:
            raise ValueError("at least one parameter is needed")
        if len(parameters) >= len(CALIBRATION_TARGETS):
            raise ValueError(
                f"{len(parameters)} free parameters against {len(CALIBRATION_TARGETS)} fitted "
                "targets: an identified calibration needs fewer parameters than targets"
            )
        return parameters


class Calibration:
    """A validated calibration config with its base scenario data resolved."""

    def __init__(self, config: CalibrationConfig, source: Path) -> None:
        self.config = config
        self.source = source
        self.base_path = (source.parent / config.base_config).resolve()
        self.base_data = read_scenario_data(self.base_path)
        self.names = list(config.parameters)
        self.low = [config.parameters[n].low for n in self.names]
        self.high = [config.parameters[n].high for n in self.names]
        self.scenario(self.low)  # every bound must be a valid value of its field
        end = self.scenario(self.high).time.end
        last = max(CALIBRATION_TARGETS, key=lambda t: t.last_date)
        if end < last.last_date:
            raise ConfigError(
                str(source),
                "overrides",
                f"time.end={end}",
                f"runs must reach {last.last_date}, the last month a target reads ({last.name})",
            )
        self.search_seeds = [config.budget.seed_base + i for i in range(config.budget.search_seeds)]
        first = config.budget.seed_base + config.budget.search_seeds  # out of sample
        self.report_seeds = [first + i for i in range(config.budget.report_seeds)]

    def base_values(self) -> dict[str, float]:
        """The parameters' values in the base scenario as it stands (before calibration)."""
        scenario = self.scenario([], parameters=False)
        return {
            name: float(functools.reduce(getattr, name.split("."), scenario))  # type: ignore[arg-type]
            for name in self.names
        }

    def unit(self, values: dict[str, float]) -> np.ndarray:
        """`values` as a point of the unit cube the search works in (clipped to the box)."""
        low, high = np.array(self.low), np.array(self.high)
        point = np.array([values[n] for n in self.names])
        return np.clip((point - low) / (high - low), 0.0, 1.0)

    def scenario(
        self, values: list[float], overrides: bool = True, parameters: bool = True
    ) -> Scenario:
        """The base scenario with the parameters set (and, while searching, the overrides)."""
        data = copy.deepcopy(self.base_data)
        source = f"{self.source} (parameters)"
        extra = self.config.overrides if overrides else []
        for assignment in extra:
            apply_override(data, assignment, f"{self.source}: overrides")
        for name, value in zip(self.names if parameters else [], values, strict=True):
            apply_override(data, f"{name}={_plain(value)}", source)
        return validate_scenario(data, source)


def _plain(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() else repr(float(value))


def load_calibration(path: Path) -> Calibration:
    """Read and validate a calibration YAML; errors name the file, field, value and the rule."""
    source = str(path)
    config = validate_model(CalibrationConfig, read_yaml(path), source)
    return Calibration(config, path)
