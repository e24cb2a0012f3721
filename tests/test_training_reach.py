"""Public training reaches the city's unemployed outside manufacturing (docs/model.md 7.6.3):
how many of the stock apply, that each person is still counted once, that they go back to the
city's labour market when the course ends, that more seats raise their enrolments and
completions, and that without seats or with the channel off nothing changes. People in a public
course are out of the labour force but not gone from it: the inactive do not enter to take
their places."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from sim.mechanisms.city import agent_labour_force, public_trainees
from sim.mechanisms.training import application_chance
from sim.mechanisms.training_reach import stock_applicants
from sim.model import BorderModel
from sim.state.codes import CITY_UNEMPLOYED, DEPARTED, N_STATUSES, TRAINING
from tests.conftest import scenario_with


def test_applicants_are_the_stock_times_the_chance_rounded_and_never_more_than_the_stock():
    unemployed = np.array([100.0, 10.4, 0.6, 50.0, -1e-12])
    chance = np.array([0.04, 0.5, 1.0, 0.1, 0.5])
    u = np.array([0.0, 0.99, 0.0, 0.5, 0.0])
    # 4 exactly; 5.2 rounds down at u = 0.99; 0.6 would round up but the stock holds no one;
    # a stock a rounding error below zero gives no one
    assert stock_applicants(unemployed, chance, u).tolist() == [4, 5, 0, 5, 0]


def test_a_stipend_raises_the_application_chance_up_to_one():
    wage = np.array([300.0, 600.0])
    np.testing.assert_allclose(application_chance(0.04, 1.5, 150.0, wage), [0.07, 0.055])
    np.testing.assert_allclose(application_chance(0.04, 1.5, 1e6, wage), [1.0, 1.0])


def _people(model: BorderModel) -> np.ndarray:
    """Each city's people: the stocks plus the agents who have not left manufacturing."""
    city = model.city_labour
    agents = model.workers.by_city[:, [s for s in range(N_STATUSES) if s != DEPARTED]].sum(axis=1)
    return city.other_jobs + city.informal + city.unemployed + city.inactive + agents


def test_stock_applicants_leave_the_stock_and_become_agents_each_counted_once():
    model = BorderModel(scenario_with(scale=0.01, end="2023-12"), seed=5)
    for _ in range(6):
        model.step()
    for center in model.training.centers:
        center.capacity_multiplier *= 50  # seats to spare
    before = _people(model) - model.city_labour.working_age
    stock_before = model.city_labour.unemployed.copy()
    rows_before = model.workers.size
    model.training_reach.month(model.steps)
    left_stock = stock_before - model.city_labour.unemployed
    new_rows = np.bincount(
        model.workers.city[rows_before : model.workers.size], minlength=len(stock_before)
    )
    assert new_rows.sum() > 0
    np.testing.assert_allclose(left_stock, new_rows)
    np.testing.assert_allclose(_people(model) - model.city_labour.working_age, before, atol=1e-9)


def test_when_the_course_ends_stock_trainees_go_back_to_the_stock_each_counted_once():
    model = BorderModel(scenario_with(scale=0.01, end="2023-12"), seed=5)
    for _ in range(6):
        model.step()
    for center in model.training.centers:
        center.capacity_multiplier *= 50
    model.training_reach.month(model.steps)
    end = model.steps + model.training.config.programme_months
    rows = np.concatenate(model.training_reach.ending[end])  # this month's and the step's
    assert len(rows) > 0
    before = _people(model) - model.city_labour.working_age
    stock_before = model.city_labour.unemployed.copy()
    model.training.graduate(end)
    model.training_reach.course_ended(end)
    w = model.workers
    assert (w.status[rows] == DEPARTED).all()
    assert (w.left_for[rows] == CITY_UNEMPLOYED).all()
    back = np.bincount(w.city[rows], minlength=len(stock_before))
    np.testing.assert_allclose(model.city_labour.unemployed - stock_before, back)
    np.testing.assert_allclose(_people(model) - model.city_labour.working_age, before, atol=1e-9)
    completers = np.intersect1d(model.training.graduates_now, rows)
    assert len(completers) > 0  # followed by Careers with the course's return


def _run(*assignments: str) -> BorderModel:
    model = BorderModel(scenario_with(*assignments, scale=0.01, end="2025-12"), seed=5)
    model.run()
    return model


def test_more_seats_raise_the_stocks_enrolments_and_completions():
    few, many = _run(), _run("policy.training_capacity_multiplier=20")
    assert many.flows.total["stock_enrolled"].sum() > few.flows.total["stock_enrolled"].sum()
    assert many.flows.total["completions"].sum() > few.flows.total["completions"].sum()


def test_without_seats_or_with_the_channel_off_nothing_changes():
    def series(*assignments: str) -> pd.DataFrame:
        model = BorderModel(scenario_with(*assignments, scale=0.01, end="2024-06"), seed=5)
        records = []
        while model.running:
            model.step()
            records.append(dict(model.record))
        assert model.flows.total["stock_enrolled"].sum() == 0
        return pd.DataFrame(records)

    no_seats = "training.seats_per_1000_workers=0"
    pd.testing.assert_frame_equal(
        series(no_seats), series(no_seats, "training.stock_application_share=0")
    )
    series("training.stock_application_share=0")


def test_people_in_a_public_course_do_not_pull_the_inactive_into_the_labour_force():
    model = BorderModel(scenario_with(scale=0.01, end="2023-12"), seed=5)
    for _ in range(3):
        model.step()
    unemployed, labour_force = agent_labour_force(model.workers, model.plants)
    n = len(unemployed)
    without, with_course = copy.deepcopy(model.city_labour), copy.deepcopy(model.city_labour)
    without.begin_month(unemployed, labour_force, np.zeros(n))
    with_course.begin_month(unemployed, labour_force, np.full(n, 4.0))
    # the participation gap counts them as attached: 4 fewer people enter from inactivity,
    # times the monthly adjustment (nothing else in the month reads them)
    # (where the stocks are large enough that neither move is clipped)
    rate = model.config.city.participation_adjustment_per_month
    large = model.city_labour.unemployed > 20  # model people, at scale 0.01
    assert large.sum() >= 10
    fewer = (with_course.inactive - without.inactive)[large]
    np.testing.assert_allclose(fewer, rate * 4.0)
    np.testing.assert_allclose((without.unemployed - with_course.unemployed)[large], rate * 4.0)
    assert (with_course.inactive >= without.inactive - 1e-9).all()


def test_public_trainees_match_a_recount_of_the_trainees_no_plant_sponsors():
    model = BorderModel(scenario_with(scale=0.01, end="2023-12"), seed=5)
    for _ in range(6):
        model.step()
    w = model.workers
    live = np.arange(w.size)
    public = live[(w.status[live] == TRAINING) & (w.sponsor[live] < 0)]
    recount = np.bincount(w.city[public], minlength=w.by_city.shape[0])
    assert recount.sum() > 0
    np.testing.assert_allclose(public_trainees(w, model.plants), recount)
