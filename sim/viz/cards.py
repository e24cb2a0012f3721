"""The page's cards: the lesson, the headline strip, the map, the policy against no policy
with this month's panel, one city's story and the downloads."""

from __future__ import annotations

import base64
from dataclasses import replace

import solara

from sim.viz.actions import change
from sim.viz.clickable import ClickableImage
from sim.viz.export import cities_csv, scenario_yaml, series_csv
from sim.viz.labels import tr
from sim.viz.lessons import LESSONS
from sim.viz.session import About, Frame, Session
from sim.viz.state import busy, notes, session, settings


def png_source(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def Png(data: bytes, alt: str, classes: list[str]):
    """An <img> of PNG bytes with a text alternative (screen readers, and what tests read)."""
    return solara.v.Html(
        tag="img", attributes={"src": png_source(data), "alt": alt}, class_=" ".join(classes)
    )


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
            change(replace(settings.value, city=current.about.city_ids[chosen]))

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


def shown_session() -> Session:
    """The tab's session, read from its state when needed, never held by a property or a
    handler: Solara keeps the element a component was first drawn with, with its properties
    and handlers, while the component stays on the page, so one holding a model would keep the
    tab's first model alive after a rebuild replaced it."""
    current = session.value
    assert current is not None  # drawn only once a model is built
    return current


@solara.component
def CityView(lang: str, about: About, frame: Frame):
    names, ids = list(about.city_names), about.city_ids
    chosen = about.city_index(settings.value.city)
    with solara.Card(tr("city_title", lang), classes=["viz-city-card"]):
        solara.Select(
            tr("city_pick", lang),
            value=names[chosen],
            values=names,
            on_value=lambda name: change(replace(settings.value, city=ids[names.index(name)])),
            classes=["viz-city-select"],
        )
        hint = "" if frame.steps else tr("city_not_started", lang)
        solara.v.Html(tag="p", children=[hint], class_="caption")  # always there: the <img>
        # after it keeps its place (a widget whose tag changed would not be redrawn)
        Png(frame.city.png, frame.city.alt, ["viz-city"])


@solara.component
def TakeHome(lang: str, about: About):
    stem = about.file_stem
    with solara.Card(tr("take_home", lang), classes=["viz-take-home"]):
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(
                lambda: shown_session().read(series_csv),
                f"{stem}-monthly.csv",
                label=tr("download_series", lang),
            )
            solara.FileDownload(
                lambda: shown_session().read(cities_csv),
                f"{stem}-cities.csv",
                label=tr("download_cities", lang),
            )
            solara.FileDownload(
                lambda: shown_session().read(scenario_yaml),
                f"{stem}.yaml",
                label=tr("download_scenario", lang),
            )
        solara.v.Html(tag="p", children=[tr("reproduce", lang)], class_="mt-2 mb-0")
        solara.v.Html(tag="pre", children=[about.run_command], class_="viz-command")
        solara.v.Html(
            tag="p",
            children=[tr("config_hash", lang, hash=about.config_hash)],
            class_="viz-hash caption",
        )
