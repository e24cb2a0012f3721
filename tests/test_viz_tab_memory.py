"""A closed tab lets go of its model: the page rendered in a real Solara kernel context, as the
server renders it for a browser tab, its model built and stepped, then the tab closed.

The tab runs in a fresh Python process (this file run as a script): loading Solara's server
patches threads, widgets and matplotlib's backend for the whole process, which must not leak
into the other tests of a pytest worker.
"""

from __future__ import annotations

import subprocess
import sys
import time

from sim.config import PROJECT_ROOT

FREED = "model freed"
KEPT = "model still alive"


def test_a_closed_tab_lets_go_of_its_model():
    result = subprocess.run(
        [sys.executable, __file__],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == FREED


def open_step_and_close_a_tab() -> str:
    """Render the page in a new kernel context, wait for its model, step it, close the tab."""
    import gc
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
        deadline = time.monotonic() + 240
        while state.session.value is None or state.busy.value:  # the model builds in a thread
            assert time.monotonic() < deadline, "the model was not built in 240 s"
            time.sleep(0.1)
        state.session.value.step()
        model = weakref.ref(state.session.value.model)
    tab.close("page-close")  # what the server does when the browser tab closes
    del tab, page
    gc.collect()
    return FREED if model() is None else KEPT


if __name__ == "__main__":
    print(open_step_and_close_a_tab())
