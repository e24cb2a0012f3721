"""The returns to training: completers find jobs faster with the years since the course began
(Card, Kluve & Weber 2018), and a stipend raises the chance a public trainee completes."""

from __future__ import annotations

import numpy as np

from sim.mechanisms.training import completion_probability, human_capital_multiplier
from sim.model import BorderModel
from sim.outcomes import work_code
from sim.state.codes import OPERATIVE
from sim.state.workers import WORK_NONE
from tests.conftest import scenario_with


def test_the_human_capital_factor_follows_the_profile_by_year_since_the_course_began():
    months = np.array([5, 13, 30, 100, 13, 13, 40])
    completed = np.array([True, True, True, True, False, True, True])
    long_term = np.array([False, False, False, False, False, True, True])
    factor = human_capital_multiplier(months, completed, long_term, [0.0, 0.2, 0.5], 2.0)
    np.testing.assert_allclose(factor, [1.0, 1.2, 1.5, 1.5, 1.0, 1.4, 2.0])


def test_no_course_means_no_factor():
    never = np.array([-1, -1])  # months since a course that never began
    factor = human_capital_multiplier(never, np.array([True, False]), np.ones(2, bool), [1.0], 2.0)
    np.testing.assert_allclose(factor, [1.0, 1.0])


def test_completion_rises_with_the_stipend_up_to_the_cap():
    wage = np.array([300.0, 1500.0, 300.0])
    chance = completion_probability(0.6, 150.0, wage, 0.1, 0.85)
    np.testing.assert_allclose(chance, [0.65, 0.61, 0.65])
    np.testing.assert_allclose(
        completion_probability(0.6, 3000.0, wage, 0.1, 0.85), [0.85, 0.8, 0.85]
    )
    assert completion_probability(0.9, 3000.0, wage, 0.1, 0.85).tolist() == [0.9] * 3


def _model(*assignments: str) -> BorderModel:
    model = BorderModel(scenario_with(*assignments, scale=0.01, end="2026-12"), seed=5)
    for _ in range(12):
        model.step()
    return model


def _found_a_job(model: BorderModel, ids: np.ndarray) -> float:
    w = model.workers
    return float((work_code(w.status[ids], w.left_for[ids]) != WORK_NONE).mean())


def test_completers_two_years_on_find_jobs_faster_than_comparable_seekers():
    """Half the unemployed operatives (every other one) get a course that began 24 months
    ago; after three months more of them have left unemployment for work."""
    model = _model(
        "training.human_capital_rise_by_year=[0, 0, 2.0]",
        "city.informal_entry_rate_month.mx=0",  # informal work is not job finding here
    )
    w = model.workers
    pool = model.workers.unemployed_pool()
    pool = pool[w.skill[pool] == OPERATIVE]
    trained, untrained = pool[::2], pool[1::2]
    w.trained[trained] = True
    w.training_start[trained] = model.steps + 1 - 24
    for _ in range(3):
        model.step()
    assert len(pool) > 100
    assert _found_a_job(model, trained) > _found_a_job(model, untrained) + 0.05


def test_a_stipend_raises_the_completions_of_the_same_trainees():
    """Same seed, same trainees: with a stipend, those who completed without one still do,
    and more complete."""
    counts = {}
    for paid in (0.0, 5000.0):
        model = _model()
        w = model.workers
        pool = w.unemployed_pool()[:300]
        model.training.policy.stipend_usd_month = paid
        month = model.steps
        model.training._start(
            pool, np.full(len(pool), -1, np.int32), np.full(len(pool), -1, np.int32), month
        )
        model.training.graduate(month + model.config.training.programme_months)
        counts[paid] = w.trained[pool].copy()
    base, with_stipend = counts[0.0], counts[5000.0]
    assert (with_stipend >= base).all()
    assert with_stipend.mean() > base.mean() + 0.05  # 0.85 -> the 0.95 cap
