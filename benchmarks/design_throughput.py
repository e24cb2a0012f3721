"""Policy-design throughput: lever-mix evaluations per minute of a small NSGA-II optimisation
on 1 and 2 local workers and on a Dask LocalCluster, beside the sweep benchmark's workload.

    uv run python benchmarks/design_throughput.py                  # 24 mixes x 1 seed
    uv run python benchmarks/design_throughput.py --seeds 2 --workers 1 2 4

The workload matches benchmarks/sweep_throughput.py: runs of 18 months (2022-01..2023-06) at
population_scale 0.003; here 24 lever mixes (3 generations of 8) x `--seeds` runs each. Each
measurement is a fresh design folder timed from the start of `optimize` to its report. The
local forkserver is warmed first; the Dask figure includes starting the LocalCluster, as a user
pays it. Unlike a sweep, an optimisation waits for each generation before asking for the next,
so a generation's slowest run idles the other workers. Efficiency = (rate with N / rate with 1)
/ N. Timings on a shared machine are noisy: the load average is printed with them.
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

from sim.design.optimize import optimize  # noqa: E402
from sim.design.spec import OptimizeSpec, load_spec  # noqa: E402
from sim.pipeline import start_local_workers  # noqa: E402

SPEC = {
    "name": "design-bench",
    "base": str(ROOT / "configs" / "baseline.yaml"),
    "set": {"population.population_scale": 0.003, "time.end": "2023-06"},
    "levers": {
        "policy.retraining_subsidy": {"range": [0.0, 1.0]},
        "policy.training_capacity_multiplier": {"range": [0.5, 5.0]},
    },
    "objectives": [
        {"summary": "public_spending_usd_cum@2023-06"},
        {"summary": "mean(unemployment_rate_mx)@2023-01..2023-06"},
    ],
    "search": {"evaluations": 24, "population": 8, "seed": 1},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="runs per lever mix (default 1)")
    add_backend_arguments(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        spec_file = scratch / "design-bench.yaml"
        spec_file.write_text(
            yaml.safe_dump({**SPEC, "seeds": {"base": 1, "replicates": args.seeds}}),
            encoding="utf-8",
        )
        loaded = load_spec(spec_file, OptimizeSpec)
        start_local_workers()
        mixes = SPEC["search"]["evaluations"]
        runs = mixes * args.seeds
        print(f"optimisation: {mixes} lever mixes x {args.seeds} seeds = {runs} runs")
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        header = f"{'backend':<22}{'workers':>8}{'seconds':>10}{'mixes/min':>11}{'runs/min':>10}"
        print(header + f"{'efficiency':>12}")

        def job(backend: str, workers: int) -> None:
            folder = scratch / f"{backend}-{workers}"
            result = optimize(loaded, folder, progress=False, backend=backend, workers=workers)
            if result.runs_failed or result.runs_ran != runs:
                raise SystemExit(f"{result.runs_failed} failed, {result.runs_ran} of {runs} ran")

        for name, workers, seconds, efficiency in timed_backends(args, job):
            rate = mixes / seconds * 60
            print(
                f"{name:<22}{workers:>8}{seconds:>10.1f}{rate:>11.1f}"
                f"{runs / seconds * 60:>10.1f}{efficiency:>12}"
            )
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
