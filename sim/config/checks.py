"""Checks a scenario needs beyond each field's own type and range: what the data can support.

Run by `validate_scenario` before any model is built, each failure a one-line `ConfigError`:
booleans where numbers belong (YAML's `yes` is True, which pydantic would take as 1.0), numbers
that are not finite, a population scale too small to give every city an agent, a horizon the
yearly series and data files do not cover, and data files without the columns the model reads.
Also: the allowed range of a field, both sides, for messages.
"""

from __future__ import annotations

import csv
import math
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from sim.config.countries import ByCountry, range_ends
from sim.config.schema import Scenario
from sim.world.countries import COUNTRY_TAGS
from sim.world.sectors import SECTORS

# smallest population_scale every shipped scenario runs at (1e-5 leaves the smallest cities
# without an agent, and the labour market fails); 1e-4 keeps a margin over the 2e-5 that runs
MIN_POPULATION_SCALE = 1e-4
LAST_MONTH = "2100-12"  # the yearly series' last allowed year
DATA_COLUMNS = {
    "world.cities_file": (
        "city",
        "country",
        "state",
        "lat",
        "lon",
        "population",
        "manufacturing_employment",
        "source",
    ),
    "world.wages_file": ("city_id", "operative_wage_index"),
    "world.sectors_file": ("city_id", "mix", *SECTORS),
    "city.labour_file": (
        "city_id",
        "unemployment_rate_2022",
        "informality_share",
        "participation_rate",
    ),
}


def field_at(model: Any, loc: tuple) -> Any:
    """The pydantic FieldInfo at a location (section, field), or None (dict keys, unknown)."""
    field = None
    for part in loc:
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = field.annotation
    return field


def bounds_text(field: Any) -> str | None:
    """'must be within 0..1' (exclusive ends marked) from a field's constraints, or None."""
    low, high = range_ends(getattr(field, "metadata", ()))
    if low is None and high is None:
        return None

    def end(limit: tuple[Any, bool] | None, unbounded: str) -> str:
        return unbounded if limit is None else f"{limit[0]:g}{'' if limit[1] else ' (exclusive)'}"

    return f"must be within {end(low, '-inf')}..{end(high, 'inf')}"


def _numeric(annotation: Any) -> bool:
    """Whether a field takes numbers and not booleans (float, int, or Optional of them)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return bool(args) and all(_numeric(a) for a in args)
    return annotation in (float, int)


def booleans_for_numbers(
    data: dict, model: type[BaseModel] = Scenario, prefix: str = ""
) -> tuple[str, Any] | None:
    """(path, value) of the first yes/no/true/false given to a number field, else None."""
    for key, value in data.items():
        field = model.model_fields.get(str(key)) if isinstance(key, str) else None
        if field is None:
            continue
        annotation = field.annotation
        if isinstance(value, dict) and isinstance(annotation, type):
            if issubclass(annotation, BaseModel):
                found = booleans_for_numbers(value, annotation, f"{prefix}{key}.")
                if found:
                    return found
        elif isinstance(value, bool) and _numeric(annotation):
            return f"{prefix}{key}", value
        elif isinstance(value, dict) and get_origin(annotation) is dict:
            for inner, number in value.items():
                if isinstance(number, bool) and _numeric(get_args(annotation)[1]):
                    return f"{prefix}{key}.{inner}", number
    return None


def non_finite(value: Any, path: str = "") -> tuple[str, float] | None:
    """(path, value) of the first NaN or infinity in a dumped config, else None."""
    if isinstance(value, float) and not math.isfinite(value):
        return path, value
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, inner in items:
        found = non_finite(inner, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


def yearly_series(scenario: Scenario) -> dict[str, dict[int, float]]:
    """Every yearly series of the scenario by its dotted path (a dict keyed by int years)."""
    found = {}
    for section_name in Scenario.model_fields:
        section = getattr(scenario, section_name)
        if not isinstance(section, BaseModel):
            continue
        for name in type(section).model_fields:
            value = getattr(section, name)
            entries = (
                {f".{tag}": getattr(value, tag) for tag in COUNTRY_TAGS}
                if isinstance(value, ByCountry)
                else {"": value}
            )
            for suffix, entry in entries.items():
                if isinstance(entry, dict) and entry and all(isinstance(k, int) for k in entry):
                    found[f"{section_name}.{name}{suffix}"] = entry
    return found


def horizon_problem(scenario: Scenario) -> tuple[str, Any, str] | None:
    """(field, value, allowed) when the simulated months fall outside what the yearly series
    cover: the run starts no earlier than the data and ends by LAST_MONTH, and each series has
    a value for the start year or earlier (a series is never filled backwards)."""
    start, end = scenario.time.start, scenario.time.end
    series = yearly_series(scenario)
    earliest = min(min(values) for values in series.values())
    allowed = f"must be within {earliest}-01..{LAST_MONTH}, the years the model's data cover"
    if end > LAST_MONTH:
        return "time.end", end, allowed
    if int(start[:4]) < earliest:
        return "time.start", start, allowed
    for path, values in series.items():
        if min(values) > int(start[:4]):
            return (
                path,
                values,
                f"needs a value for {start[:4]} or earlier, the run starts {start} "
                "(a series is never filled backwards)",
            )
    return None


def missing_columns(path: Path, wanted: tuple[str, ...]) -> list[str] | str:
    """Columns of `wanted` the CSV's header lacks (or why the header cannot be read)."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return f"unreadable ({exc})"
    return [c for c in wanted if c not in header]
