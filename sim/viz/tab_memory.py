"""A closed tab's memory goes back to the system.

Solara keeps a lost tab's kernel a day by default; here it is culled after two minutes (the
URL keeps the tab's settings, so a reload after that loses nothing). Once a tab's kernel has
closed, its model and figures are collected and the freed pages handed back (`free_memory`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading
from collections.abc import Callable

import solara.lifecycle
import solara.server.settings
from matplotlib import font_manager
from solara.server import kernel_context

from sim.viz.idle_threads import stop_idle_workers

# a closed kernel lives on until Solara drops its last reference (its widgets hold the model)
TRIM_AFTER_CLOSE_S = (5.0, 60.0)


def free_memory() -> None:
    """Collect a closed tab's model and figures and hand the freed pages back to the system
    (glibc keeps them otherwise, and a server that served a class would stay at its peak).

    Matplotlib keeps one loaded font (about 1.2 MB, measured) per thread that ever drew, up to
    64: each tab's Play thread adds one that outlives the tab. They are dropped too; a thread
    that draws again reloads its font in a few milliseconds. The closed tabs' connection
    threads are stopped first, so that what they held is freed too."""
    stop_idle_workers()
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


def free_closed_tabs() -> None:
    """Cull a lost tab after two minutes and free every closed tab's memory (call once)."""
    solara.server.settings.kernel.cull_timeout = "2m"
    solara.lifecycle.on_kernel_start(on_tab_open)
