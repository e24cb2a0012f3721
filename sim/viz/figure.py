"""What the map and the charts share: a figure built once, updated and encoded each month.

Building a matplotlib figure (axes, ticks, legend, fonts) costs more than drawing it, so a
renderer builds its figure once per model and language and each month only moves data and
re-encodes the PNG. Bare `Figure`s (no pyplot) are freed with their renderer: a long Play does
not accumulate figures.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

if TYPE_CHECKING:
    from sim.model import BorderModel


class PngRenderer:
    """Base: subclasses build `self.figure` and implement `update(model)`."""

    figure: Figure

    def __init__(self, language: str) -> None:
        self.language = language
        self._drawn_step: int | None = None
        self._png = b""

    def update(self, model: BorderModel) -> None:
        raise NotImplementedError

    def png(self, model: BorderModel) -> bytes:
        """The figure at the model's current month as PNG bytes (encoded once per month)."""
        if self._drawn_step != model.steps:
            self.update(model)
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="png")
            self._drawn_step, self._png = model.steps, buffer.getvalue()
        return self._png
