"""The `bordersim` command line.

Subcommands live next to what they drive: every `sim/<package>/command.py` exposing
`register(subparsers)` adds one (run, sweep, analyze, calibrate, viz, reproduce ...).
User errors print one line naming the field, value and what is allowed, and exit with 2.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import sim
from sim.errors import UserError


def non_negative_int(text: str) -> int:
    """argparse type for seeds and counts: a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; must be >= 0")
    return value


def positive_int(text: str) -> int:
    value = non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bordersim",
        description="Agent-based simulator of automation, displacement and retraining policy "
        "in the Mexico-US border manufacturing corridor.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(sim.__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"sim.{info.name}.command")
        except ModuleNotFoundError as exc:
            if exc.name != f"sim.{info.name}.command":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"bordersim: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bordersim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
