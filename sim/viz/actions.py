"""What the page's controls do: rebuild the model, change a setting, Play, Pause, Step.

Rebuilding the model (a changed setting, Reset) and redrawing in another language run in a
background thread behind a spinner, with the controls disabled; an error becomes one line on
the page. Play runs in the session's own thread (see `session`) and bumps `month` for every
month drawn.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from functools import partial

from solara.server import kernel_context

from sim.viz.factory import VizModel
from sim.viz.session import Session, one_line
from sim.viz.settings import Settings
from sim.viz.state import busy, error, month, playing, session, settings, shown_language


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


def close_if_alive(held: weakref.ref[Session]) -> None:
    """Let go of a closing tab's session and its model (a closed kernel can live on a while).

    The tab holds its sessions weakly: a session a rebuild replaced (a lesson, a moved slider)
    is freed at once, not kept with its model until the tab closes."""
    if (found := held()) is not None:
        found.close()


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
        tab.on_close(partial(close_if_alive, weakref.ref(fresh)))
        fresh.frame(wanted.language, fresh.about.city_index(wanted.city))
        old, session.value = session.value, fresh
        if old is not None:
            old.pause()
        error.value = ""
        shown_language.value = wanted.language
        month.value = 0

    in_background(work, "busy_building")


def change(wanted: Settings) -> None:
    """Apply new settings: rebuild the model if it depends on them, else redraw.

    A rebuild puts the spinner up before the page shows the new settings: a page that showed
    a lesson's title with its controls still enabled took a Step for the model being replaced,
    and the month it stepped vanished when the new model arrived."""
    before = settings.value
    current = session.value
    if current is not None:
        current.speed = wanted.speed
    if wanted.model_part() != before.model_part() or current is None:
        busy.value = "busy_building"
        settings.value = wanted
        rebuild(wanted)
        return
    settings.value = wanted
    if wanted.language != shown_language.value:

        def work() -> None:
            current.frame(wanted.language, current.about.city_index(wanted.city))
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
    """One month, unless playing or busy (a click sent before the page disabled Step)."""
    current = session.value
    if current is None or current.playing or busy.value:
        return
    try:
        current.step()
    except Exception as exc:  # noqa: BLE001 - a one-line message, never a traceback
        error.value = one_line(exc)
    month.value += 1
