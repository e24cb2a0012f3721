"""How bordersim scales: the whole corridor up to 1:1, against a trivial Mesa model.

    uv run python benchmarks/scale.py                 # scales 0.01, 0.1, 1.0 + yardsticks
    uv run python benchmarks/scale.py --flows         # also: cost follows flows, not stock
    uv run python benchmarks/scale.py --scales 0.01 --config configs/baseline.yaml

Every measurement runs in a fresh subprocess, so peak RSS belongs to that run alone. A model
run times the build (`BorderModel(...)`) and every month (`model.step()`) of the configured
horizon. The yardstick is a trivial Mesa model with the same number of agents, each adding 1
to a number, stepped with `model.agents.shuffle_do("step")`; the ratio is one trivial step
over one of our months. Prints plain tables (and the machine load, since timings on a shared
machine are noisy); `--json FILE` also writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

YARDSTICK_STEPS = 3


# --------------------------------------------------------------------------- children
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure_model(config: Path, overrides: list[str], seed: int) -> dict:
    """Build and run one scenario, timing the build and each month."""
    from sim.config import load_scenario
    from sim.model import BorderModel
    from sim.run.progress import month_progress

    scenario = load_scenario(config, overrides)
    started = time.perf_counter()
    model = BorderModel(scenario, seed=seed)
    build = time.perf_counter() - started
    agents = len(model.agents)
    workers = model.workers.alive_count()
    months: list[float] = []
    cpu: list[float] = []
    seekers = 0
    with month_progress(model.horizon, f"scale {scenario.population.population_scale}") as bar:
        while model.running:
            tick, tock = time.perf_counter(), time.process_time()
            model.step()
            months.append(time.perf_counter() - tick)
            cpu.append(time.process_time() - tock)
            seekers += len(model.workers.unemployed_pool())  # untimed: the month is over
            bar(model.steps)
    flows = model.flows.total
    moved = sum(
        float(flows[name].sum())
        for name in (
            "quits",
            "hires",
            "displaced",
            "retirements",
            "to_other_sector",
            "to_informal",
            "enrolled",
        )
    )
    return {
        "scale": scenario.population.population_scale,
        "agents": agents,
        "workers": workers,
        "plants": int(model.plants.n),
        "build_s": build,
        "month_mean_s": sum(months) / len(months),
        "month_max_s": max(months),
        "month_cpu_mean_s": sum(cpu) / len(cpu),
        "months": len(months),
        "total_s": time.perf_counter() - started,
        # quits, hires (outsiders entering among them), displaced, departures, enrolled
        "moves_per_month": moved / len(months),
        "seekers_per_month": seekers / len(months),  # job seekers searching each month
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_yardstick(n_agents: int, steps: int = YARDSTICK_STEPS) -> dict:
    """A trivial Mesa model: n agents, one numeric update each, `shuffle_do("step")`."""
    import mesa

    class Trivial(mesa.Agent):
        def __init__(self, model: mesa.Model) -> None:
            super().__init__(model)
            self.value = 0.0

        def step(self) -> None:
            self.value += 1.0

    model = mesa.Model(rng=0)
    started = time.perf_counter()
    Trivial.create_agents(model, n_agents)
    build = time.perf_counter() - started
    times, cpu = [], []
    for _ in range(steps):
        tick, tock = time.perf_counter(), time.process_time()
        model.agents.shuffle_do("step")
        times.append(time.perf_counter() - tick)
        cpu.append(time.process_time() - tock)
    return {
        "agents": n_agents,
        "build_s": build,
        "step_mean_s": sum(times) / len(times),
        "step_cpu_mean_s": sum(cpu) / len(cpu),
        "peak_rss_mb": peak_rss_mb(),
    }


# --------------------------------------------------------------------------- parent
def in_subprocess(*args: str) -> dict:
    """Run this script as a child process and return the result it writes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        subprocess.run([sys.executable, __file__, "--child", str(out), *args], check=True, cwd=ROOT)
        return json.loads(out.read_text())


def model_run(config: Path, seed: int, overrides: list[str]) -> dict:
    return in_subprocess("model", str(config), str(seed), *overrides)


def machine() -> str:
    cpus = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {cpus} cores, {memory:.0f} GB, Python {platform.python_version()}"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("| " + " | ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |")


