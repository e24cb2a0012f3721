"""The controls of the sidebar, labelled in the chosen language, each value with its unit.

Bounds come from the scenario schema (the population scale is also capped where a Reset stays
quick); a lever starts at its schema default, which means "keep the scenario's own value".
"""

from __future__ import annotations

from sim.viz.factory import (
    DEFAULT_SCALE,
    LEVERS,
    default_scenario_name,
    scale_bounds,
    scenario_files,
)
from sim.viz.labels import tr

DEFAULT_SEED = "42"


def model_params(language: str) -> dict[str, dict]:
    """Mesa `model_params` for VizModel: scenario, scale, seed and the policy levers."""
    low, high = scale_bounds()
    params: dict[str, dict] = {
        "scenario_name": {
            "type": "Select",
            "value": default_scenario_name(),
            "values": list(scenario_files()),
            "label": tr("scenario", language),
        },
        "population_scale": {
            "type": "SliderFloat",
            "value": DEFAULT_SCALE,
            "min": low,
            "max": high,
            "step": 0.001,
            "label": tr("population_scale", language),
        },
        "seed": {"type": "InputText", "value": DEFAULT_SEED, "label": tr("seed", language)},
        "compare": {"type": "Checkbox", "value": False, "label": tr("compare", language)},
    }
    for lever in LEVERS:
        label = tr(lever.name, language)
        if lever.step is None:
            params[lever.name] = {"type": "Checkbox", "value": lever.default, "label": label}
            continue
        low, high = lever.bounds()
        params[lever.name] = {
            "type": "SliderFloat",
            "value": lever.default,
            "min": low,
            "max": high,
            "step": lever.step,
            "label": label,
            "unit": lever.unit,
        }
    params["population_scale"]["unit"] = "unit_scale"
    return params


def value_text(options: dict, value: float, language: str) -> str:
    """A slider's value with its unit, e.g. '40%' or '150 USD/month'."""
    unit = options.get("unit")
    if unit == "unit_scale":
        return tr(unit, language, people=1.0 / value if value else float("inf"))
    return tr(unit, language, value=value) if unit else f"{value:g}"
