"""The `bordersim` command line.

Each subcommand's module (next to what it drives) exposes `register(subparsers)`; they are
listed here explicitly. User errors print one line naming the field, value and what is allowed,
and exit with 2.
"""

from __future__ import annotations

import argparse
import sys

from sim.calibrate import command as calibrate_command
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
    design_command,
    viz_command,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bordersim",
        description="Agent-based simulator of automation, displacement and retraining policy "
        "in the Mexico-US border manufacturing corridor.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
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
