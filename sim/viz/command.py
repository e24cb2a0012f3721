"""`bordersim viz`: serve the classroom visualizer (a Solara app) on this machine."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from sim.errors import UserError

APP = Path(__file__).with_name("app.py")
DEFAULT_PORT = 8765


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

    env = {**os.environ, "SOLARA_THEME_SHOW_BANNER": "False"}  # no English banner on the page
    if args.scenarios is not None:
        if not args.scenarios.is_dir():
            raise UserError(f"--scenarios = {str(args.scenarios)!r}: must be an existing folder")
        env[SCENARIOS_ENV] = str(args.scenarios.resolve())
    if not args.host.strip():
        raise UserError("--host = '': must be an address such as 127.0.0.1 or 0.0.0.0")
    print(f"bordersim viz: open http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    command = [
        sys.executable, "-m", "solara", "run", str(APP), "--host", args.host,
        "--port", str(args.port), "--production", "--no-open", "--no-check-version",
    ]  # fmt: skip
    return subprocess.call(command, env=env)
