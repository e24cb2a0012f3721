"""The page's state, one value each per browser tab (Solara keeps reactive state per tab)."""

from __future__ import annotations

import solara

from sim.viz.session import Session
from sim.viz.settings import Settings

settings = solara.reactive(Settings())
session: solara.Reactive[Session | None] = solara.reactive(None)
month = solara.reactive(0)  # bumped for every month drawn
playing = solara.reactive(False)
busy = solara.reactive("")  # the label key of what is being rebuilt ("" when idle)
error = solara.reactive("")  # one line; never a traceback
notes: solara.Reactive[list[str]] = solara.reactive([])
shown_language = solara.reactive("")
wide_screen: solara.Reactive[bool | None] = solara.reactive(None)
