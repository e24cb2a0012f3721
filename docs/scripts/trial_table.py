"""The in-model training trial's table in docs/model.md 7.6.1: intention-to-treat effects on
employment 6, 12, 24 and 36 months after assignment, with the course's returns to human capital
and without them, and the returns' part seed by seed.

Each seed runs `configs/scenarios/training_trial.yaml` twice, with the baseline returns and with
`training.human_capital_rise_by_year` = [0, 0, 0]: a common-random-number pair. A column's entry
is the mean of the seeds' estimates (offer - control, in points) with its 95 % t interval over
the seeds (`sim.experiments.paired.paired`).

    uv run python docs/scripts/trial_table.py               # seeds 1-16 at scale 0.05
    uv run python docs/scripts/trial_table.py --seeds 4 --scale 0.02
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from run_args import seeds_and_scale

from sim.config import load_scenario
from sim.experiments.paired import paired
from sim.model import BorderModel
from sim.outcomes import trial_effects

TRIAL = Path(__file__).resolve().parents[2] / "configs" / "scenarios" / "training_trial.yaml"
NO_RETURNS = "training.human_capital_rise_by_year=[0, 0, 0]"
OUTCOMES = {"employed": "any job", "formal": "formal job"}


def effects(seed: int, scale: float, overrides: list[str]) -> pd.Series:
    """One run's intention-to-treat effects in points, indexed by (outcome, months)."""
    scenario = load_scenario(TRIAL, [f"population.population_scale={scale}", *overrides])
    model = BorderModel(scenario, seed=seed)
    model.run()
    table = trial_effects(model).set_index(["outcome", "months"])
    return 100.0 * table["itt"]


def cell(values: np.ndarray, reference: np.ndarray) -> str:
    """Mean paired difference and its 95 % interval, one decimal."""
    p = paired(values, reference)
    return f"{p.difference:.1f} ({p.ci_low:.1f}, {p.ci_high:.1f})".replace("-", "−")


def main() -> None:
    count, scale = seeds_and_scale(__doc__, seeds=16, least=2)
    with_returns, without = [], []
    for seed in range(1, count + 1):
        with_returns.append(effects(seed, scale, []))
        without.append(effects(seed, scale, [NO_RETURNS]))
        print(f"seed {seed} done", flush=True)
    a, b = pd.concat(with_returns, axis=1), pd.concat(without, axis=1)
    zero = np.zeros(count)
    print("\n| outcome | months | with returns | without returns | returns' part |")
    print("| --- | --- | --- | --- | --- |")
    for (outcome, months), row in a.sort_index().iterrows():
        other = b.loc[(outcome, months)].to_numpy()
        mine = row.to_numpy()
        print(
            f"| {OUTCOMES[outcome]} | {months} | {cell(mine, zero)} | {cell(other, zero)} | "
            f"{cell(mine, other)} |"
        )


if __name__ == "__main__":
    main()
