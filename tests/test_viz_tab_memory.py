"""A tab lets go of the models it no longer shows: the page rendered in a real Solara kernel
context, as the server renders it for a browser tab, its model built and stepped.

Each tab runs in a fresh Python process (this file run as a script): loading Solara's server
patches threads, widgets and matplotlib's backend for the whole process, which must not leak
into the other tests of a pytest worker.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from sim.config import PROJECT_ROOT

FREED = "model freed"
KEPT = "model still alive"


def in_a_tab(what: str) -> str:
    """The last line `what` (a function of this file) prints, run in a fresh process."""
    result = subprocess.run(
        [sys.executable, __file__, what],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines()[-1]


@pytest.mark.slow  # a fresh process that starts Solara's server: about a minute on 2 cores
def test_a_closed_tab_lets_go_of_its_model():
    assert in_a_tab("close_the_tab") == FREED


@pytest.mark.slow  # builds the model twice: about 20 s
def test_a_model_a_new_setting_replaced_is_freed_while_the_tab_stays_open():
    assert in_a_tab("change_the_seed") == FREED


def close_the_tab() -> str:
    """Open a tab, step its model, close the tab: is the model collected?"""
    import gc

    tab, model = _open_a_tab()
    tab.close("page-close")  # what the server does when the browser tab closes
    del tab
    gc.collect()
    return FREED if model() is None else KEPT


def change_the_seed() -> str:
    """Open a tab, step its model, change the seed (a new model): is the old one collected?"""
    import gc
    from dataclasses import replace

    from sim.viz import state
    from sim.viz.actions import change

    tab, model = _open_a_tab()
    with tab:
        change(replace(state.settings.value, seed="7"))
        _wait_for_the_model(lambda: state.session.value.model is not model())
    gc.collect()
    return FREED if model() is None else KEPT


def _open_a_tab():
    """A kernel context with the page rendered in it, as the server keeps it for a browser
    tab, and a weak reference to its model, built and stepped once."""
    import weakref

    import solara
    import solara.server.starlette  # noqa: F401 - the real server: per-tab state, its patches
    from solara.server import kernel, kernel_context

    from sim.viz import state
    from sim.viz.app import Page

    tab = kernel_context.VirtualKernelContext(id="tab", kernel=kernel.Kernel(), session_id="s")
    kernel_context.contexts[tab.id] = tab
    with tab:
        page = solara.RoutingProvider(children=[Page()], routes=[solara.Route("/")], pathname="/")
        _, tab.app_object = solara.render(page, handle_error=False)  # as the server keeps it
        _wait_for_the_model(lambda: True)
        state.session.value.step()
        return tab, weakref.ref(state.session.value.model)


def _wait_for_the_model(ready) -> None:
    """Until a model is built (in a background thread, behind the spinner) and `ready()`."""
    from sim.viz import state

    deadline = time.monotonic() + 240
    while state.session.value is None or state.busy.value or not ready():
        assert time.monotonic() < deadline, "the model was not built in 240 s"
        time.sleep(0.1)


if __name__ == "__main__":
    print({"close_the_tab": close_the_tab, "change_the_seed": change_the_seed}[sys.argv[1]]())
