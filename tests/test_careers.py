"""Careers after manufacturing: displaced workers and completers followed in the city's stocks
with the stocks' rates, a completer's return acting on every formal job search."""

from __future__ import annotations

import numpy as np

from sim.mechanisms.careers import career_step
from sim.model import BorderModel
from sim.state.codes import CITY_UNEMPLOYED, TO_INFORMAL, TO_OTHER_JOB
from sim.state.workers import TRIAL_OFFER, WORK_FORMAL
from tests.conftest import article_pace, run_model, scenario_with

FORMAL, INFORMAL, JOBLESS = TO_OTHER_JOB, TO_INFORMAL, CITY_UNEMPLOYED


def _step(place: list[int], factor: list[float], draw: list[float]):
    n = len(place)
    return career_step(
        np.array(place),
        np.array(factor),
        np.full(n, 0.02),  # separation
        np.full(n, 0.05),  # informal exit
        np.full(n, 0.4),  # hiring chance
        np.full(n, 0.1),  # informal entry
        np.array(draw),
    )


def test_a_formal_job_ends_with_the_separation_rate():
    new, extra = _step([FORMAL, FORMAL], [1.5, 1.5], [0.019, 0.021])
    assert new.tolist() == [JOBLESS, FORMAL]
    assert not extra.any()


def test_informal_work_ends_with_the_exit_rate_or_a_completer_moves_up():
    # exit below 0.05; a completer with factor 1.5 moves up below 0.05 + 0.4 x 0.5 = 0.25
    new, extra = _step([INFORMAL] * 4, [1.5, 1.5, 1.5, 1.0], [0.04, 0.2, 0.3, 0.2])
    assert new.tolist() == [JOBLESS, FORMAL, INFORMAL, INFORMAL]
    assert extra.tolist() == [False, True, False, False]


def test_the_unemployed_find_a_formal_job_with_the_chance_times_the_factor_else_go_informal():
    # formal below 0.4 x 1.5 = 0.6 (beyond the stocks' rate from 0.4); informal below
    # 0.6 + 0.4 x 0.1 = 0.64; a non-completer: formal below 0.4, informal below 0.46
    new, extra = _step([JOBLESS] * 5, [1.5, 1.5, 1.5, 1.0, 1.0], [0.3, 0.5, 0.62, 0.45, 0.5])
    assert new.tolist() == [FORMAL, FORMAL, INFORMAL, INFORMAL, JOBLESS]
    assert extra.tolist() == [False, True, False, False, False]


def _trial(rise: str) -> BorderModel:
    scenario = scenario_with(
        *article_pace(),
        "trial.enabled=true",
        "trial.start=2023-01",
        "trial.end=2024-06",
        "policy.training_capacity_multiplier=20",
        f"training.human_capital_rise_by_year={rise}",
        # the trial's completers only: the city stock's completers (7.6.3) would share the
        # return and, other formal demand being fixed, take the same vacancies
        "training.stock_application_share=0",
        scale=0.05,
        end="2026-07",
    )
    return run_model(scenario, seed=3)


def _completers_formal_at_24_months(model: BorderModel) -> float:
    w = model.workers
    offered = np.flatnonzero(w.trial_arm[: w.size] == TRIAL_OFFER)
    reached = offered[w.trained[offered] & (w.trial_work_24m[offered] >= 0)]
    assert len(reached) > 50
    return float((w.trial_work_24m[reached] == WORK_FORMAL).mean())


def test_higher_returns_raise_completers_formal_employment_at_24_months():
    assert _completers_formal_at_24_months(_trial("[0, 1, 1]")) > _completers_formal_at_24_months(
        _trial("[0, 0, 0]")
    )
