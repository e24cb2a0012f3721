"""A PNG that says where it was clicked, so the page can pick a city on the map.

A plain <img> reports no click position to Python; this small Vue template does, as fractions
of the image's shown width and height from its top left, whatever size the browser gives it.
The image stays one rendered PNG (the map is redrawn each month for speed).
"""

from __future__ import annotations

from collections.abc import Callable

import solara


@solara.component_vue("clickable_image.vue", vuetify=False)
def ClickableImage(
    src: str,
    alt: str,
    hint: str,
    classes: str,
    event_click: Callable[[dict], None] | None = None,
) -> None:
    """An <img> of `src`; a click calls `event_click({"x": fx, "y": fy})`, fractions in [0, 1]."""
