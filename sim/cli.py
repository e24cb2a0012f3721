"""The `bordersim` command line.

Each subcommand's module (next to what it drives) exposes `register(subparsers)`; they are
listed here explicitly. Command modules import only argparse-level things at the top and the
rest inside their handlers, so `--help` and a bad flag or config answer without loading the
model. User errors print one line naming the field, value and what is allowed, and exit with 2.
"""

from __future__ import annotations

import argparse
import signal
import sys

from sim.calibrate import command as calibrate_command
from sim.calibrate import decompose_command
from sim.design import command as design_command
from sim.errors import UserError
from sim.experiments import command as experiments_command
from sim.run import command as run_command
from sim.run import schema_command
from sim.sweep import command as sweep_command
from sim.viz import command as viz_command

COMMANDS = (
    run_command,
    schema_command,
    sweep_command,
    experiments_command,
    calibrate_command,
    decompose_command,
    design_command,
    viz_command,
)


class OneLineParser(argparse.ArgumentParser):
    """argparse, with a usage error in one line (the usage itself is one `--help` away)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="bordersim",
        description="Agent-based simulator of automation, displacement and retraining policy "
        "in the Mexico-US border manufacturing corridor.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM ends the command as Ctrl+C does: `finally` blocks run, children are stopped."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if __name__ == "__main__" or argv is None:
        signal.signal(signal.SIGTERM, _terminated)
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"bordersim: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bordersim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
