"""The sidebar: Reset, Play/Pause, Step and the speed; the scenario and every lever's slider.

The sliders show the chosen scenario's own values; moving one overrides the scenario, zero
included (`Settings.with_lever`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

import solara

from sim.viz.actions import change, play_or_pause, rebuild, step_once
from sim.viz.controls import model_params, value_text
from sim.viz.labels import scenario_title, tr
from sim.viz.session import Frame
from sim.viz.settings import SPEEDS
from sim.viz.state import busy, playing, settings


@solara.component
def Controls(lang: str, frame: Frame | None):
    working = bool(busy.value)
    running = frame is not None and frame.running
    with solara.Card(tr("controls", lang), classes=["viz-controls"]):
        with solara.Row(justify="space-between"):
            solara.Button(
                tr("reset", lang),
                color="primary",
                on_click=lambda: rebuild(settings.value),
                disabled=working,
            )
            solara.Button(
                "❚❚" if playing.value else "▶",
                color="primary",
                on_click=play_or_pause,
                disabled=working or not running,
            )
            solara.Button(
                tr("step", lang),
                color="primary",
                on_click=step_once,
                disabled=working or playing.value or not running,
            )
        if working:
            with solara.Row(classes=["viz-busy", "mt-2"]):
                solara.v.ProgressCircular(indeterminate=True, size=20, width=3, color="primary")
                solara.Text(tr(busy.value, lang))
        else:
            solara.v.Html(
                tag="div", children=[frame.date if frame else ""], class_="viz-date text-h6 mt-2"
            )
        speeds = [tr("speed_value", lang, value=s) for s in SPEEDS]
        solara.Select(
            tr("speed", lang),
            value=speeds[SPEEDS.index(settings.value.speed)],
            values=speeds,
            on_value=lambda text: change(replace(settings.value, speed=SPEEDS[speeds.index(text)])),
            classes=["viz-speed"],
        )


@solara.component
def Inputs(lang: str, scenario_values: dict[str, float | bool]):
    """The setup card; `scenario_values` are the shown scenario's own lever values."""
    wanted = settings.value
    working = bool(busy.value)
    params = model_params(lang)

    # a widget's value is what the browser sent: a name, a number, a switch or text by its kind
    def set_value(name: str, value: Any) -> None:
        now = settings.value
        if name == "scenario_name":
            fresh = replace(now, scenario=value, overrides={}, lesson="")
        elif name in ("population_scale", "seed", "compare"):
            field = {"population_scale": "scale", "seed": "seed", "compare": "compare"}[name]
            fresh = replace(now, **{field: value}, lesson="")
        else:
            fresh = now.with_lever(name, value)
        change(fresh)

    def set_scenario(shown: dict[str, str], title: str) -> None:
        """The scenario whose title (as `shown` maps names to titles) was picked."""
        set_value("scenario_name", next(n for n, t in shown.items() if t == title))

    with solara.Card(tr("setup_card", lang)):
        for name, options in params.items():
            value: Any  # the widget's value, typed by its kind as in `set_value`
            if name == "scenario_name":
                value = wanted.scenario
            elif name == "population_scale":
                value = wanted.scale
            elif name == "seed":
                value = wanted.seed
            elif name == "compare":
                value = wanted.compare
            else:
                value = wanted.overrides.get(name, scenario_values.get(name, options["value"]))
            kind, label = options["type"], options["label"]
            on_value = partial(set_value, name)
            if kind == "SliderFloat":
                solara.SliderFloat(
                    f"{label}: {value_text(options, value, lang)}",
                    value=value,
                    min=options["min"],
                    max=max(options["max"], value),
                    step=options["step"],
                    on_value=on_value,
                    disabled=working,
                )
            elif kind == "Select":
                names = options["values"]
                shown = {n: scenario_title(n, lang) for n in names}
                solara.Select(
                    label,
                    value=shown.get(value, value),
                    values=list(shown.values()),
                    on_value=partial(set_scenario, shown),
                    disabled=working,
                    classes=["viz-scenario"],
                )
            elif kind == "Checkbox":
                solara.Checkbox(label=label, value=value, on_value=on_value, disabled=working)
            else:
                solara.InputText(label, value=value, on_value=on_value, disabled=working)
