"""From the visualizer's controls to a validated BorderModel.

SolaraViz rebuilds the model from keyword arguments on Reset; `VizModel` takes those (scenario
name, population scale, seed, policy levers), turns them into overrides of the scenario file and
validates them like `bordersim run --set` does. A value the schema refuses is dropped with a
warning the panel shows, so a bad control never stops the app.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from annotated_types import Ge, Gt, Le, Lt
from pydantic.fields import FieldInfo

from sim.config import CONFIGS_DIR, ConfigError, Scenario, load_scenario
from sim.model import BorderModel
from sim.outputs import city_columns

NO_POLICY_NAMES = ("baseline", "no_policy")
SCENARIOS_ENV = "BORDERSIM_VIZ_SCENARIOS"
BASELINE = CONFIGS_DIR / "baseline.yaml"
DEFAULT_SCALE = 0.01  # ~18k agents: a model step plus a full redraw well under 1 s here
MAX_VIZ_SCALE = 0.05  # above this a Reset takes many seconds: a classroom waits too long


@dataclass(frozen=True)
class Lever:
    """A policy lever the visualizer shows: model keyword, scenario field, slider step, unit."""

    name: str
    path: str
    step: float | None = None  # None: a yes/no checkbox
    unit: str = ""  # key of the labels text that shows a value with its unit

    @property
    def default(self) -> float | bool:
        return field_info(self.path).default

    def bounds(self) -> tuple[float, float]:
        return schema_bounds(self.path, self.step or 1.0)


LEVERS = (
    Lever("retraining_subsidy", "policy.retraining_subsidy", 0.05, "unit_share"),
    Lever(
        "training_capacity_multiplier", "policy.training_capacity_multiplier", 0.25, "unit_times"
    ),
    Lever("stipend_usd_month", "policy.stipend_usd_month", 50.0, "unit_usd_month"),
    Lever("sme_digitalization_grant", "policy.sme_digitalization_grant", 0.05, "unit_share"),
    Lever("cost_decline_per_year", "automation.cost_decline_per_year", 0.01, "unit_per_year"),
    Lever("retrain_before_layoff", "policy.retrain_before_layoff"),
)
SCALE_PATH = "population.population_scale"


def field_info(path: str) -> FieldInfo:
    """The schema's field for a dotted path such as `policy.retraining_subsidy`."""
    model: type = Scenario
    *sections, name = path.split(".")
    for section in sections:
        model = model.model_fields[section].annotation
    return model.model_fields[name]


def schema_bounds(path: str, step: float) -> tuple[float, float]:
    """Slider range from the schema's constraints; a strict bound moves in by one step."""
    low, high = float("-inf"), float("inf")
    for rule in field_info(path).metadata:
        if isinstance(rule, Ge):
            low = float(rule.ge)
        elif isinstance(rule, Gt):
            low = float(rule.gt) + step
        elif isinstance(rule, Le):
            high = float(rule.le)
        elif isinstance(rule, Lt):
            high = float(rule.lt) - step
    return low, high


def scale_bounds() -> tuple[float, float]:
    """Population-scale slider range: the schema's, capped where a Reset stays quick."""
    low, high = schema_bounds(SCALE_PATH, 0.001)
    return low, min(high, MAX_VIZ_SCALE)


def scenario_files() -> dict[str, Path]:
    """Every scenario YAML in configs/scenarios/ by name, or the baseline while there are none."""
    folder = Path(os.environ.get(SCENARIOS_ENV) or CONFIGS_DIR / "scenarios")
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return {path.stem: path for path in files} or {"baseline": BASELINE}


def default_scenario_name() -> str:
    """The no-policy world if the picker offers it, else the first scenario."""
    names = list(scenario_files())
    return next((n for n in NO_POLICY_NAMES if n in names), names[0])


@dataclass
class VizSetup:
    """What a Reset built: the validated scenario, the seed, and what was not applied."""

    scenario_name: str
    scenario: Scenario
    seed: int
    from_slider: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def _seed(text: object, fallback: int, warnings: list[str]) -> int:
    raw = str(text).strip()
    if not raw:
        return fallback
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= 2**63 - 1:
        warnings.append(f"seed = {raw!r}: must be a whole number >= 0; using {fallback}")
        return fallback
    return value


