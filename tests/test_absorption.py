"""Each absorption mechanism of the labour market moves outcomes the way docs/model.md says
(sections 7.2 to 7.12), measured over the same seeds with and without it (common random
numbers), at a small scale."""

from __future__ import annotations

import numpy as np
import pytest

from sim.mechanisms.matching import wage_curve
from sim.model import BorderModel
from sim.run.runner import simulate
from sim.state.codes import NONE
from tests.conftest import scenario_with

SEEDS = (21, 22, 23)
SCALE = 0.003


def mean_over_seeds(column: str, start: str, end: str, *assignments: str, stat: str = "mean"):
    scenario = scenario_with(*assignments, scale=SCALE, end=end)
    values = []
    for seed in SEEDS:
        frame = simulate(scenario, seed).timeseries
        window = frame.loc[(frame["date"] >= start) & (frame["date"] <= end), column]
        values.append(window.sum() if stat == "sum" else window.mean())
    return float(np.mean(values))


def over_settings(column: str, start: str, end: str, field: str, *values: object) -> list[float]:
    """`mean_over_seeds` of the column once for each value of one field."""
    return [mean_over_seeds(column, start, end, f"{field}={value}") for value in values]


@pytest.mark.slow  # 6 runs of 4-5 years: the multi-seed direction tests
def test_without_an_attrition_window_plants_displace_far_more_workers():
    waiting = mean_over_seeds("displaced_month_mx", "2022-01", "2025-12", stat="sum")
    at_once = mean_over_seeds(
        "displaced_month_mx", "2022-01", "2025-12", "labour.attrition_window_months=0", stat="sum"
    )
    assert at_once > 3 * waiting


def _employment_growth_by_stage(*assignments: str) -> float:
    """Employment growth of plants that adopted by the end minus that of plants that never did."""
    gaps = []
    for seed in SEEDS:
        model = BorderModel(scenario_with(*assignments, scale=SCALE, end="2026-12"), seed=seed)
        start = model.plants.headcount.sum(axis=1).astype(float)
        model.run()
        end = model.plants.headcount.sum(axis=1)
        adopted = model.plants.stage != NONE
        grown = [end[m].sum() / start[m].sum() for m in (adopted, ~adopted)]
        gaps.append(grown[0] - grown[1])
    return float(np.mean(gaps))


@pytest.mark.slow  # 6 runs of 4-5 years: the multi-seed direction tests
def test_cheaper_adopters_win_output_and_jobs_from_non_adopting_competitors():
    with_competition = _employment_growth_by_stage("automation.output_demand_elasticity=3")
    without = _employment_growth_by_stage("automation.output_demand_elasticity=0")
    assert with_competition > without


@pytest.mark.slow
def test_new_tasks_are_filled_by_incumbents_switching_tasks():
    """More new tasks per automated job: a larger share of the automated jobs ends in a task
    switch (per job: the added tasks also make automation pay less, so fewer jobs go)."""

    def switches_per_automated_job(*assignments: str) -> float:
        window = ("2022-01", "2025-12")
        switches = mean_over_seeds("task_switches_month_mx", *window, *assignments, stat="sum")
        automated = mean_over_seeds("jobs_automated_month_mx", *window, *assignments, stat="sum")
        return switches / automated

    more = switches_per_automated_job("automation.reinstatement_tasks_per_automated_job=0.2")
    assert more > switches_per_automated_job() > 0


@pytest.mark.slow
def test_a_larger_local_multiplier_passes_more_of_the_job_loss_to_the_city():
    low, high = over_settings(
        "unemployment_rate_mx", "2025-01", "2026-12", "city.local_multiplier", 0.2, 1.6
    )
    assert high > low


@pytest.mark.slow
def test_easier_informal_work_lowers_open_unemployment_and_raises_informality():
    field, values = "city.informal_entry_rate_month.mx", (0.02, 0.15)
    rates = over_settings("unemployment_rate_mx", "2024-01", "2025-12", field, *values)
    informal = over_settings("informality_rate_mx", "2025-12", "2025-12", field, *values)
    assert rates[1] < rates[0]
    assert informal[1] > informal[0]


@pytest.mark.slow
def test_migration_moves_people_out_when_unemployment_rises():
    none, strong = over_settings(
        "unemployment_rate_mx", "2025-01", "2026-12", "city.migration_response_per_month", 0, 0.04
    )
    assert strong < none
    assert mean_over_seeds("net_migration_month_mx", "2025-01", "2026-12") < 0


@pytest.mark.slow  # 6 runs of 4-5 years: the multi-seed direction tests
def test_discouraged_workers_leave_the_labour_force_when_unemployment_rises():
    responsive, fixed = over_settings(
        "participation_rate_mx",
        "2026-01",
        "2026-12",
        "city.participation_unemployment_response",
        1.0,
        0,
    )
    assert responsive < fixed


@pytest.mark.slow  # 6 runs of 4-5 years: the multi-seed direction tests
def test_workers_leave_the_labour_force_when_openings_dry_up():
    responsive, blind = over_settings(
        "participation_rate_mx",
        "2026-01",
        "2026-12",
        "city.participation_tightness_elasticity",
        0.05,
        0,
    )
    assert responsive < blind


