"""Argument values shared by the subcommands: argparse types and the --out check (kept apart
from `sim.cli`, which imports the command modules, so no command module imports back from it)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sim.errors import UserError


def non_negative_int(text: str) -> int:
    """A whole number >= 0 (seeds, counts)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; must be >= 0")
    return value


MAX_SEED = 2**63 - 1  # a config's `seed` has the same bound


def seed_number(text: str) -> int:
    """A random seed: a whole number within 0..2**63-1, as in a config's `seed`."""
    value = non_negative_int(text)
    if value > MAX_SEED:
        raise argparse.ArgumentTypeError(f"{value} is too large; must be within 0..{MAX_SEED}")
    return value


def positive_int(text: str) -> int:
    """A whole number >= 1 (workers)."""
    value = non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def check_out_dir(path: Path) -> None:
    """Refuse, before anything runs, an --out that is a file, lies under a file or cannot be
    written: the run would otherwise fail only after simulating."""
    if path.exists() and not path.is_dir():
        raise UserError(f"--out {path}: is an existing file; give a folder (new or existing)")
    ancestor = path
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise UserError(f"--out {path}: {ancestor} is a file, so no folder can be made under it")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise UserError(f"--out {path}: {ancestor} is not writable")