def build_setup(
    scenario_name: str, population_scale: float, seed: object, levers: dict[str, object]
) -> VizSetup:
    """Validate the controls against the scenario; refused values become warnings."""
    warnings: list[str] = []
    files = scenario_files()
    path = files.get(scenario_name)
    if path is None:
        warnings.append(f"scenario = {scenario_name!r}: must be one of {', '.join(files)}")
        scenario_name = default_scenario_name()
        path = files[scenario_name]
    accepted: list[str] = []
    try:
        scenario = load_scenario(path)
    except ConfigError as exc:
        warnings.append(str(exc))
        scenario_name, path = "baseline", BASELINE
        scenario = load_scenario(path)
    wanted = [(SCALE_PATH, population_scale, "population_scale")]
    wanted += [
        (lever.path, levers[lever.name], lever.name)
        for lever in LEVERS
        if lever.name in levers and levers[lever.name] != lever.default
    ]
    from_slider: set[str] = set()
    for dotted, value, name in wanted:
        trial = [*accepted, f"{dotted}={value}"]
        try:
            scenario = load_scenario(path, trial)
        except ConfigError as exc:
            warnings.append(str(exc))
            continue
        accepted = trial
        from_slider.add(name)
    return VizSetup(
        scenario_name, scenario, _seed(seed, scenario.seed, warnings), from_slider, warnings
    )


class VizModel(BorderModel):
    """BorderModel built from the visualizer's controls (the keywords SolaraViz passes)."""

    def __init__(
        self,
        scenario_name: str = "",
        population_scale: float = DEFAULT_SCALE,
        seed: object = "",
        retraining_subsidy: float = 0.0,
        training_capacity_multiplier: float = 1.0,
        stipend_usd_month: float = 0.0,
        sme_digitalization_grant: float = 0.0,
        cost_decline_per_year: float = 0.08,
        retrain_before_layoff: bool = False,
        compare: bool = False,
    ) -> None:
        levers = {
            "retraining_subsidy": retraining_subsidy,
            "training_capacity_multiplier": training_capacity_multiplier,
            "stipend_usd_month": stipend_usd_month,
            "sme_digitalization_grant": sme_digitalization_grant,
            "cost_decline_per_year": cost_decline_per_year,
            "retrain_before_layoff": retrain_before_layoff,
        }
        self.setup = build_setup(
            scenario_name or default_scenario_name(), population_scale, seed, levers
        )
        super().__init__(self.setup.scenario, self.setup.seed)
        self.baseline = (
            BorderModel(no_policy(self.setup.scenario), self.setup.seed) if compare else None
        )
        self.city_history: dict[str, list[np.ndarray]] = defaultdict(list)

    def step(self) -> None:
        """One month of the scenario and, when comparing, of its no-policy twin (same seed)."""
        super().step()
        if self.baseline is not None and self.baseline.running:
            self.baseline.step()
        self._record_cities()

    def city_reports(self) -> list[str]:
        """The per-city columns this model reports (the DataCollector's, plus trainees)."""
        return [*CITY_REPORTS, "in_training"]

    def _record_cities(self) -> None:
        """Append this month's per-city figures (every numeric city report, plus trainees).

        Read from the same per-city record the DataCollector's city reports read (the output
        contract's city columns), so a column the model adds to `sim.outputs.CITIES`
        shows up here too; kept as arrays so a city's story redraws without rebuilding a table
        each month.
        """
        for column in CITY_REPORTS:
            self.city_history[column].append(np.asarray(self.city_report[column], dtype=float))
        trainees = np.zeros(len(self.cities))
        for center in self.training.centers:
            trainees[center.city] += center.occupied
        scale = self.config.population.population_scale
        self.city_history["in_training"].append(trainees / scale)


CITY_REPORTS = [c for c in city_columns() if c not in ("date", "step", "city_id", "country")]


def no_policy(scenario: Scenario) -> Scenario:
    """The same world without its policy: every `policy` lever at its schema default.

    Everything else (scale, horizon, automation costs, demand) stays, so with the same seed the
    difference between the two runs is the policy's effect, not noise (common random numbers).
    """
    return scenario.model_copy(update={"policy": type(scenario.policy)()})
