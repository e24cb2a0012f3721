"""From the visualizer's controls to a validated BorderModel.

SolaraViz rebuilds the model from keyword arguments on Reset; `VizModel` takes those (scenario
name, population scale, seed, policy levers), turns them into overrides of the scenario file and
validates them like `bordersim run --set` does. A value the schema refuses is dropped with a
warning the panel shows, so a bad control never stops the app.
"""

from __future__ import annotations

import copyreg
import os
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
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
    classroom_max: float | None = None  # a class meets this top; the CLI keeps the schema's
    tag: str = ""  # short name in the name of a run whose slider moved this lever

    @property
    def default(self) -> float | bool:
        return field_info(self.path).default

    def bounds(self) -> tuple[float, float]:
        """The slider's range: the schema's, capped at the classroom top."""
        low, high = schema_bounds(self.path, self.step or 1.0)
        return low, high if self.classroom_max is None else min(high, self.classroom_max)

    def value_in(self, scenario: Scenario) -> float | bool:
        """The value this scenario gives the lever."""
        section, name = self.path.split(".")
        return getattr(getattr(scenario, section), name)


LEVERS = (
    Lever("retraining_subsidy", "policy.retraining_subsidy", 0.05, "unit_share", tag="subsidy"),
    # five times today's seats: the largest expansion the scenarios consider is three
    Lever(
        "training_capacity_multiplier",
        "policy.training_capacity_multiplier",
        0.25,
        "unit_times",
        5.0,
    ),  # fmt: skip
    # Mexico's Jóvenes Construyendo el Futuro apprenticeship stipend is 8,480 MXN a month in
    # 2025 (about 450 USD); WIOA needs-related payments in Texas and California are of the
    # same order. 500 USD a month covers both.
    Lever(
        "stipend_usd_month", "policy.stipend_usd_month", 25.0, "unit_usd_month", 500.0, "stipend"
    ),
    Lever(
        "sme_digitalization_grant",
        "policy.sme_digitalization_grant",
        0.05,
        "unit_share",
        tag="smegrant",
    ),  # fmt: skip
    # industrial robot prices fell about 5 % a year in real terms 1990-2020 (IFR, Graetz and
    # Michaels 2018) and forecasts of AI-driven declines reach 10-20 %; 30 % is a fast upper case
    Lever("cost_decline_per_year", "automation.cost_decline_per_year", 0.01, "unit_per_year", 0.30),
    Lever("retrain_before_layoff", "policy.retrain_before_layoff"),
)
SCALE_PATH = "population.population_scale"


def field_info(path: str) -> FieldInfo:
    """The schema's field for a dotted path such as `policy.retraining_subsidy`."""
    model: type[BaseModel] = Scenario
    *sections, name = path.split(".")
    for section in sections:
        annotation = model.model_fields[section].annotation
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel)  # a section
        model = annotation
    return model.model_fields[name]


def schema_bounds(path: str, step: float) -> tuple[float, float]:
    """Slider range from the schema's constraints; a strict bound moves in by one step."""
    low, high = float("-inf"), float("inf")
    for rule in field_info(path).metadata:
        if isinstance(rule, Ge):
            low = _number(rule.ge)
        elif isinstance(rule, Gt):
            low = _number(rule.gt) + step
        elif isinstance(rule, Le):
            high = _number(rule.le)
        elif isinstance(rule, Lt):
            high = _number(rule.lt) - step
    return low, high


def _number(bound: object) -> float:
    """A schema bound as a float (annotated_types types bounds as any comparable value)."""
    assert isinstance(bound, int | float)  # the schema's bounds are numbers
    return float(bound)


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


def named_after_policy(scenario: Scenario, own: dict[str, float | bool]) -> Scenario:
    """The scenario renamed after every lever moved away from its own value (e.g.
    `no_policy-subsidy0.5`), so the files of a changed policy do not carry the old name."""
    moved = [
        f"{lever.tag}{float(lever.value_in(scenario)):g}"
        for lever in LEVERS
        if lever.value_in(scenario) != own[lever.name]
    ]
    if not moved:
        return scenario
    return scenario.model_copy(update={"name": "-".join([scenario.name, *moved])[:80]})