@pytest.mark.slow  # 6 runs of 4-5 years: the multi-seed direction tests
def test_quits_fall_as_vacancies_dry_up():
    responsive = mean_over_seeds("quit_rate_month_mx", "2026-01", "2026-12")
    fixed = mean_over_seeds(
        "quit_rate_month_mx", "2026-01", "2026-12", "labour.quit_tightness_elasticity=0"
    )
    assert responsive < fixed


def test_job_to_job_moves_keep_quitters_out_of_unemployment():
    direct = mean_over_seeds("unemployment_rate_mx", "2022-01", "2023-12")
    through = mean_over_seeds(
        "unemployment_rate_mx", "2022-01", "2023-12", "labour.job_to_job_share=0"
    )
    assert direct < through


@pytest.mark.slow
def test_a_more_efficient_matching_function_lowers_unemployment():
    slow, fast = over_settings(
        "manufacturing_unemployment_rate_mx",
        "2022-01",
        "2023-12",
        "labour.match_efficiency.mx",
        0.3,
        1.2,
    )
    assert fast < slow


def test_wages_fall_where_unemployment_rose_above_its_start():
    # the article's pace (configs/scenarios/article_pace.yaml) raises unemployment somewhere
    fast_automation = (
        "automation.bass_p_per_year=0.08",
        "automation.automatable_share=1.0",
        "automation.pilot_share=0.42",
        "automation.deepening_per_year=0.85",
    )
    scenario = scenario_with(
        "wages.wage_curve_elasticity=0.3", *fast_automation, scale=SCALE, end="2026-12"
    )
    model = BorderModel(scenario, seed=21)
    model.run()
    above = model.city_rate > model.city_labour.u_ref * 1.3  # wages adjust over months
    below = model.city_rate < model.city_labour.u_ref / 1.2
    assert above.any()
    assert (model.wage_level[above] < 1).all()
    assert (model.wage_level[below] > 1).all()


def test_the_wage_curve_bends_wages_against_unemployment_by_its_elasticity():
    unemployment, reference = np.array([0.02, 0.04, 0.08]), np.full(3, 0.04)
    assert wage_curve(unemployment, reference, 0.1) == pytest.approx([2**0.1, 1.0, 2**-0.1])
    assert wage_curve(unemployment, reference, 0.0) == pytest.approx([1.0, 1.0, 1.0])


def test_wages_rise_within_months_where_unemployment_fell_below_its_reference():
    # plant exits off: a closure's layoffs raise a city's unemployment for a month or two, and
    # its wage is still on the way down when unemployment is back below (a wage curve, not exits)
    no_exits = "plant_entry.exit_hazard_per_year=0"
    model = BorderModel(
        scenario_with("wages.wage_curve_elasticity=0.3", no_exits, scale=SCALE, end="2022-06"),
        seed=21,
    )
    below = np.ones(len(model.cities), dtype=bool)
    while model.running:  # wages follow last month's rate: below in each of the last two
        was_below = model.city_rate < model.city_labour.u_ref * 0.8
        model.step()
        below = was_below & (model.city_rate < model.city_labour.u_ref * 0.8)
    assert below.any()
    assert (model.wage_level[below] > 1).all()


@pytest.mark.slow
def test_weaker_demand_means_fewer_manufacturing_jobs():
    weak = "demand.growth_per_year.mx={2022: -0.05}"
    strong = "demand.growth_per_year.mx={2022: 0.05}"
    jobs = [
        mean_over_seeds("manufacturing_jobs_mx", "2025-12", "2025-12", s) for s in (weak, strong)
    ]
    assert jobs[0] < jobs[1]


@pytest.mark.slow
def test_faster_automation_lowers_local_manufacturing_employment():
    """Acemoglu-Restrepo's sign: more automation, fewer manufacturing jobs in the city."""
    slow, fast = over_settings(
        "manufacturing_jobs_mx", "2026-12", "2026-12", "automation.deepening_per_year", 0.1, 0.5
    )
    assert fast < slow


@pytest.mark.slow
def test_a_start_short_of_workers_opens_vacancies_that_dry_up_as_demand_slows():
    short = mean_over_seeds("vacancies_mx", "2022-01", "2022-12")
    staffed = mean_over_seeds(
        "vacancies_mx", "2022-01", "2022-12", "labour.initial_vacancy_rate.mx=0"
    )
    assert short > 1.5 * staffed
    assert mean_over_seeds("vacancies_mx", "2025-01", "2025-12") < short


@pytest.mark.slow
def test_promotion_from_within_fills_technician_jobs_and_lowers_unemployment():
    field = "labour.internal_promotion_rate_month"
    vacancies = over_settings("vacancies_mx", "2027-01", "2028-12", field, 0, 0.4)
    rates = over_settings("unemployment_rate_mx", "2027-01", "2028-12", field, 0, 0.4)
    promoted = over_settings("promotions_month_mx", "2027-01", "2028-12", field, 0, 0.4)
    assert vacancies[1] < vacancies[0]
    assert rates[1] < rates[0]
    assert promoted[1] > promoted[0] == 0
