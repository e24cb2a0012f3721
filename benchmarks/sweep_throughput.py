"""Sweep throughput: runs per minute of the smoke sweep on 1 and 2 local workers and on a
Dask LocalCluster, and the parallel efficiency.

    uv run python benchmarks/sweep_throughput.py               # smoke sweep x 6 seeds (24 runs)
    uv run python benchmarks/sweep_throughput.py --replicates 2 --workers 1 2 4

Each measurement is a fresh sweep folder timed from the start of `run_sweep` to its compacted
table. The local pool's forkserver is warmed first (its one-time import of the model is paid by
the first measurement otherwise); the Dask figure includes starting the LocalCluster and its
workers' imports, as a user pays them. Efficiency = (rate with N workers / rate with 1) / N.
Timings on a shared machine are noisy: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from throughput import add_backend_arguments, timed_backends  # noqa: E402

from sim.pipeline import execute, start_local_workers  # noqa: E402
from sim.sweep.plan import load_sweep  # noqa: E402
from sim.sweep.runner import run_sweep  # noqa: E402

SMOKE = ROOT / "configs" / "sweeps" / "smoke.yaml"


def smoke_plan(replicates: int, folder: Path):
    """The smoke sweep with more seeds per point (the workload stays the smoke sweep's)."""
    data = yaml.safe_load(SMOKE.read_text(encoding="utf-8"))
    data["base"] = str((SMOKE.parent / data["base"]).resolve())
    data["seeds"]["replicates"] = replicates
    path = folder / "smoke-bench.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_sweep(path)


def measure(plan, folder: Path, backend: str, workers: int) -> None:
    report = run_sweep(plan, folder, backend=backend, workers=workers, progress=False)
    if report.failed:
        raise SystemExit(f"{report.failed} runs failed in {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=6, help="seeds per point (default 6)")
    add_backend_arguments(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        plan = smoke_plan(args.replicates, scratch)
        runs = len(plan.tasks)
        start_local_workers()
        execute(plan.tasks[:1], lambda task, result: None, workers=1)  # warm the forkserver
        print(f"smoke sweep: {runs} runs ({len(plan.points)} points x {args.replicates} seeds)")
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        print(f"{'backend':<22}{'workers':>8}{'seconds':>10}{'runs/min':>10}{'efficiency':>12}")
        cases = timed_backends(
            args, lambda backend, n: measure(plan, scratch / f"{backend}-{n}", backend, n)
        )
        for name, workers, seconds, efficiency in cases:
            rate = runs / seconds * 60
            print(f"{name:<22}{workers:>8}{seconds:>10.1f}{rate:>10.1f}{efficiency:>12}")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
