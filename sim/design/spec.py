"""Policy-design spec files: what `bordersim optimize` searches and what `discover` samples.

Both are validated like sweep files (unknown keys, bad bounds, bad summary expressions are a
`ConfigError` naming the field), then against the scenario schema itself: every lever and
uncertainty is applied at its bounds (or each level) to the base scenario and validated, and
every summary must name an output column within the simulated months. So a spec fails in one
line before any run starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sim.config import ConfigError, Scenario, read_yaml
from sim.pipeline import Keep, resolve_scenario
from sim.pipeline.summary import SUMMARY, Summary
from sim.sweep.plan import output_columns
from sim.sweep.schema import (
    SUMMARY_HELP,
    Parameter,
    Seeds,
    check_parameter_values,
    refuse_dates,
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _summary_text(value: str) -> str:
    if not SUMMARY.match(value):
        raise ValueError(f"{value!r} {SUMMARY_HELP}")
    return value


SummaryText = Annotated[str, AfterValidator(_summary_text)]


class Objective(_Strict):
    """One output to minimise or maximise (the mean over seeds and sampled futures)."""

    summary: SummaryText = Field(description="e.g. public_spending_usd_cum@2030-12")
    direction: Literal["minimize", "maximize"] = "minimize"


class Bound(_Strict):
    """A condition on the mean of a summary: `max` (at most) or `min` (at least)."""

    summary: SummaryText = Field(description="e.g. mean(unemployment_rate_mx)@2026-01..2030-12")
    max: float | None = Field(None, description="the mean must be <= this")
    min: float | None = Field(None, description="the mean must be >= this")

    @model_validator(mode="after")
    def _one_side(self) -> Bound:
        if (self.max is None) == (self.min is None):
            raise ValueError("give exactly one of max: or min:")
        return self

    def violation(self, value: float) -> float:
        """How far a value is from meeting the bound (<= 0 when it is met)."""
        if self.max is not None:
            return value - self.max
        assert self.min is not None  # exactly one side is given (`_one_side`)
        return self.min - value

    def describe(self) -> str:
        return (
            f"{self.summary} <= {self.max:g}"
            if self.max is not None
            else (f"{self.summary} >= {self.min:g}")
        )


class Sampling(_Strict):
    """Uncertain parameters and how many Latin-hypercube futures to draw from them."""

    parameters: dict[str, Parameter] = Field(min_length=1, description="dotted path -> range")
    samples: int = Field(description="futures (LHS points)", ge=1, le=100_000)
    seed: int = Field(0, ge=0, le=2**32 - 1, description="seed of the Latin hypercube")


class Search(_Strict):
    evaluations: int = Field(description="lever mixes to evaluate in total", ge=2, le=1_000_000)
    population: int = Field(16, ge=2, le=10_000, description="NSGA-II population per generation")
    seed: int = Field(1, ge=0, le=2**32 - 1, description="seed of the optimiser")

    @model_validator(mode="after")
    def _room(self) -> Search:
        if self.evaluations < self.population:
            raise ValueError(
                f"evaluations {self.evaluations} must be at least one population "
                f"({self.population})"
            )
        return self


class Execution(_Strict):
    backend: Literal["local", "dask"] = "local"
    workers: int | None = Field(None, ge=1, le=100_000, description="default: one per core")
    scheduler: str | None = Field(None, description="Dask scheduler address (backend dask)")

    @model_validator(mode="after")
    def _scheduler_needs_dask(self) -> Execution:
        if self.scheduler and self.backend != "dask":
            raise ValueError("scheduler is only allowed with backend: dask")
        return self


class Prim(_Strict):
    peel_alpha: float = Field(0.05, gt=0, lt=0.5, description="share peeled per PRIM step")
    mass_min: float = Field(0.05, gt=0, lt=1, description="smallest box, share of all futures")
    threshold: float = Field(
        0.8, gt=0, le=1, description="minimum density of the box reported as the failure box"
    )


class _Common(_Strict):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = Field("", max_length=4000)
    base: str = Field(description="base scenario YAML, relative to this file")
    set: dict[str, Any] = Field(default_factory=dict, description="fixed overrides")
    seeds: Seeds = Field(default_factory=Seeds)
    execution: Execution = Field(default_factory=Execution)


class OptimizeSpec(_Common):
    """Which lever mix meets the targets at least cost: levers, objectives, constraints."""

    levers: dict[str, Parameter] = Field(min_length=1, description="dotted path -> bounds/levels")
    objectives: list[Objective] = Field(min_length=1, max_length=6)
    constraints: list[Bound] = Field(default_factory=list, max_length=20)
    uncertainties: Sampling | None = Field(
        None, description="futures every lever mix is evaluated on (robust search)"
    )
    search: Search
    fresh_seeds: Seeds | None = Field(
        None,
        description="seeds the winning mixes are run on again after the search: the search "
        "picks the best of many noisy scores (a winner's curse), fresh seeds measure them anew",
    )

    @model_validator(mode="after")
    def _fresh(self) -> OptimizeSpec:
        if self.fresh_seeds is not None and self.fresh_seeds.base == self.seeds.base:
            raise ValueError("fresh_seeds.base must differ from seeds.base (new seeds)")
        return self


class DiscoverSpec(_Common):
    """Under which futures does a policy miss its target: uncertainties, policies, target."""

    uncertainties: Sampling
    policies: dict[str, dict[str, Any]] = Field(
        min_length=1, description="policy name -> overrides (dotted path -> value)"
    )
    target: Bound = Field(description="what the policy must achieve (mean over seeds)")
    reference: str | None = Field(
        None,
        description="a policy in `policies` (e.g. no new policy): the target is then on each "
        "other policy minus it, seed by seed in the same future (paired differences)",
    )
    prim: Prim = Field(default_factory=Prim)

    @model_validator(mode="after")
    def _reference_is_a_policy(self) -> DiscoverSpec:
        if self.reference is not None and (
            self.reference not in self.policies or len(self.policies) < 2
        ):
            raise ValueError(
                f"reference {self.reference!r} must name one of the policies "
                f"({', '.join(self.policies)}), beside at least one other"
            )
        return self

    @field_validator("policies")
    @classmethod
    def _names(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        for name in value:
            if not name or not name.replace("_", "").replace("-", "").isalnum():
                raise ValueError(f"policy name {name!r} must be letters, digits, - or _")
        return value


@dataclass(frozen=True)
class Loaded[S: (OptimizeSpec, DiscoverSpec)]:
    """A validated spec with its source, its base scenario file and its fixed overrides."""

    spec: S
    source: Path
    base_path: Path
    fixed: tuple[str, ...]  # the spec's `set`, as path=value overrides

    def scenario(self, values: dict[str, Any], where: str) -> Scenario:
        """The base scenario + `set` + `values`, resolved and validated by the pipeline."""
        scenario, _ = resolve_scenario(
            self.base_path,
            [*self.fixed, *_assignments(values)],
            source=f"{self.source} {where}",
            override_source=f"{self.source}: {where}",
        )
        return scenario

    @property
    def base_config(self) -> dict[str, Any]:
        """The resolved base + `set` (part of the design's identity)."""
        return self.scenario({}, "(base + set)").model_dump(mode="json")

    @property
    def summaries(self) -> list[str]:
        return summaries_of(self.spec)

    @property
    def keep(self) -> Keep:
        """What every run sends back: only the summaries the spec reads."""
        return Keep(timeseries=False, summaries=self.summaries)


def _assignments(values: dict[str, Any]) -> list[str]:
    return [f"{path}={json.dumps(value)}" for path, value in values.items()]


def summaries_of(spec: OptimizeSpec | DiscoverSpec) -> list[str]:
    """Every summary the spec reads, once each, in the order it names them."""
    if isinstance(spec, OptimizeSpec):
        texts = [o.summary for o in spec.objectives] + [c.summary for c in spec.constraints]
    else:
        texts = [spec.target.summary]
    return list(dict.fromkeys(texts))


def load_spec[S: (OptimizeSpec, DiscoverSpec)](path: str | Path, kind: type[S]) -> Loaded[S]:
    """Read and fully validate a spec file; raises ConfigError before anything runs."""
    path = Path(path)
    source = str(path)
    spec = _validate(kind, read_yaml(path), source)
    refuse_dates(spec.set, "set", source)
    base_path = (path.parent / spec.base).resolve()
    if not base_path.is_file():
        raise ConfigError(source, "base", spec.base, "no such scenario file (relative to the spec)")
    loaded = Loaded(spec, path, base_path, tuple(_assignments(spec.set)))
    template = loaded.scenario({}, "(base + set)")
    if isinstance(spec, OptimizeSpec):
        _check_values(loaded, "levers", spec.levers)
        entries: list[tuple[str, int | None, str]] = [
            ("objectives", i, o.summary) for i, o in enumerate(spec.objectives)
        ]
        entries += [("constraints", i, c.summary) for i, c in enumerate(spec.constraints)]
        _check_summaries(entries, template, source)
    else:
        for name, overrides in spec.policies.items():
            loaded.scenario(overrides, f"policies.{name}")
        _check_summaries([("target", None, spec.target.summary)], template, source)
    if spec.uncertainties is not None:
        _check_values(loaded, "uncertainties.parameters", spec.uncertainties.parameters)
    return loaded


def _check_values(loaded: Loaded, where: str, parameters: dict[str, Parameter]) -> None:
    """Each parameter at both bounds (or at each level) must give a valid scenario."""
    for path, parameter in parameters.items():
        levels = dict(enumerate(parameter.levels or []))
        refuse_dates(levels, f"{where}.{path}.levels", str(loaded.source))
    check_parameter_values(
        parameters,
        where,
        str(loaded.source),
        lambda path, value: loaded.scenario({path: value}, f"{where}.{path}"),
    )


def _check_summaries(
    entries: list[tuple[str, int | None, str]], template: Scenario, source: str
) -> None:
    columns = output_columns()
    start, end = template.time.start, template.time.end
    for section, index, text in entries:
        field = section if index is None else f"{section}.{index}"
        summary = Summary.parse(text)
        if summary.column not in columns:
            raise ConfigError(
                source,
                f"{field}.summary",
                text,
                "column must be a numeric output column (e.g. unemployment_rate_mx; "
                "see README 'Outputs')",
            )
        if not (start <= summary.start <= summary.end <= end):
            raise ConfigError(
                source,
                f"{field}.summary",
                text,
                f"months must be ordered and within the simulated {start}..{end}",
            )


def _validate[S: _Common](kind: type[S], data: dict, source: str) -> S:
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(p) for p in error["loc"]) or "(top level)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "is not a known field here (allowed: " + _allowed(kind, error["loc"]) + ")"
        elif error["type"] == "missing":
            message = "is required"
        raise ConfigError(source, path, error.get("input"), message) from None


# Fields whose keys are free (dotted paths, policy names): skipped when naming allowed fields.
_FREE_KEYS = {"levers", "parameters", "policies", "set"}


def _allowed(kind: type[BaseModel], loc: tuple) -> str:
    """Field names allowed where an unknown key was found."""
    model: type[BaseModel] = kind
    parts = [str(p) for p in loc[:-1]]
    while parts:
        part = parts.pop(0)
        if part.isdigit():
            continue
        if part in _FREE_KEYS and parts:
            parts.pop(0)
            model = Parameter
            continue
        annotation = model.model_fields[part].annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
    return ", ".join(model.model_fields)
