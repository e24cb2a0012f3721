"""Formal jobs created for completers' skills (docs/model.md 7.11): each formal hire owed to a
completed course's return adds `city.skill_job_creation` jobs to its city's demand, so the
course's return does not only reorder the queue for a fixed number of jobs; at 0 it does."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import BorderModel
from tests.conftest import scenario_with


def _city_labour_after_a_month(*assignments: str):
    model = BorderModel(scenario_with(*assignments, scale=0.01, end="2023-12"), seed=5)
    model.step()
    return model.city_labour, model.payroll_jobs.by_city()


def test_each_hire_owed_to_a_course_adds_skill_job_creation_jobs_to_demand():
    city, jobs = _city_labour_after_a_month("city.skill_job_creation=0.5")
    before = city.demand(jobs)
    hires = np.zeros(len(before))
    hires[[0, 3]] = [4.0, 10.0]
    city.skills_hired(hires)
    np.testing.assert_allclose(city.demand(jobs) - before, 0.5 * hires)


@pytest.mark.parametrize(("share", "vacancies_lost"), [(1.0, 0.0), (0.0, 1.0), (0.25, 0.75)])
def test_a_completers_extra_hire_from_the_stocks_takes_one_minus_the_share_of_a_vacancy(
    share: float, vacancies_lost: float
):
    city, jobs = _city_labour_after_a_month(f"city.skill_job_creation={share}")
    open_before = city.other_vacancies(jobs)
    busy = open_before > 10
    hired = np.where(busy, 3.0, 0.0)
    city.hire_from_stocks(hired, np.zeros_like(hired))
    np.testing.assert_allclose(open_before - city.other_vacancies(jobs), vacancies_lost * hired)


def test_jobs_created_for_skills_end_at_the_formal_separation_rate():
    city, _ = _city_labour_after_a_month("city.skill_job_creation=0")
    city.skill_jobs = np.linspace(0.0, 50.0, len(city.skill_jobs))
    before = city.skill_jobs.copy()
    n = len(before)
    city.begin_month(np.zeros(n), np.full(n, 100.0), np.zeros(n))
    np.testing.assert_allclose(city.skill_jobs, before * (1.0 - city.separation_rate()))


def _run(*assignments: str) -> BorderModel:
    scenario = scenario_with(
        "policy.training_capacity_multiplier=20", *assignments, scale=0.01, end="2025-12"
    )
    model = BorderModel(scenario, seed=5)
    model.run()
    return model


def test_completers_formal_hires_create_jobs_only_when_the_share_is_positive():
    assert _run("city.skill_job_creation=0").city_labour.skill_jobs.sum() == 0
    assert _run().city_labour.skill_jobs.sum() > 0


@pytest.mark.slow  # two runs to 2025-12 with 20 times the public seats
def test_jobs_created_for_skills_raise_formal_jobs_and_participation():
    """The jobs created are filled, and the openings draw people into the labour force
    (participation follows job openings), so the unemployment rate need not fall."""
    none, full = _run("city.skill_job_creation=0"), _run("city.skill_job_creation=1")
    assert full.city_labour.other_jobs.sum() > none.city_labour.other_jobs.sum()
    assert full.record["participation_rate_mx"] > none.record["participation_rate_mx"]
