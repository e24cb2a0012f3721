"""The sweep file: a base scenario, parameters by dotted path, a design, seeds, what to keep.

Sweep files are validated like scenarios (unknown keys, bad ranges and bad summary expressions
are `ConfigError`s naming the field), so a sweep fails before any run starts.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim.config import ConfigError
from sim.pipeline.summary import SUMMARY

MAX_POINTS = 100_000  # the largest design: lhs n, and a grid's product of level counts
SUMMARY_HELP = (
    "must look like column@YYYY-MM or mean|sum|min|max(column)@YYYY-MM..YYYY-MM, "
    "e.g. sum(displaced_month_mx)@2024-01..2024-12"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Parameter(_Strict):
    """One swept field: discrete `levels`, or a continuous `range` [low, high]."""

    levels: list[Any] | None = Field(None, min_length=1, description="values to try (any design)")
    range: tuple[float, float] | None = Field(None, description="[low, high] for sampled designs")
    integer: bool = Field(False, description="round sampled values to whole numbers")

    @model_validator(mode="after")
    def _one_kind(self) -> Parameter:
        if (self.levels is None) == (self.range is None):
            raise ValueError("give exactly one of levels: [...] or range: [low, high]")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError(f"range low {self.range[0]} must be below high {self.range[1]}")
        return self

    def value(self, unit: float) -> Any:
        """The parameter value at a position in [0, 1] of its range or level list."""
        if self.levels is not None:
            return self.levels[min(int(unit * len(self.levels)), len(self.levels) - 1)]
        assert self.range is not None  # the validator asks for a range or levels
        low, high = self.range
        value = low + unit * (high - low)
        return round(value) if self.integer else float(value)


class Design(_Strict):
    kind: Literal["grid", "lhs", "sobol", "morris"] = Field(
        description="grid: every level combination; lhs: Latin hypercube; sobol: Saltelli "
        "sample for Sobol indices; morris: elementary-effect trajectories"
    )
    n: int | None = Field(
        None, ge=1, le=100_000, description="lhs points, sobol base size, morris trajectories"
    )
    levels: int = Field(4, ge=2, le=20, description="morris grid levels")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="seed of the sampling design itself")

    @model_validator(mode="after")
    def _sized(self) -> Design:
        if self.kind != "grid" and self.n is None:
            raise ValueError(f"design {self.kind} needs n (its size)")
        if self.kind == "grid" and self.n is not None:
            raise ValueError("a grid has no n: its size is the product of the level counts")
        if self.kind == "sobol" and self.n is not None and self.n & (self.n - 1):
            raise ValueError(
                f"sobol n must be a power of 2 (Saltelli/Sobol' sequence), got {self.n}"
            )
        return self


class Seeds(_Strict):
    base: int = Field(0, ge=0, le=2**63 - 1, description="all run seeds derive from this")
    replicates: int = Field(1, ge=1, le=1000, description="runs per design point")


class Keep(_Strict):
    timeseries: bool | list[str] = Field(
        False, description="true: every column of every month; or a list of columns"
    )
    summaries: list[str] = Field(
        default_factory=list, description="scalar outputs, e.g. unemployment_rate_mx@2030-12"
    )

    @field_validator("summaries")
    @classmethod
    def _expressions(cls, values: list[str]) -> list[str]:
        for text in values:
            if not SUMMARY.match(text):
                raise ValueError(f"{text!r} {SUMMARY_HELP}")
        if len(set(values)) != len(values):
            raise ValueError("each summary may appear once")
        return values

    @model_validator(mode="after")
    def _something(self) -> Keep:
        if not self.timeseries and not self.summaries:
            raise ValueError("keep nothing? set timeseries: true and/or list summaries")
        return self


class SweepSpec(_Strict):
    """What a sweep file holds (paths are relative to the sweep file)."""

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = Field("", max_length=4000)
    base: str = Field(description="base scenario YAML, relative to this file")
    set: dict[str, Any] = Field(
        default_factory=dict, description="fixed overrides applied to every point"
    )
    parameters: dict[str, Parameter] = Field(min_length=1, description="dotted path -> values")
    design: Design
    seeds: Seeds = Field(default_factory=Seeds)
    keep: Keep


def parse_spec(data: dict, source: str) -> SweepSpec:
    """Validate a raw sweep mapping; the first problem becomes a ConfigError naming the field."""
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(p) for p in error["loc"]) or "(top level)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "is not a known sweep field (allowed: " + _allowed(error["loc"]) + ")"
        elif error["type"] == "missing":
            message = "is required"
        raise ConfigError(source, path, error.get("input"), message) from None
    if spec.design.kind == "grid":
        for path, parameter in spec.parameters.items():
            if parameter.levels is None:
                raise ConfigError(
                    source, f"parameters.{path}", parameter.range, "a grid design needs levels"
                )
        points = math.prod(len(p.levels or ()) for p in spec.parameters.values())
        if points > MAX_POINTS:
            raise ConfigError(
                source,
                "design",
                f"grid of {points:,} points",
                f"must have at most {MAX_POINTS:,} points (the product of the level counts), "
                "as lhs n; sample the space with lhs instead",
            )
    refuse_dates(spec.set, "set", source)
    for path, parameter in spec.parameters.items():
        refuse_dates(dict(enumerate(parameter.levels or [])), f"parameters.{path}.levels", source)
    return spec


def refuse_dates(values: dict[Any, Any], where: str, source: str) -> None:
    """Refuse a YAML date (unquoted 2022-06-30 is a date, not text): months are 'YYYY-MM'."""
    for key, value in values.items():
        if isinstance(value, datetime.date):
            raise ConfigError(
                source,
                f"{where}.{key}",
                value.isoformat(),
                "is a YAML date; write a month in quotes, e.g. '2022-06'",
            )


def check_parameter_values(
    parameters: dict[str, Parameter], where: str, source: str, resolve: Callable[[str, Any], Any]
) -> None:
    """Each parameter at both ends of its range (or at each level) must give a valid scenario
    (`resolve(path, value)` raises a ConfigError otherwise); a bad one is reported as the
    range or level list it comes from, before any point is sampled."""
    for path, parameter in parameters.items():
        kind = "range" if parameter.levels is None else "levels"
        values = parameter.levels if parameter.levels is not None else list(parameter.range or ())
        for index, value in enumerate(values):
            try:
                resolve(path, value)
            except ConfigError as exc:
                which = ("low", "high")[index] if kind == "range" else f"level {index}"
                raise ConfigError(
                    source, f"{where}.{path}.{kind}", values, f"{which} {value!r}: {exc.allowed}"
                ) from None


def _allowed(loc: tuple) -> str:
    """Field names allowed where an unknown key was found."""
    model: type[BaseModel] = SweepSpec
    parts = [str(p) for p in loc[:-1]]
    while parts:
        part = parts.pop(0)
        if model is SweepSpec and part == "parameters":
            parts = parts[1:]  # skip the dotted path key
            model = Parameter
            continue
        annotation = model.model_fields[part].annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    return ", ".join(model.model_fields)
