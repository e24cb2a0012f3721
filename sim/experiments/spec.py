"""`experiment.yaml`: what an experiment runs (arms x seeds) and how its table is computed.

An experiment folder `experiments/<NN>-<name>/` holds the question in `README.md` and this
spec. `bordersim reproduce` runs every arm with every seed, computes the experiment's table and
compares it with the committed reference in `results/<NN>-<name>/`. A `reduced:` block gives a
small version (fewer seeds, smaller scale) that the test suite reproduces against its own
committed reference, so CI catches a break in minutes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sim.config import PROJECT_ROOT, ConfigError, read_yaml, validate_model

KINDS = (
    "calibration_check",
    "policy_comparison",
    "workforce",
    "sez_spillover",
    "sensitivity",
    "optimization",
    "discovery",
)
DESIGN_KINDS = ("optimization", "discovery")  # run a policy-design spec (configs/policy/)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Arm(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="label in the tables")
    scenario: str = Field(description="scenario YAML, relative to the project root")
    overrides: list[str] = Field(default_factory=list, description="dotted path=value")
    seed_offset: int = Field(
        0,
        ge=0,
        le=2**31,
        description="added to base_seed for this arm's seeds: 0 pairs it with the reference "
        "seed by seed (common random numbers); another value gives an independent seed set",
    )
    check: Literal["aa", "placebo"] | None = Field(
        None,
        description="aa: the reference scenario again on another seed set (its intervals "
        "should cover zero); placebo: a policy that changes nothing the model reads",
    )

    @field_validator("scenario")
    @classmethod
    def _inside_project(cls, value: str) -> str:
        parts = value.replace("\\", "/").split("/")
        if value.startswith(("/", "~")) or ".." in parts or not value.endswith(".yaml"):
            raise ValueError("must be a .yaml path relative to the project root, without '..'")
        if not (PROJECT_ROOT / value).is_file():
            raise ValueError("no such scenario file in the project")
        return value


class Reduced(_Strict):
    seeds: int = Field(2, ge=1, le=50)
    overrides: list[str] = Field(default_factory=list)
    sweep: str | None = Field(None, description="smaller sweep file for a sensitivity experiment")
    design: str | None = Field(None, description="smaller policy-design spec (E6, E7)")


class Power(_Strict):
    """The power rule that chose `seeds` (`sim.experiments.paired.seeds_for_mde`): a pilot
    estimate of the paired standard deviation of one outcome and the effect to detect."""

    outcome: str = Field(description="the table metric the rule is set on")
    pilot_sd_paired: float = Field(gt=0, description="paired sd of that outcome, one run pair")
    pilot_source: str = Field(description="where the pilot sd comes from")
    target_mde: float = Field(gt=0, description="minimum detectable effect to reach")


class Sobol(_Strict):
    """Sobol analysis of a sensitivity experiment: the Saltelli base size and the bootstrap."""

    n: int | None = Field(
        None, ge=2, le=100_000, description="Saltelli base size N (default: the sweep file's)"
    )
    resamples: int = Field(1000, ge=10, le=100_000, description="bootstrap resamples")
    confidence: float = Field(0.95, gt=0, lt=1, description="level of the bootstrap intervals")

    @field_validator("n")
    @classmethod
    def _power_of_two(cls, value: int | None) -> int | None:
        if value is not None and value & (value - 1):
            raise ValueError(f"must be a power of 2 (Saltelli/Sobol' sequence), got {value}")
        return value


class Tolerance(_Strict):
    absolute: float = Field(0.005, ge=0, description="cross-platform: |diff| <= abs + rel*|ref|")
    relative: float = Field(0.05, ge=0)


class ExperimentSpec(_Strict):
    title: str
    question: str
    kind: Literal[KINDS]  # type: ignore[valid-type]
    seeds: int = Field(20, ge=1, le=1000, description="replications per arm")
    base_seed: int = Field(2022, ge=0)
    overrides: list[str] = Field(default_factory=list, description="applied to every arm")
    population_scale: float | None = Field(
        None, gt=0, le=1, description="agents per real worker in every arm (reduced: overridden)"
    )
    power: Power | None = Field(None, description="how `seeds` was chosen (policy comparisons)")
    arms: list[Arm] = Field(default_factory=list)
    sweep: str | None = Field(None, description="sweep file (sensitivity experiments)")
    sobol: Sobol = Field(default_factory=Sobol, description="a Sobol sweep's N and bootstrap")
    design: str | None = Field(
        None, description="policy-design spec (optimization and discovery experiments)"
    )
    date: str = Field("2030-12", pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="month reported")
    cities: list[str] = Field(default_factory=list, description="city ids (SEZ spill-overs)")
    tolerance: Tolerance = Field(default_factory=Tolerance)
    reduced: Reduced = Field(default_factory=Reduced)


def experiment_id(folder: Path) -> str:
    return Path(folder).resolve().name


def load_experiment(folder: str | Path) -> ExperimentSpec:
    """Read and validate `experiments/<id>/experiment.yaml` (errors name the field)."""
    folder = Path(folder)
    path = folder / "experiment.yaml"
    if not path.is_file():
        raise ConfigError(str(folder), "experiment.yaml", str(path), "no experiment.yaml in folder")
    spec = validate_model(ExperimentSpec, read_yaml(path), str(path))
    if spec.kind == "sensitivity" and not spec.sweep:
        raise ConfigError(str(path), "sweep", None, "a sensitivity experiment names a sweep file")
    if spec.kind in DESIGN_KINDS and not spec.design:
        raise ConfigError(str(path), "design", None, f"a {spec.kind} experiment names a spec file")
    if spec.kind not in ("sensitivity", *DESIGN_KINDS) and not spec.arms:
        raise ConfigError(str(path), "arms", [], "needs at least one arm")
    if spec.arms and spec.arms[0].check is not None:
        raise ConfigError(
            str(path), "arms.0.check", spec.arms[0].check, "the reference is no check"
        )
    for index, arm in enumerate(spec.arms):
        if arm.check == "aa" and (arm.seed_offset == 0 or arm.scenario != spec.arms[0].scenario):
            raise ConfigError(
                str(path),
                f"arms.{index}.seed_offset",
                arm.seed_offset,
                "an A/A arm runs the reference's scenario on another seed set (seed_offset > 0)",
            )
    return spec
