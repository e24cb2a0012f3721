"""`bordersim sweep` and `bordersim analyze`."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.argtypes import check_out_dir, positive_int


def register(subparsers: argparse._SubParsersAction) -> None:
    sweep = subparsers.add_parser(
        "sweep", help="run a policy sweep (resumable; local processes or Dask)"
    )
    sweep.add_argument("sweep_file", type=Path, help="sweep YAML, e.g. configs/sweeps/smoke.yaml")
    sweep.add_argument("--out", type=Path, help="sweep folder (default results/sweeps/<name>/)")
    sweep.add_argument(
        "--workers", type=positive_int, help="worker processes (default: one per core)"
    )
    sweep.add_argument("--backend", choices=("local", "dask"), default="local")
    sweep.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)",
    )
    sweep.add_argument(
        "--fresh",
        "--force",
        action="store_true",
        help="discard what an earlier sweep (or other command) wrote in the folder",
    )
    sweep.set_defaults(handler=_sweep)

    analyze = subparsers.add_parser(
        "analyze", help="sensitivity indices and policy-response plots for a sweep folder"
    )
    analyze.add_argument("folder", type=Path, help="a sweep folder written by `bordersim sweep`")
    analyze.add_argument(
        "--output",
        dest="outputs",
        action="append",
        metavar="SUMMARY",
        help="summary column to analyse (repeatable; default: every summary)",
    )
    analyze.set_defaults(handler=_analyze)


def _sweep(args: argparse.Namespace) -> int:
    from sim.errors import UserError

    if args.scheduler and args.backend != "dask":
        raise UserError(f"--scheduler {args.scheduler}: only allowed with --backend dask")
    if args.out is not None:
        check_out_dir(args.out)
    from sim.sweep.plan import load_sweep

    plan = load_sweep(args.sweep_file)
    from sim.pipeline import check_scheduler, start_local_workers

    if args.scheduler:
        check_scheduler(args.scheduler)
    if args.backend == "local":
        start_local_workers()
    from rich.console import Console

    from sim.sweep.runner import run_sweep

    report = run_sweep(plan, args.out, args.backend, args.workers, args.scheduler, args.fresh)
    Console().print(
        f"{report.total} runs: {report.skipped} already done, {report.done} ran, "
        f"{report.failed} without result, {report.restarts} pool restarts, "
        f"{report.seconds:.1f} s -> {report.folder}/results.parquet"
    )
    return 1 if report.failed else 0


def _analyze(args: argparse.Namespace) -> int:
    from rich.console import Console

    from sim.sweep.analyze import analyze

    written = analyze(args.folder, args.outputs)
    Console().print("wrote " + ", ".join(str(p) for p in written))
    return 0
