"""The placement rate: course graduates in a formal job within six months of graduating,
whichever formal job it is (a plant, the sponsoring plant, the city's other formal jobs), each
graduate counted once."""

from __future__ import annotations

import numpy as np

from sim.model import BorderModel
from sim.state.codes import TO_OTHER_JOB
from sim.state.ledger import Placements
from tests.conftest import scenario_with


def test_a_formal_job_within_six_months_of_graduating_is_a_placement():
    placements = Placements()
    placements.graduated(10, 4)
    graduated_step = np.array([10, 10, 10, 10])
    placements.formal_job(graduated_step, np.array([0]), 12)
    placements.formal_job(graduated_step, np.array([1]), 16)  # six months: still in time
    placements.formal_job(graduated_step, np.array([2]), 17)  # seven: too late
    assert placements.rate(17) == 2 / 4


def test_a_graduate_counts_once_however_many_formal_jobs_follow():
    placements = Placements()
    placements.graduated(3, 2)
    graduated_step = np.array([3, 3, -1])
    placements.formal_job(graduated_step, np.array([0, 2]), 4)  # 2 is no recent graduate
    placements.formal_job(graduated_step, np.array([0]), 6)
    assert graduated_step.tolist() == [-1, 3, -1]
    assert placements.rate(9) == 1 / 2


def test_the_rate_counts_only_cohorts_that_have_had_their_six_months():
    placements = Placements()
    placements.graduated(1, 10)
    placements.graduated(5, 10)
    placements.formal_job(np.array([1, 5]), np.array([0, 1]), 6)
    assert placements.rate(6) == 0.0  # no cohort has had six months yet
    assert placements.rate(7) == 1 / 10
    assert placements.rate(11) == 2 / 20


def test_completers_back_in_the_city_who_find_a_formal_job_there_are_placed():
    model = BorderModel(scenario_with(scale=0.01, end="2023-12"), seed=5)
    for _ in range(6):
        model.step()
    for center in model.training.centers:
        center.capacity_multiplier *= 50  # seats to spare: the city's unemployed take them
    model.training_reach.month(model.steps)
    end = model.steps + model.training.config.programme_months
    model.training.graduate(end)
    model.training_reach.course_ended(end)
    graduates = model.training.graduates_now
    w = model.workers
    assert model.placements.placed[end] == 0  # no sponsored graduate taken back in this test
    model.careers.month(end, np.ones(len(model.cities)))  # every search finds a formal job
    found = graduates[w.left_for[graduates] == TO_OTHER_JOB]
    assert len(found) > 0
    assert model.placements.placed[end] == len(found)
    assert (w.graduated_step[found] == -1).all()
