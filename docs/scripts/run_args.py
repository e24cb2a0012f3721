"""The command line the docs' measurement scripts share: how many seeds (1..N) and the
population scale, each refused with a one-line message when out of range."""

from __future__ import annotations

import argparse


def seeds_and_scale(doc: str, seeds: int, least: int, scale: float = 0.05) -> tuple[int, float]:
    """Parse --seeds (default `seeds`, at least `least`) and --scale (`scale`, in (0, 1])."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=seeds, help=f"seeds 1..N (default {seeds})")
    parser.add_argument("--scale", type=float, default=scale, help=f"population scale ({scale})")
    args = parser.parse_args()
    if args.seeds < least:
        parser.error(f"--seeds {args.seeds}: allowed is a whole number of {least} or more")
    if not 0 < args.scale <= 1:
        parser.error(f"--scale {args.scale}: allowed is a number above 0 and at most 1")
    return args.seeds, args.scale