@dataclass
class VizSetup:
    """What a Reset built: the validated scenario, the seed, and what was not applied."""

    scenario_name: str
    scenario: Scenario
    seed: int
    from_slider: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    lever_values: dict[str, float | bool] = field(default_factory=dict)  # the scenario's own


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
    scenario_name: str, population_scale: float, seed: object, levers: Mapping[str, object]
) -> VizSetup:
    """Validate the controls against the scenario; refused values become warnings.

    A lever given a value (zero included) overrides the scenario's; a lever left out or None
    keeps it."""
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
    own = {lever.name: lever.value_in(scenario) for lever in LEVERS}
    wanted: list[tuple[str, object, str]] = [(SCALE_PATH, population_scale, "population_scale")]
    wanted += [
        (lever.path, levers[lever.name], lever.name)
        for lever in LEVERS
        if levers.get(lever.name) is not None
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
    scenario = named_after_policy(scenario, own)
    return VizSetup(
        scenario_name, scenario, _seed(seed, scenario.seed, warnings), from_slider, warnings, own
    )


INTERVAL_SEEDS = 3  # policy/no-policy pairs behind the comparison's interval (this seed + 2)


class VizModel(BorderModel):
    """BorderModel built from the visualizer's controls.

    A lever left at None keeps the scenario's value; any value, zero included, overrides it.
    With `compare`, the model also runs its no-policy twin on the same seed and
    `INTERVAL_SEEDS - 1` further policy/no-policy pairs on the next seeds, so the policy's
    effect comes with an interval over seeds.
    """

    def __init__(
        self,
        scenario_name: str = "",
        population_scale: float = DEFAULT_SCALE,
        seed: object = "",
        retraining_subsidy: float | None = None,
        training_capacity_multiplier: float | None = None,
        stipend_usd_month: float | None = None,
        sme_digitalization_grant: float | None = None,
        cost_decline_per_year: float | None = None,
        retrain_before_layoff: bool | None = None,
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
        scenario, seed_value = self.setup.scenario, self.setup.seed
        self.baseline = BorderModel(no_policy(scenario), seed_value) if compare else None
        self.replicates: list[tuple[BorderModel, BorderModel]] = []
        if compare:
            for k in range(1, INTERVAL_SEEDS):
                other = (seed_value + k) % 2**63
                self.replicates.append(
                    (BorderModel(scenario, other), BorderModel(no_policy(scenario), other))
                )
        self.city_history = CityHistory()
        self.baseline_history = CityHistory() if compare else None
        cell_classes = [model.corridor.grid.cell_klass for model in self.models()]
        weakref.finalize(self, forget_pickling, cell_classes)

    def models(self) -> list[BorderModel]:
        """This model, then the ones it runs beside it: its no-policy twin and the seed pairs."""
        twin = [self.baseline] if self.baseline is not None else []
        return [self, *twin, *(model for pair in self.replicates for model in pair)]

    def step(self) -> None:
        """One month of the scenario and, when comparing, of its no-policy twin (same seed)
        and of the further seed pairs."""
        super().step()
        for other in self.models()[1:]:
            if other.running:
                other.step()
        self._record_cities()

    def seed_pairs(self) -> list[tuple[BorderModel, BorderModel]]:
        """Every policy/no-policy pair: this model with its twin first, then the other seeds."""
        return [(self, self.baseline), *self.replicates] if self.baseline is not None else []

    def city_reports(self) -> list[str]:
        """The per-city columns this model reports (the DataCollector's, plus trainees)."""
        return [*CITY_REPORTS, "in_training"]

    def _record_cities(self) -> None:
        self.city_history.record(self)
        if self.baseline is not None and self.baseline_history is not None:
            self.baseline_history.record(self.baseline)


def forget_pickling(cell_classes: Iterable[type]) -> None:
    """Unregister a collected model's grid cell classes from `copyreg`.

    Mesa gives each grid its own cell class and registers it for pickling, process-wide, for
    good: the class, its property accessors and through them the grid's property layers would
    outlive the model (0.3 MB for each model a server builds, measured with tracemalloc)."""
    for cell_class in cell_classes:
        copyreg.dispatch_table.pop(cell_class, None)


class CityHistory:
    """A model's per-city figures month by month, each month with its date.

    Read from the same per-city record the DataCollector's city reports read (the output
    contract's city columns), so a column the model adds to `sim.outputs.CITIES` shows up here
    too; kept as arrays, with their own dates, so a city's story redraws without rebuilding a
    table and never pairs a date with another month's values.
    """

    def __init__(self) -> None:
        self.columns: dict[str, list[np.ndarray]] = defaultdict(list)
        self.dates: list[str] = []

    def record(self, model: BorderModel) -> None:
        """Append this month's figures of every city (every numeric city report, trainees)."""
        for column in CITY_REPORTS:
            self.columns[column].append(np.asarray(model.city_report[column], dtype=float))
        trainees = np.zeros(len(model.cities))
        for center in model.training.centers:
            trainees[center.city] += center.occupied
        self.columns["in_training"].append(trainees / model.config.population.population_scale)
        self.dates.append(model.date)

    def table(self, column: str, cities: int) -> tuple[list[str], np.ndarray]:
        """The dates and a (months, cities) array of one column, the same months in both."""
        history = self.columns.get(column, [])
        months = min(len(history), len(self.dates))
        values = np.array(history[:months], dtype=float).reshape(months, cities)
        return self.dates[:months], values


CITY_REPORTS = [c for c in city_columns() if c not in ("date", "step", "city_id", "country")]


def no_policy(scenario: Scenario) -> Scenario:
    """The same world without its policy: every `policy` lever at its schema default.

    Everything else (scale, horizon, automation costs, demand) stays, so with the same seed the
    difference between the two runs is the policy's effect, not noise (common random numbers).
    """
    return scenario.model_copy(update={"policy": type(scenario.policy)()})
