"""`bordersim reproduce EXPERIMENT | --all`."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sim.argtypes import check_out_dir, positive_int
from sim.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reproduce", help="re-run an experiment and compare with its committed reference"
    )
    parser.add_argument(
        "experiment", nargs="?", type=Path, help="e.g. experiments/02-policy-comparison"
    )
    parser.add_argument("--all", action="store_true", help="every experiment under experiments/")
    parser.add_argument("--reduced", action="store_true", help="the small version the tests run")
    parser.add_argument(
        "--out", type=Path, help="output folder (default: a fresh results/scratch/...)"
    )
    parser.add_argument("--workers", type=positive_int, help="processes (default: one per core)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace what another experiment or command wrote in the --out folder",
    )
    parser.add_argument(
        "--update-reference",
        action="store_true",
        help="maintainers: write this run as the committed reference in results/<experiment>/",
    )
    parser.set_defaults(handler=_reproduce)


def all_experiments() -> list[Path]:
    from sim.config import PROJECT_ROOT

    return sorted(p.parent for p in (PROJECT_ROOT / "experiments").glob("*/experiment.yaml"))


def _reproduce(args: argparse.Namespace) -> int:
    if bool(args.experiment) == bool(args.all):
        raise UserError("reproduce: give one experiment folder or --all (not both, not neither)")
    if args.out is not None:
        check_out_dir(args.out)
    from rich.console import Console
    from rich.table import Table

    from sim.config import PROJECT_ROOT
    from sim.experiments.execute import run_all
    from sim.experiments.reproduce import (
        default_out,
        planned_tasks,
        read_reference,
        reference_dir,
        reproduce,
    )
    from sim.experiments.spec import load_experiment
    from sim.run.claim import claim

    if args.all:
        folders = all_experiments()
        session = (
            args.out
            or PROJECT_ROOT / "results" / "scratch" / f"all-{time.strftime('%Y%m%d-%H%M%S')}"
        )
        specs = {folder: load_experiment(folder) for folder in folders}  # validate all first
        if not args.update_reference:
            for folder in folders:
                read_reference(reference_dir(folder, args.reduced))
        identity = {"experiment": "all", "definition_hash": f"all-reduced-{args.reduced}"}
        claim(session, "reproduction", identity, args.force)
        tasks = [
            t
            for f, s in specs.items()
            if s.kind != "sensitivity"
            for t in planned_tasks(s, args.reduced)
        ]
        run_all(tasks, session, args.workers)  # one progress bar over every run
        outcomes = [
            reproduce(
                f,
                session / f.name,
                args.reduced,
                args.workers,
                args.update_reference,
                store_dir=session,
                force=args.force,
            )
            for f in folders
        ]
    else:
        folder = args.experiment
        if not (folder / "experiment.yaml").is_file():
            raise UserError(f"{folder}: not an experiment folder (no experiment.yaml)")
        load_experiment(folder)
        outcomes = [
            reproduce(
                folder,
                args.out or default_out(folder, args.reduced),
                args.reduced,
                args.workers,
                args.update_reference,
                force=args.force,
            )
        ]
    table = Table(title="reproduction")
    for column in ("experiment", "numbers", "mismatches", "seconds", "mode", "result"):
        table.add_column(column)
    for o in outcomes:
        table.add_row(
            o.experiment,
            str(o.compared),
            str(o.mismatches),
            f"{o.seconds:.0f}",
            "exact" if o.exact else "tolerance",
            f"[yellow]updated ({o.mismatches} moved)"
            if o.updated
            else "[green]pass"
            if o.passed
            else "[red]FAIL",
        )
    Console().print(table)
    return 0 if all(o.passed for o in outcomes) else 1
