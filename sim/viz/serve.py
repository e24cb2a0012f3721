"""The visualizer's server process: `solara run`, with a websocket keepalive a busy laptop meets.

Uvicorn closes a websocket whose keepalive ping is not answered within `ws_ping_timeout`
(20 s by default), and Solara cannot restore the session behind it: the page says "Server
disconnected". On a loaded 2-core machine a page redrawing every figure (twenty language
switches while playing) lost its session this way, in a fresh-clone CI run and again with one
core kept busy (`CLOSE 1011 keepalive ping timeout` in the server's log). `solara run` has no
option for the timeout, so this entry point sets uvicorn's default before handing over to
Solara's own command line. A dead connection is still found, two minutes later instead of
twenty seconds.
"""

from __future__ import annotations

import functools

import uvicorn

KEEPALIVE_TIMEOUT_SECONDS = 120.0


def patient_keepalive(timeout: float = KEEPALIVE_TIMEOUT_SECONDS) -> None:
    """Make `timeout` the default `ws_ping_timeout` of every uvicorn server this process
    configures (a value passed explicitly still wins)."""
    original = uvicorn.Config.__init__
    if getattr(original, "keepalive_timeout", None) == timeout:
        return

    @functools.wraps(original)
    def init(self, *args, **kwargs) -> None:
        kwargs.setdefault("ws_ping_timeout", timeout)
        original(self, *args, **kwargs)

    init.keepalive_timeout = timeout  # type: ignore[attr-defined]
    uvicorn.Config.__init__ = init  # type: ignore[method-assign]


def main() -> None:
    """`python -m sim.viz.serve run APP ...`: `solara` with the patient keepalive."""
    from solara.__main__ import main as solara_main

    patient_keepalive()
    solara_main()


if __name__ == "__main__":
    main()
