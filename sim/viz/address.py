"""The page's settings in the address bar: read on the first render, followed afterwards."""

from __future__ import annotations

import solara

from sim.viz.actions import change
from sim.viz.settings import from_query, to_query
from sim.viz.state import notes, session, settings


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
