"""The classroom page: a lesson, the corridor map with the month's headline, the policy against
no policy, one city's story, the charts and the downloads, in English or Spanish.

Run it with `bordersim viz`. Each browser tab gets its own `Session` (Solara reactive state is
per tab), so a class can share one server; the tab's settings live in the URL, so a reload keeps
them and a link reproduces them. Steps and redraws share the session's lock; the page only
shows `Frame`s (see `session`). Rebuilding the model (a changed setting, Reset) and redrawing
in another language run in the background behind a spinner, with the controls disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import solara

from sim.viz.actions import change
from sim.viz.address import use_address
from sim.viz.cards import CityView, Headline, LessonCard, MapView, PanelView, Png, TakeHome
from sim.viz.charts import CHARTS
from sim.viz.labels import LANGUAGE_NAMES, LANGUAGES, tr
from sim.viz.session import one_line
from sim.viz.sidebar import Controls, Inputs
from sim.viz.state import busy, error, month, session, settings, shown_language, wide_screen
from sim.viz.tab_memory import free_closed_tabs

free_closed_tabs()

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
            frame = current.frame(lang, current.about.city_index(wanted.city))
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
        Inputs(lang, current.about.lever_values if current else {})
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
        CityView(lang, current.about, frame)
        with solara.ColumnsResponsive(12, medium=6):
            for key in CHARTS:
                Png(frame.charts[key].png, frame.charts[key].alt, ["viz-chart", f"viz-chart-{key}"])
        TakeHome(lang, current.about)
        with solara.Card(tr("about_title", lang), classes=["viz-about"]):
            solara.v.Html(tag="p", children=[tr("about", lang)], class_="viz-about-text")
