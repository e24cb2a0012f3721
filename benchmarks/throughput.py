"""The timing loop the throughput benchmarks share: 1..N local workers and a Dask
LocalCluster in turn, each job timed whole, with its parallel efficiency against one local
worker: (rate with N workers / rate with 1) / N."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator


def add_backend_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster")


def timed_backends(
    args: argparse.Namespace, job: Callable[[str, int], None]
) -> Iterator[tuple[str, int, float, str]]:
    """Run `job(backend, workers)` for every case; yield (label, workers, seconds, efficiency)."""
    cases = [("local", n) for n in args.workers]
    if not args.no_dask:
        cases.append(("dask LocalCluster", max(args.workers)))
    base_rate = None
    for label, workers in cases:
        backend = "dask" if label.startswith("dask") else "local"
        started = time.perf_counter()
        job(backend, workers)
        seconds = time.perf_counter() - started
        rate = 1.0 / seconds
        if base_rate is None and backend == "local" and workers == 1:
            base_rate = rate
        yield label, workers, seconds, f"{rate / base_rate / workers:.0%}" if base_rate else "-"
