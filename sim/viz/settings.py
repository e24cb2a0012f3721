"""Every setting of the page in one value, and that value as a URL query.

The page keeps its settings (scenario, scale, seed, the levers a slider overrides, the
comparison, the city, the language, the speed) in one `Settings`; the address bar holds them
as a query string, so a reload keeps them and a link reproduces the page. A query value that
does not parse is left out (the page then uses its default) and named in `notes`; the model's
own checks (`factory.build_setup`) refuse values outside the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sim.viz.factory import DEFAULT_SCALE, LEVERS, default_scenario_name
from sim.viz.labels import LANGUAGES

DEFAULT_SEED = "42"
SPEEDS = (0.5, 1.0, 2.0, 4.0)  # months per second while playing
DEFAULT_SPEED = 2.0
LEVER_NAMES = tuple(lever.name for lever in LEVERS)
SWITCHES = {lever.name for lever in LEVERS if lever.step is None}


@dataclass(frozen=True)
class Settings:
    """What the page shows and the model is built from."""

    scenario: str = field(default_factory=default_scenario_name)
    scale: float = DEFAULT_SCALE
    seed: str = DEFAULT_SEED
    compare: bool = False
    overrides: dict[str, float | bool] = field(default_factory=dict)  # levers moved by a slider
    city: str = ""  # a city id (e.g. ciudad_juarez_mx); "" = the first city
    language: str = "en"
    speed: float = DEFAULT_SPEED
    lesson: str = ""

    def model_keywords(self) -> dict[str, Any]:  # each value's type depends on its keyword
        """The keywords of `VizModel` these settings stand for."""
        return {
            "scenario_name": self.scenario,
            "population_scale": self.scale,
            "seed": self.seed,
            "compare": self.compare,
            **self.overrides,
        }

    def with_lever(self, name: str, value: float | bool) -> Settings:
        """These settings with one lever overridden (zero included)."""
        return replace(self, overrides={**self.overrides, name: value}, lesson="")

    def model_part(self) -> tuple:
        """What the model depends on: a change here rebuilds it."""
        levers = tuple(sorted(self.overrides.items()))
        return (self.scenario, self.scale, self.seed, self.compare, levers)


def to_query(settings: Settings) -> str:
    """The settings as a URL query, the defaults left out so links stay short."""
    default = Settings()
    pairs = []
    for name in ("lesson", "scenario", "scale", "seed", "compare", "city", "language", "speed"):
        value = getattr(settings, name)
        if value != getattr(default, name):
            pairs.append((name, _text(value)))
    moved = settings.overrides
    pairs += [(name, _text(moved[name])) for name in LEVER_NAMES if name in moved]
    return urlencode(pairs)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def from_query(query: str | None) -> tuple[Settings, list[str]]:
    """Settings from a URL query, and a note for each value left out."""
    settings, notes = Settings(), []
    readers: dict[str, Callable[[str], object]] = {
        "scenario": str,
        "scale": float,
        "seed": str,
        "compare": _switch,
        "city": str,
        "language": _language,
        "speed": _speed,
        "lesson": str,
    }
    values: dict[str, Any] = {}  # each value has the type its reader gives
    overrides: dict[str, float | bool] = {}
    for name, text in parse_qsl(query or "", keep_blank_values=True):
        try:
            if name in readers:
                values[name] = readers[name](text)
            elif name in LEVER_NAMES:
                overrides[name] = _switch(text) if name in SWITCHES else float(text)
            else:
                raise ValueError("not a setting of this page")
        except ValueError as error:
            notes.append(f"{name} = {text!r} in the address: {error}; left out")
    return replace(settings, overrides=overrides, **values), notes


def _switch(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError("must be 0 or 1")
    return text == "1"


def _language(text: str) -> str:
    if text not in LANGUAGES:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
    return text


def _speed(text: str) -> float:
    value = float(text)
    if value not in SPEEDS:
        raise ValueError(f"must be one of {', '.join(f'{s:g}' for s in SPEEDS)}")
    return value
