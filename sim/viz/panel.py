"""The "this month" panel: what happened, in plain words a class can read aloud."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.viz.factory import LEVERS
from sim.viz.labels import month_name, tr

if TYPE_CHECKING:
    from sim.viz.factory import VizModel


def _lever_text(model: VizModel, language: str) -> str:
    config = model.config
    parts = []
    for lever in LEVERS:
        section, name = lever.path.split(".")
        value = getattr(getattr(config, section), name)
        if lever.step is None:
            shown = tr("panel_yes" if value else "panel_no", language)
        else:
            shown = tr(lever.unit, language, value=value)
        source = "slider" if lever.name in model.setup.from_slider else "scenario"
        parts.append(
            f"{tr(lever.name, language)} {shown} ({tr('panel_lever_source_' + source, language)})"
        )
    return "; ".join(parts)


def _figures(record: dict) -> list[tuple[str, dict[str, float]]]:
    """The month's figures as (sentence, its numbers), both countries added where it says so."""

    def both(name: str) -> float:
        return record[f"{name}_mx"] + record[f"{name}_us"]

    def by_country(name: str) -> dict[str, float]:
        return {"mx": record[f"{name}_mx"], "us": record[f"{name}_us"]}

    return [
        (
            "panel_displaced",
            {"displaced": both("displaced_month"), "retrained": both("retrained_month")},
        ),
        (
            "panel_training",
            {"enrolled": record["training_enrolments_month"], "in_training": record["in_training"]},
        ),
        ("panel_adoption", by_country("adoption_share")),
        ("panel_unemployment", by_country("unemployment_rate")),
    ]


def panel_lines(model: VizModel, language: str) -> list[str]:
    """The panel's sentences for the month just simulated (or the setup before the first)."""
    setup = model.setup
    lines = []
    if model.steps == 0:
        start = month_name(model.config.time.start, language)
        lines.append(tr("panel_not_started", language, date=start))
    else:
        lines.append(
            tr(
                "panel_month",
                language,
                date=month_name(model.date, language),
                step=model.steps,
                horizon=model.horizon,
            )
        )
        laid_off = model.city_report["laid_off_month"]
        worst = int(np.argmax(laid_off))
        if laid_off[worst] > 0:
            city = model.cities[worst].name
            lines.append(tr("panel_layoffs", language, city=city, count=float(laid_off[worst])))
        else:
            lines.append(tr("panel_no_layoffs", language))
        lines.extend(tr(key, language, **values) for key, values in _figures(model.record))
        if not model.running:
            lines.append(tr("panel_finished", language))
    lines.append(
        tr(
            "panel_setup",
            language,
            scenario=setup.scenario_name,
            scale=model.config.population.population_scale,
            seed=model.seed,
        )
    )
    lines.append(tr("panel_levers", language, levers=_lever_text(model, language)))
    lines.extend(tr("panel_warning", language, message=w) for w in setup.warnings)
    return lines
