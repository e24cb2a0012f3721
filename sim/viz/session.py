"""One browser tab's simulation: its model, its drawings, and the lock that keeps them apart.

A step changes many arrays of the model one after another; a redraw read in the middle of one
would pair this month's dates with last month's values. So every step and every redraw holds
the session's lock, and a redraw builds one `Frame` (every image and sentence of one month)
from the model as it stands between two steps. The page shows Frames only.

Play runs in one thread per session. It steps the model at the chosen speed; when drawing
falls behind (a busy server), it skips frames rather than months: after a frame that took t
seconds it draws again only t seconds later (at most MAX_FRAME_GAP_S later), so drawing takes
about half the time and a page is never left on an old month for long after one slow frame
(ten tabs' first frames on a busy server take tens of seconds: their pages stayed on month 1).
A frame is timed from Play's request to the page's `frame` of that month, not by the request's
return: when the page is already rendering in another thread (the thread that handles the
browser's clicks), the request only marks the page for another pass and returns at once, and
Play asked again at every month; that thread then rendered pass after pass and never read the
next click (Pause took 2 minutes on a loaded 2-core machine). Play asks for the next frame
only once the page has drawn the last one, and a drawing's length later.
Pause wins at once: the loop checks before every month, and a step already
running lands and is then drawn. Nothing raised here reaches the page as a traceback: the
error becomes one line the page shows.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from sim.config import config_hash
from sim.viz.charts import CHARTS, ChartRenderer
from sim.viz.city import CityRenderer
from sim.viz.compare import comparison_lines, headline
from sim.viz.export import file_stem, run_command
from sim.viz.factory import VizModel
from sim.viz.figure import PngRenderer
from sim.viz.labels import month_name, place_name, tr
from sim.viz.map import MapRenderer, map_alt
from sim.viz.panel import panel_lines

# the longest Play waits after a frame before it may draw the next: above a quiet server's
# frames (0.2-2 s with ten tabs), so it only acts on a busy one (10 tabs, load average 1.2:
# 1.02 months/s per tab with a 10 s cap against 0.37 with a 1 s one, which drew too often)
MAX_FRAME_GAP_S = 10.0


@dataclass(frozen=True)
class Picture:
    """A PNG with its text alternative."""

    png: bytes
    alt: str


@dataclass(frozen=True)
class About:
    """What the page shows of a model that stays the same while it runs, read once with the
    model: the components read this and the `Frame`s, never the model, which a closing tab
    lets go of while a page may still be drawing (a component that read it then failed, and
    the error and its traceback were logged for about one closed tab in five)."""

    city_ids: tuple[str, ...]
    city_names: tuple[str, ...]  # as the city picker shows them
    lever_values: dict[str, float | bool]  # the scenario's own
    file_stem: str
    run_command: str
    config_hash: str

    @classmethod
    def of(cls, viz: VizModel) -> About:
        return cls(
            city_ids=tuple(city.id for city in viz.cities),
            city_names=tuple(city_choices(viz)),
            lever_values=dict(viz.setup.lever_values),
            file_stem=file_stem(viz),
            run_command=run_command(viz),
            config_hash=config_hash(viz.config),
        )

    def city_index(self, city_id: str) -> int:
        """The position of the city `city_id` names (the first city if none does)."""
        return next((k for k, known in enumerate(self.city_ids) if known == city_id), 0)


def city_choices(viz: VizModel) -> list[str]:
    """City names for the picker; a name two cities share gets its country (Nogales)."""
    names = [place_name(c.name) for c in viz.cities]
    counts = Counter(names)
    pairs = zip(names, viz.cities, strict=True)
    return [n if counts[n] == 1 else f"{n} ({c.country})" for n, c in pairs]


@dataclass(frozen=True)
class Frame:
    """Everything the page shows for one month of one session, read in one go."""

    steps: int
    running: bool
    date: str
    map: Picture
    city: Picture
    charts: dict[str, Picture]
    panel: list[str]
    comparison: list[str]
    headline: list[tuple[str, str]]


def one_line(error: BaseException) -> str:
    """An error as one line a class can read: its kind and the first line of its message."""
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0]}" if message else type(error).__name__


type RendererKey = tuple[str | int, ...]  # (kind, language, ...): ("city", "es", 3)


@dataclass
class Session:
    """The model of one tab, its renderers for the shown language and city, and Play."""

    model: VizModel
    about: About = field(init=False)
    lock: threading.RLock = field(default_factory=threading.RLock)
    playing: bool = False
    speed: float = 2.0  # months per second while playing
    frames_dropped: int = 0
    _renderers: dict[RendererKey, PngRenderer] = field(default_factory=dict)
    _generation: int = 0
    _thread: threading.Thread | None = None
    # (model step, time) of the last frame read: the page's acknowledgement of a request
    _framed: tuple[int, float] = (-1, 0.0)

    def __post_init__(self) -> None:
        self.about = About.of(self.model)

    def step(self) -> bool:
        """One month, after any step already running; False once the run has ended."""
        with self.lock:
            if not self.model.running:
                return False
            self.model.step()
            return True

    def renderer[R: PngRenderer](
        self, key: RendererKey, kind: type[R], build: Callable[[], R]
    ) -> R:
        """The renderer for `key` (kind, language, ...), built once."""
        found = self._renderers.get(key)
        if not isinstance(found, kind):  # not built yet (a key names one kind of renderer)
            found = self._renderers[key] = build()
        return found

    def keep_language(self, language: str) -> None:
        """Free the figures of every other language (once the page has switched)."""
        with self.lock:
            for key in [k for k in self._renderers if k[1] != language]:
                del self._renderers[key]

    def frame(self, language: str, city: int) -> Frame:
        """The month as it stands, every drawing and sentence read under the lock."""
        with self.lock:
            viz = self.model
            world = self.renderer(
                ("map", language), MapRenderer, lambda: MapRenderer(viz, language)
            )
            world.select(viz, city)
            story = self.renderer(
                ("city", language, city), CityRenderer, lambda: CityRenderer(viz, city, language)
            )
            for stale in [k for k in self._renderers if k[0] == "city" and k[2] != city]:
                del self._renderers[stale]
            charts = {}
            for key, spec in CHARTS.items():
                chart = self.renderer(
                    ("chart", language, key),
                    ChartRenderer,
                    partial(ChartRenderer, viz, spec, language),
                )
                charts[key] = Picture(chart.png(viz), chart.alt_text())
            if viz.steps:
                date = month_name(viz.date, language)
            else:
                date = tr("date_before", language, date=month_name(viz.config.time.start, language))
            self._framed = (viz.steps, time.monotonic())
            return Frame(
                steps=viz.steps,
                running=viz.running,
                date=date,
                map=Picture(world.png(viz), map_alt(viz, language)),
                city=Picture(story.png(viz), story.alt_text()),
                charts=charts,
                panel=panel_lines(viz, language),
                comparison=comparison_lines(viz, language),
                headline=headline(viz, city, language),
            )

    def city_at(self, language: str, x: float, y: float) -> int | None:
        """The city under a click on the map, (x, y) fractions of the image."""
        with self.lock:
            world = self._renderers.get(("map", language))
            return world.city_at(x, y) if isinstance(world, MapRenderer) else None

    def read(self, make: Callable[[VizModel], str]) -> str:
        """A download of the model as it stands (under the lock: never half a month)."""
        with self.lock:
            return make(self.model)

    def play(
        self, on_frame: Callable[[], None], on_end: Callable[[str], None], closed: threading.Event
    ) -> None:
        """Start playing in this session's thread (none if one is already playing)."""
        if self.playing:
            return
        self.playing = True
        self._generation += 1
        generation = self._generation
        previous = self._thread

        def loop() -> None:
            if previous is not None:
                previous.join()  # the last Play's final month lands first: one loop at a time
            message = ""
            try:
                self._loop(generation, on_frame, closed)
            except Exception as error:  # noqa: BLE001 - shown as one line, never a traceback
                message = one_line(error)
            if generation == self._generation:
                self.playing = False
            on_end(message)

        self._thread = threading.Thread(target=loop, daemon=True, name="bordersim-play")
        self._thread.start()

    def close(self) -> None:
        """Stop playing and let go of the model and the figures (the tab has closed)."""
        self.pause()
        with self.lock:
            self._renderers.clear()
            if hasattr(self, "model"):  # a second close finds nothing left to let go
                del self.model

    def pause(self) -> None:
        """Stop before the next month (a month already running lands)."""
        self.playing = False
        self._generation += 1

    def _loop(self, generation: int, on_frame: Callable[[], None], closed: threading.Event):
        """Months at the chosen speed; a frame only when drawing has had its share of time."""
        due = next_draw = time.monotonic()
        asked: tuple[int, float] | None = None  # (step, time) of the frame not yet drawn
        while generation == self._generation and not closed.is_set():
            if not self.step():
                break
            due += 1.0 / self.speed
            now = time.monotonic()
            if now < due:
                time.sleep(due - now)
            else:
                due = now  # behind: never a burst of months to catch up
            if generation != self._generation:
                break
            if asked is not None:
                step, drawn = self._framed
                if step < asked[0]:  # the page has not drawn the last frame yet
                    self.frames_dropped += 1
                    continue
                next_draw = drawn + min(drawn - asked[1], MAX_FRAME_GAP_S)
                asked = None
            if time.monotonic() < next_draw:
                self.frames_dropped += 1
                continue
            asked = (self.model.steps, time.monotonic())
            on_frame()
        on_frame()  # the month the loop stopped at
