"""`bordersim optimize` and `bordersim discover`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.argtypes import check_out_dir, positive_int


def register(subparsers: argparse._SubParsersAction) -> None:
    optimize = subparsers.add_parser(
        "optimize",
        help="search lever mixes for the cheapest that meet targets (NSGA-II; resumable)",
    )
    optimize.add_argument(
        "spec", type=Path, help="spec YAML, e.g. configs/policy/cheapest_mix.yaml"
    )
    _execution_flags(optimize, "results/design/optimize/<name>/")
    optimize.set_defaults(handler=optimize_command)

    discover = subparsers.add_parser(
        "discover",
        help="find the futures where a policy misses its target (LHS + PRIM/CART; resumable)",
    )
    discover.add_argument(
        "spec", type=Path, help="spec YAML, e.g. configs/policy/reconversion_failure.yaml"
    )
    _execution_flags(discover, "results/design/discover/<name>/")
    discover.set_defaults(handler=discover_command)


def _execution_flags(parser: argparse.ArgumentParser, default_out: str) -> None:
    parser.add_argument("--out", type=Path, help=f"design folder (default {default_out})")
    parser.add_argument(
        "--workers",
        type=positive_int,
        help="worker processes (default: the spec's, else one per core)",
    )
    parser.add_argument(
        "--backend", choices=("local", "dask"), help="where runs execute (default: the spec's)"
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786"
    )
    parser.add_argument(
        "--fresh",
        "--force",
        action="store_true",
        help="discard what an earlier design (or other command) wrote in the folder",
    )


def _execution(args: argparse.Namespace, spec: Any) -> dict:
    """Command line over the spec's `execution:`; an unreachable scheduler is refused here."""
    from sim.errors import UserError

    backend = args.backend or spec.backend
    scheduler = args.scheduler or spec.scheduler
    if args.scheduler and backend != "dask":
        raise UserError(f"--scheduler {args.scheduler}: only allowed with --backend dask")
    from sim.pipeline import check_scheduler, start_local_workers

    if args.out is not None:
        check_out_dir(args.out)
    if backend == "dask" and scheduler:
        check_scheduler(scheduler)
    if backend == "local":
        start_local_workers()
    return {"backend": backend, "workers": args.workers, "scheduler": args.scheduler}


def optimize_command(args: argparse.Namespace) -> int:
    from rich.console import Console

    from sim.design.optimize import optimize
    from sim.design.spec import OptimizeSpec, load_spec

    loaded = load_spec(args.spec, OptimizeSpec)
    result = optimize(
        loaded,
        args.out,
        args.fresh,
        **_execution(args, loaded.spec.execution),
    )
    Console().print(
        f"{len(result.evaluations)} lever mixes ({result.runs_cached} runs from the store, "
        f"{result.runs_ran} ran, {result.runs_failed} failed), {len(result.pareto)} on the "
        f"Pareto front -> {result.folder}/report.md"
    )
    return 1 if result.runs_failed else 0


def discover_command(args: argparse.Namespace) -> int:
    from rich.console import Console

    from sim.design.discover import discover
    from sim.design.spec import DiscoverSpec, load_spec

    loaded = load_spec(args.spec, DiscoverSpec)
    result = discover(
        loaded,
        args.out,
        args.fresh,
        **_execution(args, loaded.spec.execution),
    )
    Console().print(result.headline)
    Console().print(f"-> {result.folder}/report.md")
    return 1 if result.runs_failed else 0
