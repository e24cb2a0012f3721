"""The decomposition spec (`configs/counterfactuals/juarez_decomposition.yaml`): which city's
change over which window, which causes to switch off (override lists), over how many seeds and
parameter draws. Every arm of every draw is validated before any simulation runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sim.config import CONFIGS_DIR, ConfigError, Scenario, read_yaml, validate_model
from sim.outputs import CITIES
from sim.pipeline import resolve_scenario
from sim.world.cities import city_ids

FULL, ALL_OFF = "full", "all_off"  # the arm with every cause on, and with every cause off
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Window(_Section):
    start: str = Field(pattern=MONTH, description="first month of the change, YYYY-MM")
    end: str = Field(pattern=MONTH, description="last month of the change, YYYY-MM")

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if not self.start < self.end:
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self


class Cause(_Section):
    description: str = Field("", description="what switching this cause off means")
    set: list[str] = Field(min_length=1, description="path=value overrides that switch it off")


class DecompositionSpec(_Section):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", description="names the results folder")
    base: str = Field(description="scenario file, relative to this spec's folder")
    city: str = Field(description="city id (configs/data/cities.csv), e.g. ciudad_juarez_mx")
    column: str = Field("manufacturing_jobs", description="column of the city table")
    window: Window
    seeds: int = Field(5, ge=1, le=1000, description="seeds per parameter draw")
    seed_base: int = Field(3000, ge=0, le=2**62, description="seeds are seed_base + 0, 1, ...")
    draws: int = Field(20, ge=1, le=10000, description="parameter vectors drawn from `draws_from`")
    draws_from: str | None = Field(
        None,
        description="CSV of non-implausible points (bordersim calibrate, history matching: "
        "non_implausible.csv), relative to this spec's folder; none: the base values only",
    )
    draw_seed: int = Field(0, ge=0, le=2**62, description="seeds the choice of draws")
    workers: int = Field(2, ge=1, le=64, description="processes running in parallel")
    overrides: list[str] = Field(
        default_factory=list, description="path=value applied to every arm (e.g. the scale)"
    )
    causes: dict[str, Cause] = Field(description="cause name -> how to switch it off")

    @field_validator("causes")
    @classmethod
    def _named(cls, causes: dict[str, Cause]) -> dict[str, Cause]:
        if not causes:
            raise ValueError("at least one cause is needed")
        taken = {FULL, ALL_OFF} & set(causes)
        if taken:
            raise ValueError(f"{sorted(taken)} name the arms the command adds; rename the cause")
        return causes

    @field_validator("column")
    @classmethod
    def _city_column(cls, column: str) -> str:
        numeric = [o.name for o in CITIES if o.unit not in ("YYYY-MM", "id", "MX/US")]
        if column not in numeric:
            raise ValueError(f"must be a numeric column of the city table: {', '.join(numeric)}")
        return column


class Decomposition:
    """A validated spec: its arms (name -> overrides) and draws (parameter path -> value), and
    every (arm, draw) scenario already built."""

    def __init__(self, spec: DecompositionSpec, source: Path) -> None:
        self.spec = spec
        self.source = source
        self.base_path = (source.parent / spec.base).resolve()
        self.draws = self._draws()
        every = [o for cause in spec.causes.values() for o in cause.set]
        self.arms = {
            FULL: [],
            **{name: cause.set for name, cause in spec.causes.items()},
            ALL_OFF: every,
        }
        self.seeds = [spec.seed_base + i for i in range(spec.seeds)]
        self.scenarios = {
            (arm, d): self._scenario(overrides, draw)
            for d, draw in enumerate(self.draws)
            for arm, overrides in self.arms.items()
        }
        self._check_window_and_city(self.scenarios[FULL, 0])

    def _draws(self) -> list[dict[str, float]]:
        if self.spec.draws_from is None:
            return [{}]
        path = (self.source.parent / self.spec.draws_from).resolve()
        try:
            table = pd.read_csv(path)
        except (OSError, ValueError) as exc:
            raise ConfigError(
                str(self.source), "draws_from", self.spec.draws_from, f"cannot be read ({exc})"
            ) from None
        if table.empty or not all(pd.api.types.is_numeric_dtype(t) for t in table.dtypes):
            raise ConfigError(
                str(self.source),
                "draws_from",
                self.spec.draws_from,
                "must be a CSV of numbers, one column per parameter path, at least one row",
            )
        rng = np.random.default_rng(self.spec.draw_seed)
        count = min(self.spec.draws, len(table))
        rows = np.sort(rng.choice(len(table), size=count, replace=False))
        return [{k: float(v) for k, v in table.iloc[i].items()} for i in rows]

    def _scenario(self, overrides: list[str], draw: dict[str, float]) -> Scenario:
        assignments = [
            *self.spec.overrides,
            *(f"{name}={value!r}" for name, value in draw.items()),
            *overrides,
            f"time.end={self.spec.window.end}",
        ]
        scenario, _ = resolve_scenario(
            self.base_path, assignments, override_source=f"{self.source}: overrides"
        )
        return scenario

    def _check_window_and_city(self, scenario: Scenario) -> None:
        if self.spec.window.start < scenario.time.start:
            raise ConfigError(
                str(self.source),
                "window.start",
                self.spec.window.start,
                f"must not be before the scenario's start {scenario.time.start}",
            )
        known = city_ids(CONFIGS_DIR / scenario.world.cities_file)
        if self.spec.city not in known:
            raise ConfigError(
                str(self.source), "city", self.spec.city, f"must be one of {sorted(known)}"
            )


def load_decomposition(path: Path) -> Decomposition:
    """Read and validate a decomposition spec; errors name the file, field, value and rule."""
    spec = validate_model(DecompositionSpec, read_yaml(path), str(path))
    return Decomposition(spec, path)
