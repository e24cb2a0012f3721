"""E6's target must be one a policy could meet and has not met already: between the world
without automation and the calibrated world with it, on the search's own seeds and scale. It was
once set 1.5 points above a no-automation level the model no longer had, below that world:
unreachable by construction."""

from pathlib import Path

import numpy as np

from sim.config import load_scenario
from sim.design.futures import run_seeds
from sim.design.spec import OptimizeSpec, load_spec
from sim.pipeline import Execution, Keep, RunTask, run_in_memory

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "configs" / "policy" / "e6_cheapest_mix.yaml"
NO_AUTOMATION = ROOT / "configs" / "counterfactuals" / "no_automation.yaml"
WINDOW = ("2026-01", "2030-12")


def _mean_mx_unemployment(scenario_path: Path, fixed: list[str], seeds: list[int]) -> float:
    """Mean 2026-2030 Mexican unemployment over the seeds (the constraint's summary)."""
    scenario = load_scenario(scenario_path, fixed)
    tasks = [RunTask.of(scenario, seed, Keep(cities=False)) for seed in seeds]
    means = [
        frame.set_index("date").loc[WINDOW[0] : WINDOW[1], "unemployment_rate_mx"].mean()
        for frame, _ in run_in_memory(tasks, Execution())
    ]
    return float(np.mean(means))


def test_cheapest_mix_target_lies_between_no_automation_and_the_baseline() -> None:
    loaded = load_spec(SPEC, OptimizeSpec)
    (constraint,) = loaded.spec.constraints
    assert constraint.summary == f"mean(unemployment_rate_mx)@{WINDOW[0]}..{WINDOW[1]}"
    seeds = run_seeds(loaded.spec.seeds)
    fixed = list(loaded.fixed)
    without = _mean_mx_unemployment(NO_AUTOMATION, fixed, seeds)
    with_automation = _mean_mx_unemployment(loaded.base_path, fixed, seeds)
    assert without < constraint.max < with_automation
