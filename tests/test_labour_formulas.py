"""The labour-market and output formulas on hand-made inputs (docs/model.md 7.2, 7.9-7.11)."""

import numpy as np
import pytest

from sim.mechanisms.automation import output_share_targets, set_demand_at_start, unit_cost
from sim.mechanisms.city import participation_target
from sim.mechanisms.draws import stochastic_round
from sim.mechanisms.matching import (
    hiring_chance,
    matching_efficiency_for,
    tightness_response,
    wage_curve,
)
from sim.state.plants import PlantTable


def test_hiring_chance_at_one_vacancy_per_applicant_is_the_efficiency():
    assert hiring_chance(100.0, 100.0, 0.6, 0.5) == pytest.approx(0.6)


def test_hiring_chance_follows_cobb_douglas_in_tightness():
    # M = 0.5 * 400^0.5 * 100^0.5 = 100 hires among 400 applicants
    assert hiring_chance(400.0, 100.0, 0.5, 0.5) == pytest.approx(0.25)


def test_hires_never_exceed_vacancies_or_applicants():
    chance = hiring_chance(np.array([10.0, 1000.0]), np.array([2.0, 5000.0]), 3.0, 0.5)
    hires = chance * np.array([10.0, 1000.0])
    assert hires[0] == pytest.approx(2.0)  # capped by the 2 vacancies
    assert hires[1] == pytest.approx(1000.0)  # capped by the applicants


def test_no_applicants_or_no_vacancies_means_no_hiring():
    assert hiring_chance(np.array([0.0, 10.0]), np.array([5.0, 0.0]), 0.7, 0.5).tolist() == [0, 0]


def test_hiring_chance_rises_with_tightness():
    chances = hiring_chance(100.0, np.array([20.0, 50.0, 100.0]), 0.6, 0.5)
    assert np.all(np.diff(chances) > 0)


def test_matching_efficiency_for_inverts_the_matching_function():
    efficiency = matching_efficiency_for(np.array([30.0]), np.array([200.0]), np.array([90.0]), 0.6)
    hires = hiring_chance(200.0, 90.0, efficiency, 0.6) * 200.0
    assert hires == pytest.approx(30.0)


def test_quits_scale_with_relative_tightness_to_the_elasticity():
    assert tightness_response(0.25, 0.5) == pytest.approx(0.5)
    assert tightness_response(1.0, 0.9) == pytest.approx(1.0)


def test_participation_target_scales_the_2022_rate_by_relative_tightness():
    # 0.66 * 0.25^0.05 = 0.66 * 0.9330 = 0.6158 when openings per job seeker fall to a quarter
    target = participation_target(np.array([0.66]), np.array([0.0]), np.array([0.25]), 0.4, 0.05)
    assert target[0] == pytest.approx(0.66 * 0.25**0.05)
    assert target[0] == pytest.approx(0.6158, abs=1e-4)


def test_participation_target_loses_the_response_per_point_of_extra_unemployment():
    # one point of unemployment above 2022 at 0.4 points each, tightness as in 2022
    target = participation_target(np.array([0.66]), np.array([0.01]), np.array([1.0]), 0.4, 0.05)
    assert target[0] == pytest.approx(0.66 - 0.004)


def test_participation_target_ignores_tightness_at_zero_elasticity():
    target = participation_target(
        np.array([0.6, 0.7]), np.array([0.0, 0.0]), np.array([0.1, 5.0]), 0.4, 0.0
    )
    assert target.tolist() == pytest.approx([0.6, 0.7])


def test_wage_curve_lowers_wages_when_unemployment_doubles():
    assert wage_curve(np.array([0.06]), np.array([0.03]), 0.1)[0] == pytest.approx(2**-0.1)


def test_unit_cost_falls_by_the_operative_cost_share_times_the_net_saving_ratio():
    cost = unit_cost(np.array([0.0, 0.5]), np.array([0.6, 0.6]), operative_cost_share=0.3)
    assert cost == pytest.approx([1.0, 1.0 - 0.3 * 0.6 * 0.5])


def test_reallocation_keeps_a_groups_output_and_favours_the_cheaper_plant():
    cost = np.array([0.9, 1.0, 1.0])
    base = np.array([100.0, 100.0, 50.0])
    group = np.array([0, 0, 1])
    share = output_share_targets(cost, base, group, elasticity=2.0, industry_elasticity=0.0)
    assert (base[:2] * share[:2]).sum() == pytest.approx(200.0)
    assert share[0] > 1.0 > share[1]
    assert share[2] == pytest.approx(1.0)  # alone in its group, unchanged costs


def test_a_cheaper_sector_sells_more_overall():
    cost = np.array([0.8, 0.8])
    share = output_share_targets(
        cost, np.array([1.0, 1.0]), np.array([0, 0]), elasticity=2.0, industry_elasticity=1.0
    )
    assert share == pytest.approx([1.25, 1.25])


def test_stochastic_rounding_keeps_the_expectation():
    rng = np.random.default_rng(0)
    values = np.full(20000, 2.3)
    rounded = stochastic_round(values, rng.random(len(values)))
    assert set(np.unique(rounded)) == {2, 3}
    assert rounded.mean() == pytest.approx(2.3, abs=0.02)


def test_a_start_vacancy_rate_raises_the_jobs_plants_want_above_their_staff():
    plants = PlantTable(2)
    plants.country[:] = [0, 1]
    plants.headcount[:] = [[94, 47], [90, 10]]
    plants.level[:] = [0.0, 0.5]
    set_demand_at_start(plants, techs_per_job=0.0, vacancy_rate=np.array([0.06, 0.10]))
    assert plants.ops_demand0[0] == pytest.approx(100.0)  # 94 of 100 filled
    assert plants.tech_base[0] == pytest.approx(50.0)
    assert plants.ops_demand0[1] == pytest.approx(200.0)  # 100 wanted, half the tasks automated
    wanted = plants.targets(np.ones(2), techs_per_job=0.0)
    assert wanted[1] == pytest.approx([100.0, 100.0 / 9.0])
