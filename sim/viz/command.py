"""`bordersim viz`: serve the classroom visualizer (a Solara app) on this machine.

The server is a `solara run` child process (through `sim.viz.serve`, for its keepalive) that
never outlives the launcher: SIGTERM and SIGINT are passed on to it, and it gets a
parent-death signal for when the launcher is killed outright."""

from __future__ import annotations

import argparse
import functools
import os
import signal
import subprocess
import sys
from pathlib import Path

from sim.errors import UserError

APP = Path(__file__).with_name("app.py")
DEFAULT_PORT = 8765
SERVER_ENV = {
    "SOLARA_THEME_SHOW_BANNER": "False",  # no English banner on the page
    # Python's own small-object allocator keeps a 1 MiB arena as long as one object in it
    # lives; a tab's thousands of widgets and figure parts share arenas with the few objects
    # that outlive it (caches), so a closed tab's memory stayed with the server (+100 MB after
    # 4 tabs, measured). With the C allocator the app's malloc_trim hands it back page by page.
    "PYTHONMALLOC": "malloc",
    # glibc gives each thread that allocates its own heap (up to 16 on 2 cores); every tab's
    # Play and build threads scatter their pages over them, and a closed tab's pages stay
    # pinned by what others left there. Two heaps: after 3 closed tabs +20 MB instead of +28 MB.
    "MALLOC_ARENA_MAX": "2",
}


def port_number(text: str) -> int:
    """argparse type for a TCP port: 1..65535."""
    from sim.argtypes import positive_int

    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port; must be 1..65535")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    viz = subparsers.add_parser("viz", help="serve the classroom visualizer in a browser")
    viz.add_argument("--port", type=port_number, default=DEFAULT_PORT, help="default 8765")
    viz.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine)"
    )
    viz.add_argument(
        "--scenarios",
        type=Path,
        help="folder of scenario YAMLs for the picker (default configs/scenarios/)",
    )
    viz.set_defaults(handler=_viz)


def _viz(args: argparse.Namespace) -> int:
    from sim.viz.factory import SCENARIOS_ENV

    env = {**os.environ, **SERVER_ENV}
    if args.scenarios is not None:
        if not args.scenarios.is_dir():
            raise UserError(f"--scenarios = {str(args.scenarios)!r}: must be an existing folder")
        env[SCENARIOS_ENV] = str(args.scenarios.resolve())
    if not args.host.strip():
        raise UserError("--host = '': must be an address such as 127.0.0.1 or 0.0.0.0")
    print(f"bordersim viz: open http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    command = [
        sys.executable, "-m", "sim.viz.serve", "run", str(APP), "--host", args.host,
        "--port", str(args.port), "--production", "--no-open", "--no-check-version",
    ]  # fmt: skip
    return serve(command, env)


def serve(command: list[str], env: dict[str, str], grace: float = 10.0) -> int:
    """Run the server until it ends, passing SIGTERM and SIGINT on to it; its exit status (a
    signal N as 128 + N, as a shell reports it)."""
    from sim.run.lifeline import die_with_parent

    armed = functools.partial(die_with_parent, parent=os.getpid())
    child = subprocess.Popen(command, env=env, preexec_fn=armed)

    def forward(signum: int, frame: object) -> None:
        child.send_signal(signum)

    forwarded = (signal.SIGTERM, signal.SIGINT)
    previous = {signum: signal.signal(signum, forward) for signum in forwarded}
    try:
        code = child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(grace)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return 128 - code if code < 0 else code
