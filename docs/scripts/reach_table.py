"""The measurements of docs/model.md 7.6.3: public seats open to the city's unemployed outside
manufacturing (`training.stock_application_share` 1) against closed to them (0), for the
baseline and `configs/scenarios/extreme_policy.yaml`.

Each scenario runs both ways on the same seeds (common random numbers). Completions are summed
over 2022-2030 (both countries); people in a course, Mexican unemployed, labour force,
unemployment rate and informality are means over 2030, each the mean over the seeds.

    uv run python docs/scripts/reach_table.py               # seeds 1-4 at scale 0.05
    uv run python docs/scripts/reach_table.py --seeds 2 --scale 0.02
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from run_args import seeds_and_scale

from sim.config import load_scenario
from sim.pipeline import Execution, Keep, RunTask, run_in_memory

CONFIGS = Path(__file__).resolve().parents[2] / "configs"
SCENARIOS = {
    "baseline": CONFIGS / "baseline.yaml",
    "extreme_policy": CONFIGS / "scenarios" / "extreme_policy.yaml",
}
MEASURES = ("completions", "in_course", "unemployed", "labour_force", "rate", "informality")


def measure(path: Path, share: int, seeds: list[int], scale: float) -> np.ndarray:
    """The seeds' mean of each of MEASURES with the channel's share set to `share`."""
    overrides = [
        f"population.population_scale={scale}",
        f"training.stock_application_share={share}",
    ]
    scenario = load_scenario(path, overrides)
    tasks = [RunTask.of(scenario, seed, Keep(cities=False)) for seed in seeds]
    rows = []
    for frame, _ in run_in_memory(tasks, Execution()):
        months = frame.set_index("date")
        year = months.loc["2030-01":"2030-12"]
        rows.append(
            [
                months["training_completions_month"].sum(),
                year["in_training"].mean(),
                year["unemployed_mx"].mean(),
                year["labour_force_mx"].mean(),
                year["unemployment_rate_mx"].mean(),
                year["informality_rate_mx"].mean(),
            ]
        )
    return np.mean(rows, axis=0)


def main() -> None:
    count, scale = seeds_and_scale(__doc__, seeds=4, least=1)
    seeds = list(range(1, count + 1))
    for name, path in SCENARIOS.items():
        on = dict(zip(MEASURES, measure(path, 1, seeds, scale), strict=True))
        off = dict(zip(MEASURES, measure(path, 0, seeds, scale), strict=True))
        print(
            f"{name}: completions {off['completions']:,.0f} -> {on['completions']:,.0f} "
            f"({on['completions'] - off['completions']:+,.0f}); in a course "
            f"{on['in_course'] - off['in_course']:+,.0f}; unemployed "
            f"{on['unemployed'] - off['unemployed']:+,.0f}; labour force "
            f"{on['labour_force'] - off['labour_force']:+,.0f}; unemployment rate "
            f"{100 * off['rate']:.2f} % -> {100 * on['rate']:.2f} %; informality "
            f"{100 * (on['informality'] - off['informality']):+.2f} points"
        )


if __name__ == "__main__":
    main()
