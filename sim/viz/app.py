"""The classroom page: a lesson, the corridor map with the month's headline, the policy against
no policy, one city's story, the charts and the downloads, in English or Spanish.

Run it with `bordersim viz`. Each browser tab gets its own `Session` (Solara reactive state is
per tab), so a class can share one server; the tab's settings live in the URL, so a reload keeps
them and a link reproduces them. Steps and redraws share the session's lock; the page only
shows `Frame`s (see `session`). Rebuilding the model (a changed setting, Reset) and redrawing
in another language run in the background behind a spinner, with the controls disabled.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import gc
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import solara
import solara.lifecycle
import solara.server.settings
from matplotlib import font_manager
from solara.server import kernel_context

from sim.config import config_hash
from sim.viz.charts import CHARTS
from sim.viz.clickable import ClickableImage
from sim.viz.controls import model_params, value_text
from sim.viz.export import cities_csv, file_stem, run_command, scenario_yaml, series_csv
from sim.viz.factory import VizModel
from sim.viz.labels import LANGUAGE_NAMES, LANGUAGES, place_name, scenario_title, tr
from sim.viz.lessons import LESSONS
from sim.viz.session import Frame, Session, one_line
from sim.viz.settings import SPEEDS, Settings, from_query, to_query

# A closed or lost tab frees its model after this long without a connection (Solara keeps it a
# day by default); the URL keeps the tab's settings, so a reload after that loses nothing.
solara.server.settings.kernel.cull_timeout = "2m"
# a closed kernel lives on until Solara drops its last reference (its widgets hold the model)
TRIM_AFTER_CLOSE_S = (5.0, 60.0)


def free_memory() -> None:
    """Collect a closed tab's model and figures and hand the freed pages back to the system
    (glibc keeps them otherwise, and a server that served a class would stay at its peak).

    Matplotlib keeps one loaded font (about 1.2 MB, measured) per thread that ever drew, up to
    64: each tab's Play thread adds one that outlives the tab. They are dropped too; a thread
    that draws again reloads its font in a few milliseconds."""
    fonts = getattr(font_manager, "_get_font", None)  # a private cache of matplotlib's
    if fonts is not None:
        fonts.cache_clear()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def on_tab_open() -> Callable[[], None]:
    """Solara calls this for every new tab; what it returns runs when the tab's kernel closes
    (after each of the tab's sessions has let go of its model, see `rebuild`)."""

    def on_close() -> None:
        with kernel_context.without_context():  # a timer in the tab's context would keep it
            for delay in TRIM_AFTER_CLOSE_S:
                threading.Timer(delay, free_memory).start()

    return on_close


solara.lifecycle.on_kernel_start(on_tab_open)

settings = solara.reactive(Settings())
session: solara.Reactive[Session | None] = solara.reactive(None)
month = solara.reactive(0)  # bumped for every month drawn
playing = solara.reactive(False)
busy = solara.reactive("")  # the label key of what is being rebuilt ("" when idle)
error = solara.reactive("")  # one line; never a traceback
notes: solara.Reactive[list[str]] = solara.reactive([])
shown_language = solara.reactive("")
wide_screen: solara.Reactive[bool | None] = solara.reactive(None)

CSS = """
.viz-map img, img.viz-map { width: 100%; height: auto; }
.viz-chart { width: 100%; height: auto; }
.viz-city { width: 100%; height: auto; }
.v-input__slider .v-input__slot { flex-wrap: wrap; }
.v-input__slider .v-label { width: 100%; max-width: 100%; margin-bottom: 2px; }
.v-navigation-drawer { width: 340px !important; min-width: 0 !important; max-width: 90vw; }
.viz-headline { display: flex; flex-wrap: wrap; gap: 8px 24px; font-size: 1.1rem; }
.viz-headline b { display: block; font-size: 0.8rem; font-weight: 500; color: #555; }
.viz-panel p, .viz-compare p, .viz-lesson p { font-size: 1rem; }
.viz-compare { border-left: 4px solid #6a0dad; }
.viz-lesson .v-btn, .viz-controls .v-btn { max-width: 100%; height: auto !important; }
.viz-lesson .v-btn__content { flex: 1 1 auto; min-width: 0; white-space: normal; padding: 6px 0; }
.viz-controls .row { flex-wrap: wrap; gap: 8px; }
"""


@solara.component_vue("screen_width.vue", vuetify=False)
def ScreenWidth(event_measured: Callable[[dict], None] | None = None) -> None:
    """Reports the browser window's width once, when the page opens."""


@solara.component
def Layout(children=()):
    """Solara's app layout with the sidebar closed on a narrow screen (a phone)."""
    return solara.AppLayout(children=children, sidebar_open=bool(wide_screen.value))


def png_source(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def Png(data: bytes, alt: str, classes: list[str]):
    """An <img> of PNG bytes with a text alternative (screen readers, and what tests read)."""
    return solara.v.Html(
        tag="img", attributes={"src": png_source(data), "alt": alt}, class_=" ".join(classes)
    )


def city_index(viz: VizModel, city_id: str) -> int:
    return next((k for k, c in enumerate(viz.cities) if c.id == city_id), 0)


def in_background(work: Callable[[], None], what: str) -> None:
    """Run `work` in a thread behind the spinner; an error becomes one line on the page."""
    busy.value = what

    def run() -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - a one-line message, never a traceback
            error.value = one_line(exc)
        finally:
            busy.value = ""

    threading.Thread(target=run, daemon=True, name="bordersim-build").start()


def pause() -> None:
    if session.value is not None:
        session.value.pause()
    playing.value = False


def rebuild(wanted: Settings) -> None:
    """A new model from `wanted` (month 0), built and drawn behind the spinner."""
    pause()
    tab = kernel_context.get_current_context()

    def work() -> None:
        fresh = Session(VizModel(**wanted.model_keywords()), speed=wanted.speed)
        tab.on_close(fresh.close)  # a closed kernel can live on a while: let go of the model
        fresh.frame(wanted.language, city_index(fresh.model, wanted.city))
        old, session.value = session.value, fresh
        if old is not None:
            old.pause()
        error.value = ""
        shown_language.value = wanted.language
        month.value = 0

    in_background(work, "busy_building")


def change(wanted: Settings) -> None:
    """Apply new settings: rebuild the model if it depends on them, else redraw."""
    before = settings.value
    settings.value = wanted
    current = session.value
    if current is not None:
        current.speed = wanted.speed
    if wanted.model_part() != before.model_part() or current is None:
        rebuild(wanted)
    elif wanted.language != shown_language.value:

        def work() -> None:
            current.frame(wanted.language, city_index(current.model, wanted.city))
            shown_language.value = wanted.language
            current.keep_language(wanted.language)

        in_background(work, "busy_language")


def play_or_pause() -> None:
    current = session.value
    if current is None:
        return
    if current.playing:
        pause()
        return
    closed = kernel_context.get_current_context().closed_event

    def on_frame() -> None:
        month.value += 1

    def on_end(message: str) -> None:
        if message:
            error.value = message
        if not current.playing:
            playing.value = False

    playing.value = True
    current.play(on_frame, on_end, closed)


def step_once() -> None:
    current = session.value
    if current is None or current.playing:
        return
    try:
        current.step()
    except Exception as exc:  # noqa: BLE001 - a one-line message, never a traceback
        error.value = one_line(exc)
    month.value += 1


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
def Inputs(lang: str, viz: VizModel | None):
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

    scenario_values = {} if viz is None else viz.setup.lever_values
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


@solara.component
def LessonCard(lang: str):
    chosen = LESSONS.get(settings.value.lesson)
    working = bool(busy.value)
    with solara.Card(tr("lesson_card", lang), classes=["viz-lesson"]):
        with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
            for lesson in LESSONS.values():
                solara.Button(
                    tr(lesson.title, lang),
                    color="primary",
                    outlined=lesson is not chosen,
                    disabled=working,
                    on_click=lambda lesson=lesson: change(lesson.settings(settings.value)),
                    classes=[f"viz-lesson-{lesson.key}"],
                )
        if chosen is not None:
            solara.v.Html(
                tag="p",
                children=[tr(chosen.title, lang)],
                class_="viz-lesson-title text-h6 mt-3 mb-1",
            )
            for heading, key in (
                ("lesson_notice_heading", chosen.notice),
                ("lesson_try_heading", chosen.try_next),
            ):
                solara.v.Html(
                    tag="p",
                    children=[
                        solara.v.Html(tag="b", children=[tr(heading, lang) + ": "]),
                        tr(key, lang),
                    ],
                    class_="viz-lesson-text mb-1",
                )
        else:
            solara.v.Html(tag="p", children=[tr("lesson_pick", lang)], class_="caption mt-2 mb-0")


@solara.component
def Headline(frame: Frame):
    with solara.Div(classes=["viz-headline", "my-2"]):
        for label, figure in frame.headline:
            solara.v.Html(tag="div", children=[solara.v.Html(tag="b", children=[label]), figure])


@solara.component
def MapView(lang: str, frame: Frame):
    def pick(click: dict) -> None:
        current = session.value
        if current is None:
            return
        chosen = current.city_at(lang, float(click["x"]), float(click["y"]))
        if chosen is not None:
            change(replace(settings.value, city=current.model.cities[chosen].id))

    with solara.Column(gap="0px"):
        ClickableImage(
            src=png_source(frame.map.png),
            alt=frame.map.alt,
            hint=tr("map_click_hint", lang),
            classes="viz-map",
            event_click=pick,
        )
        solara.v.Html(tag="p", children=[tr("map_click_hint", lang)], class_="viz-hint caption")


@solara.component
def PanelView(lang: str, frame: Frame):
    if frame.comparison:
        with solara.Card(classes=["viz-compare", "mb-2"]):
            for line in frame.comparison:
                solara.v.Html(tag="p", children=[line], class_="viz-line mb-1")
    with solara.Card(tr("panel_title", lang), classes=["viz-panel"]):
        for line in frame.panel:
            solara.v.Html(tag="p", children=[line], class_="viz-line mb-1")
        for note in notes.value:
            solara.v.Html(tag="p", children=[note], class_="viz-line mb-1")
        solara.v.Html(tag="p", children=[tr("panel_hint", lang)], class_="viz-hint caption")


def city_choices(viz: VizModel) -> list[str]:
    """City names for the picker; a name two cities share gets its country (Nogales)."""
    names = [place_name(c.name) for c in viz.cities]
    counts = Counter(names)
    pairs = zip(names, viz.cities, strict=True)
    return [n if counts[n] == 1 else f"{n} ({c.country})" for n, c in pairs]


@solara.component
def CityView(lang: str, viz: VizModel, frame: Frame):
    names = city_choices(viz)
    chosen = city_index(viz, settings.value.city)
    with solara.Card(tr("city_title", lang), classes=["viz-city-card"]):
        solara.Select(
            tr("city_pick", lang),
            value=names[chosen],
            values=names,
            on_value=lambda name: change(
                replace(settings.value, city=viz.cities[names.index(name)].id)
            ),
            classes=["viz-city-select"],
        )
        hint = "" if frame.steps else tr("city_not_started", lang)
        solara.v.Html(tag="p", children=[hint], class_="caption")  # always there: the <img>
        # after it keeps its place (a widget whose tag changed would not be redrawn)
        Png(frame.city.png, frame.city.alt, ["viz-city"])


@solara.component
def TakeHome(lang: str, current: Session):
    viz = current.model
    stem = file_stem(viz)
    with solara.Card(tr("take_home", lang), classes=["viz-take-home"]):
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(
                lambda: current.read(series_csv),
                f"{stem}-monthly.csv",
                label=tr("download_series", lang),
            )
            solara.FileDownload(
                lambda: current.read(cities_csv),
                f"{stem}-cities.csv",
                label=tr("download_cities", lang),
            )
            solara.FileDownload(
                lambda: current.read(scenario_yaml),
                f"{stem}.yaml",
                label=tr("download_scenario", lang),
            )
        solara.v.Html(tag="p", children=[tr("reproduce", lang)], class_="mt-2 mb-0")
        solara.v.Html(tag="pre", children=[run_command(viz)], class_="viz-command")
        solara.v.Html(
            tag="p",
            children=[tr("config_hash", lang, hash=config_hash(viz.config))],
            class_="viz-hash caption",
        )


def use_address() -> None:
    """Settings from the URL on the first render; the URL follows every later change."""
    router = solara.use_router()

    def first() -> None:
        wanted, problems = from_query(router.search)
        notes.value = problems
        change(wanted)

    def follow() -> None:
        if session.value is not None and (router.search or "") != query:
            router.push(f"{router.path}?{query}" if query else router.path)

    query = to_query(settings.value)
    solara.use_effect(first, [])
    solara.use_effect(follow, [query, session.value])


@solara.component
def Page():
    use_address()
    month.value  # noqa: B018 - every month drawn renders the page again
    wanted = settings.value
    lang = shown_language.value or wanted.language
    current = session.value
    frame = None
    if current is not None:
        try:
            frame = current.frame(lang, city_index(current.model, wanted.city))
        except Exception as exc:  # noqa: BLE001 - a one-line message, never a traceback
            error.value = one_line(exc)
    solara.Style(CSS)
    solara.Title(tr("title", lang))
    ScreenWidth(event_measured=lambda size: wide_screen.set(size["width"] >= 960))
    with solara.AppBar():
        solara.AppBarTitle(tr("title", lang)).key(f"title-{lang}")  # new title per language
        with solara.ToggleButtonsSingle(
            value=wanted.language,
            on_value=lambda code: change(replace(settings.value, language=code)),
            classes=["viz-language"],
        ):
            for code in LANGUAGES:
                solara.Button(
                    LANGUAGE_NAMES[code], value=code, text=True, disabled=bool(busy.value)
                )
    with solara.Sidebar():
        Controls(lang, frame)
        Inputs(lang, current.model if current else None)
    with solara.Column(style={"padding": "8px"}):
        if error.value:
            solara.v.Alert(
                type="error",
                children=[tr("error_line", lang, message=error.value)],
                class_="viz-error",
            )
        LessonCard(lang)
        if frame is None:
            with solara.Row(classes=["viz-busy"]):
                solara.v.ProgressCircular(indeterminate=True, color="primary")
                solara.Text(tr("busy_building", lang))
            return
        Headline(frame)
        with solara.ColumnsResponsive(12, large=[8, 4]):
            MapView(lang, frame)
            PanelView(lang, frame)
        CityView(lang, current.model, frame)
        with solara.ColumnsResponsive(12, medium=6):
            for key in CHARTS:
                Png(frame.charts[key].png, frame.charts[key].alt, ["viz-chart", f"viz-chart-{key}"])
        TakeHome(lang, current)
        with solara.Card(tr("about_title", lang), classes=["viz-about"]):
            solara.v.Html(tag="p", children=[tr("about", lang)], class_="viz-about-text")
