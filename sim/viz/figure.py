"""What the map and the charts share: a figure built once, updated and blitted each month.

Building a matplotlib figure (axes, ticks, legend, fonts) and laying out its text costs more
than the data drawn on it, so a renderer builds its figure once per model and language, saves
the drawn frame as a background, and each month restores it and draws only its `overlay`
artists (matplotlib blitting). `invalidate()` redraws the frame when it must change (new axis
limits). Bare `Figure`s (no pyplot) are freed with their renderer: a long Play does not
accumulate figures.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

if TYPE_CHECKING:
    from sim.model import BorderModel


class PngRenderer:
    """Base: subclasses build `self.figure`, call `set_overlay` and implement `update(model)`."""

    figure: Figure

    def __init__(self, language: str) -> None:
        self.language = language
        self.overlay: list[Artist] = []
        self._background = None
        self._drawn_step: int | None = None
        self._png = b""

    def set_overlay(self, artists: Iterable[Artist]) -> None:
        """The artists that change month to month, drawn in z-order over the background."""
        self.overlay = sorted(artists, key=lambda artist: artist.get_zorder())
        for artist in self.overlay:
            artist.set_animated(True)
        self.invalidate()

    def invalidate(self) -> None:
        self._background = None

    def update(self, model: BorderModel) -> None:
        raise NotImplementedError

    def png(self, model: BorderModel) -> bytes:
        """The figure at the model's current month as PNG bytes (encoded once per month)."""
        if self._drawn_step != model.steps:
            self.update(model)
            self._drawn_step, self._png = model.steps, self.render()
        return self._png

    def render(self) -> bytes:
        canvas = self.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(self.figure)
        if self._background is None:
            canvas.draw()  # everything but the overlay (animated artists are skipped)
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self.overlay:
            self.figure.draw_artist(artist)
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw")
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)  # fast: sent once, to localhost
        return buffer.getvalue()
