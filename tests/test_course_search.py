"""Public trainees keep looking for work during the course, at a share of a job seeker's
effort (`training.course_search_intensity`); one who finds work leaves the course and frees
the seat. Sponsored trainees have their plant's job to go back to and do not search."""

from __future__ import annotations

import numpy as np

from sim.model import BorderModel
from sim.outcomes import work_code
from sim.state.codes import TRAINING, UNEMPLOYED
from sim.state.workers import WORK_NONE
from tests.conftest import scenario_with

# fast automation (E3's setting) fills 20x the seats; a stipend brings applicants
BUSY_CENTERS = (
    "automation.bass_p_per_year=0.08",
    "automation.automatable_share=1.0",
    "automation.pilot_share=0.42",
    "automation.deepening_per_year=0.85",
    "policy.training_capacity_multiplier=20",
    "policy.stipend_usd_month=300",
)


def _model(intensity: float, *assignments: str, months: int = 24) -> BorderModel:
    scenario = scenario_with(
        f"training.course_search_intensity={intensity}",
        *BUSY_CENTERS,
        *assignments,
        scale=0.03,
        end="2026-12",
    )
    model = BorderModel(scenario, seed=5)
    for _ in range(months):
        model.step()
    return model


def test_a_trainee_searches_at_the_course_intensity_and_a_job_seeker_at_full_effort():
    model = _model(0.3)
    w = model.workers
    trainee = np.flatnonzero(w.status == TRAINING)[:1]
    seeker = model.workers.unemployed_pool()[:1]
    factors = model.labour_market.search_intensity(np.concatenate([trainee, seeker]))
    np.testing.assert_allclose(factors, [0.3, 1.0])


def test_only_public_trainees_still_in_a_course_search():
    model = _model(0.5, "policy.retrain_before_layoff=true")
    w = model.workers
    searching = model.training.searching()
    in_course = np.flatnonzero(w.status == TRAINING)
    assert (w.sponsor[in_course] >= 0).any() and (w.sponsor[in_course] < 0).any()
    np.testing.assert_array_equal(searching, in_course[w.sponsor[in_course] < 0])


def test_without_course_search_no_trainee_is_a_job_seeker():
    model = _model(0.0)
    assert len(model.training.searching()) == 0
    assert model.flows.total["course_leavers_to_work"].sum() == 0


def test_trainees_who_find_work_leave_the_course_uncompleted_and_free_their_seats():
    model = _model(1.0, months=12)
    leavers = 0
    for _ in range(6):
        searching = model.training.searching()
        trainees = searching[model.workers.training_end[searching] > model.steps + 1]
        model.step()
        w = model.workers
        left = trainees[(w.status[trainees] != TRAINING) & (w.status[trainees] != UNEMPLOYED)]
        assert not w.trained[left].any()  # found work before the course ended
        leavers += len(left)
        for center in model.training.centers:
            in_course = (w.status == TRAINING) & (w.training_center == center.city)
            assert center.occupied == int(in_course.sum())
    assert leavers > 20
    assert model.flows.total["course_leavers_to_work"].sum() >= leavers


def test_course_search_raises_the_employment_of_trainees_during_the_course():
    """Same seed: those in a public course in month 24 are more often at work three months
    later when trainees search (0.8) than when the course locks them in (0): 54 % against
    27 % when written."""
    at_work = {}
    for intensity in (0.0, 0.8):
        model = _model(intensity)
        w = model.workers
        trainees = np.flatnonzero((w.status == TRAINING) & (w.sponsor < 0))
        for _ in range(3):
            model.step()
        at_work[intensity] = float(
            (work_code(w.status[trainees], w.left_for[trainees]) != WORK_NONE).mean()
        )
        assert len(trainees) > 100
    assert at_work[0.8] > at_work[0.0] + 0.1
