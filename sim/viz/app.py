"""The Solara page: Mesa's SolaraViz with the corridor map, charts, panel and an EN/ES switch.

Run it with `bordersim viz`. Each browser session gets its own model, so a class can open it
on several machines against one server without stepping each other's simulation.
"""

from __future__ import annotations

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from sim.viz.charts import CHARTS, ChartRenderer
from sim.viz.controls import model_params
from sim.viz.factory import VizModel
from sim.viz.labels import LANGUAGE_NAMES, LANGUAGES, tr
from sim.viz.map import MapRenderer
from sim.viz.panel import panel_lines

language = solara.reactive("en")


@solara.component
def MapView(model: VizModel):
    update_counter.get()
    lang = language.value
    renderer = solara.use_memo(lambda: MapRenderer(model, lang), [model, lang])
    solara.Image(renderer.png(model), classes=["viz-map"])


@solara.component
def PanelView(model: VizModel):
    update_counter.get()
    lang = language.value
    with solara.Card(tr("panel_title", lang), classes=["viz-panel"]):
        for line in panel_lines(model, lang):
            solara.v.Html(tag="p", children=[line], class_="viz-line mb-1")
        solara.v.Html(tag="p", children=[tr("panel_hint", lang)], class_="viz-hint caption")


def chart_view(key: str):
    """A component drawing chart `key` of CHARTS (redrawn once per month and language)."""
    spec = CHARTS[key]

    @solara.component
    def ChartView(model: VizModel):
        update_counter.get()
        lang = language.value
        renderer = solara.use_memo(lambda: ChartRenderer(model, spec, lang), [model, lang])
        solara.Image(renderer.png(model), classes=["viz-chart", f"viz-chart-{key}"])

    return ChartView


COMPONENTS = [MapView, PanelView, *(chart_view(key) for key in CHARTS)]


@solara.component
def Page():
    lang = language.value
    model = solara.use_reactive(solara.use_memo(VizModel, []))
    with solara.AppBar(), solara.ToggleButtonsSingle(value=language, classes=["viz-language"]):
        for code in LANGUAGES:
            solara.Button(LANGUAGE_NAMES[code], value=code, text=True)
    SolaraViz(
        model,
        components=COMPONENTS,
        model_params=model_params(lang),
        name=tr("title", lang),
    )
