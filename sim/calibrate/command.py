"""`bordersim calibrate configs/calibration.yaml`: estimate the baseline's behavioural
parameters against the calibration targets and write the report."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calibrate", help="estimate the baseline parameters by simulated moments"
    )
    parser.add_argument("config", type=Path, help="calibration YAML, e.g. configs/calibration.yaml")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="report folder (default results/calibration/)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace what another command wrote in the --out folder",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="do not write the estimates into the base config"
    )
    parser.set_defaults(handler=_calibrate)


def _calibrate(args: argparse.Namespace) -> int:
    from rich.console import Console

    from sim.calibrate.driver import calibrate
    from sim.calibrate.settings import load_calibration
    from sim.config import PROJECT_ROOT

    calibration = load_calibration(args.config)
    args.out = args.out or PROJECT_ROOT / "results" / "calibration"
    if args.no_write:
        calibration.config.write_baseline = False
    facts = calibrate(calibration, args.out, force=args.force)
    console = Console()
    console.print((args.out / "report.md").read_text(encoding="utf-8"))
    where = calibration.base_path if calibration.config.write_baseline else "(not written)"
    console.print(
        f"loss {facts['loss_before']:.2f} -> {facts['loss_after']:.2f}; "
        f"estimates: {where}; report: {args.out}"
    )
    return 0