def scale_table(config: Path, seed: int, scales: list[float]) -> list[dict]:
    results = []
    for scale in scales:
        run = model_run(config, seed, [f"population.population_scale={scale}"])
        run["yardstick"] = in_subprocess("yardstick", str(run["agents"]))
        run["load_after"] = load()
        results.append(run)
    rows = []
    for r in results:
        stick = r["yardstick"]["step_mean_s"]
        stick_cpu = r["yardstick"]["step_cpu_mean_s"]
        rows.append(
            [
                f"{r['scale']:g}",
                f"{r['workers']:,}",
                f"{r['plants']:,}",
                f"{r['build_s']:.2f}",
                f"{r['month_mean_s'] * 1e3:.1f}",
                f"{r['month_max_s'] * 1e3:.1f}",
                f"{r['total_s']:.1f}",
                f"{r['peak_rss_mb']:,.0f}",
                f"{stick * 1e3:,.0f}",
                f"1/{stick / r['month_mean_s']:.1f}",
                f"1/{stick_cpu / r['month_cpu_mean_s']:.1f}",
            ]
        )
    print_table(
        f"bordersim {config.name}, {results[0]['months']} months (seed {seed})",
        [
            "scale",
            "workers",
            "plants",
            "build s",
            "month ms (mean)",
            "month ms (max)",
            "run s (total)",
            "peak RSS MB",
            "trivial Mesa step ms",
            "our month / trivial step",
            "same, CPU time",
        ],
        rows,
    )
    return results


def flows_tables(config: Path, seed: int, horizon_end: str) -> dict:
    """Month cost when flows change at fixed stock, and when stock changes at fixed flows
    (CPU time: these short runs are too brief for wall time on a shared machine)."""
    from sim.config import load_scenario

    base = load_scenario(config, []).labour
    end = f"time.end={horizon_end}"

    def quits(factor: float) -> list[str]:
        return [
            f"labour.quit_rate_month.mx={base.quit_rate_month.mx * factor}",
            f"labour.quit_rate_month.us={base.quit_rate_month.us * factor}",
        ]

    fixed_stock = [
        (f, model_run(config, seed, ["population.population_scale=1.0", end, *quits(f)]))
        for f in (0.5, 1.0, 2.0)
    ]
    fixed_flows = [
        (s, model_run(config, seed, [f"population.population_scale={s}", end, *quits(0.25 / s)]))
        for s in (0.25, 0.5, 1.0)
    ]
    header = [
        "scale",
        "quit rate x",
        "workers (stock)",
        "moves / month",
        "job seekers / month",
        "month CPU ms",
        "CPU us per agent touched",
    ]

    def row(scale: float, factor: float, r: dict) -> list[str]:
        touched = r["moves_per_month"] + r["seekers_per_month"]
        return [
            f"{scale:g}",
            f"{factor:g}",
            f"{r['workers']:,}",
            f"{r['moves_per_month']:,.0f}",
            f"{r['seekers_per_month']:,.0f}",
            f"{r['month_cpu_mean_s'] * 1e3:.1f}",
            f"{r['month_cpu_mean_s'] / max(touched, 1.0) * 1e6:.2f}",
        ]

    print_table(
        f"fixed stock (scale 1.0), quit rates x0.5, x1, x2; {horizon_end} horizon",
        header,
        [row(1.0, f, r) for f, r in fixed_stock],
    )
    print_table(
        "fixed quits (scale x quit rate constant), stock x1, x2, x4",
        header,
        [row(s, 0.25 / s, r) for s, r in fixed_flows],
    )
    return {"fixed_stock": fixed_stock, "fixed_flows": fixed_flows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=ROOT / "configs" / "baseline.yaml")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--scales", type=float, nargs="+", default=[0.01, 0.1, 1.0])
    parser.add_argument("--flows", action="store_true", help="also run the flows-vs-stock runs")
    parser.add_argument("--flows-end", default="2023-12", help="end month of the flows runs")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        out, kind, *rest = args.child
        if kind == "yardstick":
            result = measure_yardstick(int(rest[0]))
        else:
            result = measure_model(Path(rest[0]), rest[2:], int(rest[1]))
        Path(out).write_text(json.dumps(result))
        return 0

    print(f"machine: {machine()}")
    print(f"before: {load()}")
    results: dict = {"machine": machine(), "load_before": load()}
    results["scales"] = scale_table(args.config, args.seed, args.scales)
    if args.flows:
        results["flows"] = flows_tables(args.config, args.seed, args.flows_end)
    results["load_after"] = load()
    print(f"\nafter: {results['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
