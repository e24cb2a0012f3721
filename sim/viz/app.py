"""The classroom page: the corridor map, what happened this month, the policy against no
policy, one city's story, the charts and the downloads, in English or Spanish.

Run it with `bordersim viz`. The page uses Mesa models and Solara, but lays itself out rather
than through Mesa's SolaraViz, so that every word (Reset, Step, the date) follows the language
switch and no stray page tab shows. Each browser session gets its own model (Solara reactive
state is per session), so a class can share one server.
"""

from __future__ import annotations

import base64
import time
from collections import Counter

import solara

from sim.config import config_hash
from sim.viz.charts import CHARTS, ChartRenderer
from sim.viz.city import CityRenderer
from sim.viz.clickable import ClickableImage
from sim.viz.compare import comparison_lines
from sim.viz.controls import model_params, value_text
from sim.viz.export import cities_csv, file_stem, run_command, scenario_yaml, series_csv
from sim.viz.factory import VizModel
from sim.viz.labels import LANGUAGE_NAMES, LANGUAGES, month_name, tr
from sim.viz.map import MapRenderer, map_alt
from sim.viz.panel import panel_lines

PLAY_PAUSE_S = 0.05  # between months while playing: lets the browser take each frame

language = solara.reactive("en")
model = solara.reactive(None)  # the session's VizModel, built on first render
month = solara.reactive(0)  # bumped after every step; views take it as `shown_month` to redraw
playing = solara.reactive(False)
params: solara.Reactive[dict] = solara.reactive({})
city = solara.reactive(0)
CSS = """
.viz-map img, img.viz-map { width: 100%; height: auto; }
.viz-chart { width: 100%; height: auto; }
.viz-city { width: 100%; height: auto; }
.v-input__slider .v-input__slot { flex-wrap: wrap; }
.v-input__slider .v-label { width: 100%; max-width: 100%; margin-bottom: 2px; }
.v-navigation-drawer { width: 340px !important; }
"""


