"""argparse value types shared by the subcommands (kept apart from `sim.cli`, which imports the
command modules, so no command module imports back from the entry point)."""

from __future__ import annotations

import argparse


def non_negative_int(text: str) -> int:
    """A whole number >= 0 (seeds, counts)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; must be >= 0")
    return value


def positive_int(text: str) -> int:
    """A whole number >= 1 (workers)."""
    value = non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value
