"""Sweep throughput: runs per minute of the smoke sweep on 1 and 2 local workers and on a
Dask LocalCluster, and the parallel efficiency; or, with --e5, of a sample of experiment E5's
Sobol sweep, with the projected time of the full E5.

    uv run python benchmarks/sweep_throughput.py               # smoke sweep x 6 seeds (24 runs)
    uv run python benchmarks/sweep_throughput.py --replicates 2 --workers 1 2 4
    uv run python benchmarks/sweep_throughput.py --e5 32       # E5's sweep at Saltelli n = 32

Each measurement is a fresh sweep folder timed from the start of `run_sweep` to its compacted
table. The local pool's forkserver is warmed first (its one-time import of the model is paid by
the first measurement otherwise); the Dask figure includes starting the LocalCluster and its
workers' imports, as a user pays them. Efficiency = (rate with N workers / rate with 1) / N.

--e5 N runs experiment E5's sweep (`experiments/05-sensitivity`: seven levers, 2022-2030 at
population_scale 0.004) with a Saltelli base size of N instead of the experiment's, on local
workers, and projects the full experiment's time from the distinct runs per minute. It also
prints the CPU seconds per run of the worker processes (sampled every half second), which
other jobs on the machine inflate less than the wall time.
Timings on a shared machine are noisy: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from throughput import add_backend_arguments, timed_backends  # noqa: E402

from sim.pipeline import execute, start_local_workers  # noqa: E402
from sim.sweep.designs import point_values, unit_matrix  # noqa: E402
from sim.sweep.plan import SweepPlan, load_sweep  # noqa: E402
from sim.sweep.runner import run_sweep  # noqa: E402

SMOKE = ROOT / "configs" / "sweeps" / "smoke.yaml"
E5 = ROOT / "experiments" / "05-sensitivity" / "experiment.yaml"


def bench_plan(sweep: Path, folder: Path, **changes: object) -> SweepPlan:
    """A shipped sweep with some of its top-level entries changed, planned from a copy."""
    data = yaml.safe_load(sweep.read_text(encoding="utf-8"))
    data["base"] = str((sweep.parent / data["base"]).resolve())
    data.update(changes)
    path = folder / f"bench-{sweep.name}"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_sweep(path)


def smoke_plan(replicates: int, folder: Path) -> SweepPlan:
    """The smoke sweep with more seeds per point (the workload stays the smoke sweep's)."""
    seeds = yaml.safe_load(SMOKE.read_text(encoding="utf-8"))["seeds"]
    return bench_plan(SMOKE, folder, seeds={**seeds, "replicates": replicates})


def measure(plan, folder: Path, backend: str, workers: int) -> None:
    report = run_sweep(plan, folder, backend=backend, workers=workers, progress=False)
    if report.failed:
        raise SystemExit(f"{report.failed} runs failed in {folder}")


def distinct_runs(plan: SweepPlan, n: int) -> int:
    """Distinct runs of the plan's sweep at Saltelli base size n (a discrete lever makes some
    points repeat), counted from the design alone."""
    design = plan.spec.design.model_copy(update={"n": n})
    parameters = plan.spec.parameters
    points = {repr(point_values(row, parameters)) for row in unit_matrix(design, parameters)}
    return len(points) * plan.spec.seeds.replicates


class WorkerCPU:
    """CPU seconds of the processes this one starts while in use (the pool's workers), sampled
    every half second; a process's last sample is kept after it exits."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self._before: set[int] = set()  # the forkserver and its helpers, started earlier
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            for child in psutil.Process().children(recursive=True):
                if child.pid in self._before:
                    continue
                try:
                    times = child.cpu_times()
                except psutil.Error:
                    continue
                self.seen[child.pid] = times.user + times.system

    def __enter__(self) -> WorkerCPU:
        self._before = {child.pid for child in psutil.Process().children(recursive=True)}
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def e5_sample(n: int, workers: int, scratch: Path) -> None:
    """Run E5's sweep at Saltelli base size n; print its rate and the full E5's projected
    time, from the wall time (as loaded now) and from the workers' CPU (cores to itself)."""
    experiment = yaml.safe_load(E5.read_text(encoding="utf-8"))
    sweep = ROOT / experiment["sweep"]
    full_n = experiment["sobol"]["n"]
    spec = yaml.safe_load(sweep.read_text(encoding="utf-8"))
    plan = bench_plan(sweep, scratch, design={**spec["design"], "n": n})
    runs, full_runs = distinct_runs(plan, n), distinct_runs(plan, full_n)
    start_local_workers()
    execute(plan.tasks[:1], lambda task, result: None, workers=1)  # warm the forkserver
    print(f"E5 sample: Saltelli n = {n}, {len(plan.tasks)} points, {runs} distinct runs")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with WorkerCPU() as cpu:
        started = time.perf_counter()
        measure(plan, scratch / "e5", "local", workers)
        seconds = time.perf_counter() - started
    rate = runs / seconds * 60
    cpu_per_run = cpu.seconds / runs
    print(f"{workers} local workers: {seconds:.1f} s, {rate:.1f} runs/min")
    print(
        f"per run: {cpu_per_run:.2f} s of worker CPU, "
        f"{seconds * workers / runs:.2f} s of wall time per worker"
    )
    print(
        f"projected full E5 (n = {full_n}, {full_runs} distinct runs) on {workers} workers: "
        f"{full_runs / rate:.0f} min at this load, "
        f"{full_runs * cpu_per_run / workers / 60:.0f} min with the cores to itself"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=6, help="seeds per point (default 6)")
    parser.add_argument("--e5", type=int, metavar="N", help="E5's sweep at Saltelli n = N")
    add_backend_arguments(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if args.e5:
            e5_sample(args.e5, max(args.workers), scratch)
            return
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