def png_source(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def Png(data: bytes, alt: str, classes: list[str]):
    """An <img> of PNG bytes with a text alternative (screen readers, and what tests read)."""
    return solara.v.Html(
        tag="img", attributes={"src": png_source(data), "alt": alt}, class_=" ".join(classes)
    )


def current() -> VizModel:
    if model.value is None:
        model.value = VizModel(**params.value)
    return model.value


def step_once() -> None:
    current().step()
    month.value += 1


def reset() -> None:
    playing.value = False
    model.value = VizModel(**params.value)
    month.value = 0


@solara.component
def Controls(lang: str, shown_month: int):
    running = current().running

    def play() -> None:
        while playing.value and current().running:
            step_once()
            time.sleep(PLAY_PAUSE_S)
        playing.value = False

    solara.lab.use_task(play, dependencies=[playing.value], prefer_threaded=True)
    with solara.Card(tr("controls", lang)):
        with solara.Row(justify="space-between"):
            solara.Button(tr("reset", lang), color="primary", on_click=reset)
            solara.Button(
                "❚❚" if playing.value else "▶",
                color="primary",
                on_click=lambda: playing.set(not playing.value),
                disabled=not running,
            )
            solara.Button(
                tr("step", lang),
                color="primary",
                on_click=step_once,
                disabled=playing.value or not running,
            )
        viz = current()
        if viz.steps:
            shown = month_name(viz.date, lang)
        else:
            shown = tr("date_before", lang, date=month_name(viz.config.time.start, lang))
        solara.v.Html(tag="div", children=[shown], class_="viz-date text-h6 mt-2")


@solara.component
def Inputs(lang: str):
    values = params.value

    def set_value(name: str, value: object) -> None:
        params.value = {**params.value, name: value}

    with solara.Card(tr("setup_card", lang)):
        for name, options in model_params(lang).items():
            value = values.get(name, options["value"])
            kind, label = options["type"], options["label"]
            on_value = lambda v, name=name: set_value(name, v)  # noqa: E731
            if kind == "SliderFloat":
                solara.SliderFloat(
                    f"{label}: {value_text(options, value, lang)}",
                    value=value,
                    min=options["min"],
                    max=options["max"],
                    step=options["step"],
                    on_value=on_value,
                )
            elif kind == "Select":
                solara.Select(label, value=value, values=options["values"], on_value=on_value)
            elif kind == "Checkbox":
                solara.Checkbox(label=label, value=value, on_value=on_value)
            else:
                solara.InputText(label, value=value, on_value=on_value)


@solara.component
def MapView(viz: VizModel, lang: str, shown_month: int):
    renderer = solara.use_memo(lambda: MapRenderer(viz, lang), [viz, lang])
    renderer.select(viz, city.value)

    def pick(click: dict) -> None:
        chosen = renderer.city_at(float(click["x"]), float(click["y"]))
        if chosen is not None:
            city.value = chosen

    with solara.Column(gap="0px"):
        ClickableImage(
            src=png_source(renderer.png(viz)),
            alt=map_alt(viz, lang),
            hint=tr("map_click_hint", lang),
            classes="viz-map",
            event_click=pick,
        )
        solara.v.Html(tag="p", children=[tr("map_click_hint", lang)], class_="viz-hint caption")


@solara.component
def PanelView(viz: VizModel, lang: str, shown_month: int):
    with solara.Card(tr("panel_title", lang), classes=["viz-panel"]):
        for line in panel_lines(viz, lang):
            solara.v.Html(tag="p", children=[line], class_="viz-line mb-1")
        solara.v.Html(tag="p", children=[tr("panel_hint", lang)], class_="viz-hint caption")
    with solara.Card(classes=["viz-compare"]):
        for line in comparison_lines(viz, lang):
            solara.v.Html(tag="p", children=[line], class_="viz-line mb-1")


def city_choices(viz: VizModel) -> list[str]:
    """City names for the picker; a name two cities share gets its country (Nogales)."""
    counts = Counter(c.name for c in viz.cities)
    return [c.name if counts[c.name] == 1 else f"{c.name} ({c.country})" for c in viz.cities]


@solara.component
def CityView(viz: VizModel, lang: str, shown_month: int):
    renderer = solara.use_memo(lambda: CityRenderer(viz, city.value, lang), [viz, lang, city.value])
    names = city_choices(viz)
    with solara.Card(tr("city_title", lang), classes=["viz-city-card"]):
        solara.Select(
            tr("city_pick", lang),
            value=names[city.value],
            values=names,
            on_value=lambda name: city.set(names.index(name)),
            classes=["viz-city-select"],
        )
        hint = "" if viz.steps else tr("city_not_started", lang)
        solara.v.Html(tag="p", children=[hint], class_="caption")  # always there: the <img>
        # after it keeps its place (a widget whose tag changed would not be redrawn)
        Png(renderer.png(viz), renderer.alt_text(), ["viz-city"])


def chart_view(key: str):
    """A component drawing chart `key` of CHARTS (redrawn once per month and language)."""
    spec = CHARTS[key]

    @solara.component
    def ChartView(viz: VizModel, lang: str, shown_month: int):
        renderer = solara.use_memo(lambda: ChartRenderer(viz, spec, lang), [viz, lang])
        Png(renderer.png(viz), renderer.alt_text(), ["viz-chart", f"viz-chart-{key}"])

    return ChartView


CHART_VIEWS = [chart_view(key) for key in CHARTS]


@solara.component
def TakeHome(viz: VizModel, lang: str, shown_month: int):
    stem = file_stem(viz)
    with solara.Card(tr("take_home", lang), classes=["viz-take-home"]):
        with solara.Row():
            solara.FileDownload(
                lambda: series_csv(viz), f"{stem}-monthly.csv", label=tr("download_series", lang)
            )
            solara.FileDownload(
                lambda: cities_csv(viz), f"{stem}-cities.csv", label=tr("download_cities", lang)
            )
            solara.FileDownload(
                lambda: scenario_yaml(viz), f"{stem}.yaml", label=tr("download_scenario", lang)
            )
        solara.v.Html(tag="p", children=[tr("reproduce", lang)], class_="mt-2 mb-0")
        solara.v.Html(tag="pre", children=[run_command(viz)], class_="viz-command")
        solara.v.Html(
            tag="p",
            children=[tr("config_hash", lang, hash=config_hash(viz.config))],
            class_="viz-hash caption",
        )


@solara.component
def Page():
    lang = language.value
    viz = current()
    solara.Style(CSS)
    solara.Title(tr("title", lang))
    with solara.AppBar():
        solara.AppBarTitle(tr("title", lang)).key(f"title-{lang}")  # new title per language
        with solara.ToggleButtonsSingle(value=language, classes=["viz-language"]):
            for code in LANGUAGES:
                solara.Button(LANGUAGE_NAMES[code], value=code, text=True)
    with solara.Sidebar():
        Controls(lang, month.value)
        Inputs(lang)
    with solara.Column(style={"padding": "8px"}):
        with solara.Card(tr("about_title", lang), classes=["viz-about"]):
            solara.v.Html(tag="p", children=[tr("about", lang)], class_="viz-about-text")
        with solara.Columns([3, 1]):
            MapView(viz, lang, month.value)
            PanelView(viz, lang, month.value)
        CityView(viz, lang, month.value)
        with solara.ColumnsResponsive(6, large=3):
            for view in CHART_VIEWS:
                view(viz, lang, month.value)
        TakeHome(viz, lang, month.value)
