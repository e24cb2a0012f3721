"""Juárez's output against its jobs, 2023-06 -> 2024-10, in the baseline: the check behind
docs/model.md §8 "Juárez: output against jobs".

Observed, Juárez's road exports rose 19.6 % while its IMMEX jobs fell 13.2 % (observed.csv):
labour per dollar exported fell by about 27 % in 16 months. This prints the same three changes
for the model's Juárez over seeds: its plants' output (each plant's demand from the US sector
path, the country shift and US robots, times its output share, summed over the city's plants in
their start jobs, so that exits and entries count), its filled manufacturing jobs, and jobs per
unit of output.

    uv run python docs/scripts/juarez_output.py            # seeds 1-10 at the default scale
    uv run python docs/scripts/juarez_output.py --seeds 3
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from sim.config import load_scenario
from sim.model import BorderModel

BASELINE = Path(__file__).resolve().parents[2] / "configs" / "baseline.yaml"
CITY = "ciudad_juarez_mx"
FIRST, LAST = "2023-06", "2024-10"
OBSERVED = {"output": 0.196, "jobs": 283_284 / 326_388 - 1}  # road exports; IMMEX jobs


def juarez_at(model: BorderModel, city: int) -> tuple[float, float]:
    """Juárez's output (in start jobs: each active plant's start jobs times its output relative
    to its start) and its filled jobs, this month."""
    plants, demand = model.plants, model.demand
    here = (plants.city == city) & plants.active
    size = (plants.ops_demand0 + plants.tech_base) * plants.weight
    market = demand.by_plant / demand.wage_factor  # the wage channel moves jobs, not sales
    output = (market * plants.output_share * size)[here].sum()
    jobs = (plants.headcount.sum(axis=1) * plants.weight)[here].sum()
    return float(output), float(jobs)


def changes(seed: int) -> dict[str, float]:
    """Relative changes FIRST -> LAST of output, jobs and jobs per unit of output, one seed."""
    model = BorderModel(load_scenario(BASELINE, []), seed=seed)
    city = [c.id for c in model.cities].index(CITY)
    seen: dict[str, tuple[float, float]] = {}
    while model.running and LAST not in seen:
        model.step()
        if model.date in (FIRST, LAST):
            seen[model.date] = juarez_at(model, city)
    (out0, jobs0), (out1, jobs1) = seen[FIRST], seen[LAST]
    return {
        "output": out1 / out0 - 1,
        "jobs": jobs1 / jobs0 - 1,
        "jobs per output": (jobs1 / out1) / (jobs0 / out0) - 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 1..N (default 10)")
    seeds = parser.parse_args().seeds
    if seeds < 1:
        parser.error(f"--seeds {seeds}: allowed is a whole number of 1 or more")
    runs = []
    for seed in range(1, seeds + 1):
        runs.append(changes(seed))
        print(f"seed {seed}: " + ", ".join(f"{k} {v:+.1%}" for k, v in runs[-1].items()))
    per_output = (1 + OBSERVED["jobs"]) / (1 + OBSERVED["output"]) - 1
    observed = {**OBSERVED, "jobs per output": per_output}
    print(f"\nCiudad Juárez {FIRST} -> {LAST}, mean (5th-95th percentile) over {seeds} seeds")
    for key, seen in observed.items():
        values = np.array([run[key] for run in runs])
        low, high = np.percentile(values, [5, 95])
        print(f"  {key:16s} {values.mean():+.1%} ({low:+.1%}..{high:+.1%})   observed {seen:+.1%}")


if __name__ == "__main__":
    main()
