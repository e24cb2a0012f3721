"""Plants enter and exit (docs/model.md, "Plant entry and exit"): the hazard, the location
logit and the entry count on hand-made inputs, closures on hand-made tables, and the
directions in short runs."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import Scenario
from sim.mechanisms.plant_entry import (
    PlantEntryExit,
    entrants_per_month,
    exit_hazard_month,
    location_shares,
    sez_expansion,
)
from sim.model import BorderModel
from sim.state.codes import EMPLOYED, UNEMPLOYED
from sim.state.workers import employed_check
from tests.conftest import run_model, scenario_with
from tests.test_mechanisms_alone import CITY_COUNTRY, World


def test_the_exit_hazard_rises_with_the_shortfall_of_output_below_its_start():
    hazard = exit_hazard_month(0.12, 2.0, np.array([1.3, 1.0, 0.8, -1.0]))
    yearly = np.array([0.12, 0.12, 0.12 * 1.4, 0.12 * 3.0])
    assert hazard == pytest.approx(1.0 - (1.0 - yearly) ** (1.0 / 12.0))


def test_the_location_shares_are_a_logit_on_wages_labour_and_credit():
    config = Scenario().plant_entry.model_copy(
        update={"wage_weight": 1.0, "labour_weight": 1.0, "sez_weight": 2.0}
    )
    wage = np.array([1.0, np.e, 1.0, 1.0])
    labour = np.array([1.0, 1.0, np.e, 1.0])
    credit = np.array([0.0, 0.0, 0.0, 0.5])
    open_slots = np.array([True, True, True, True])
    utility = np.array([0.0, -1.0, 1.0, 1.0])
    expected = np.exp(utility) / np.exp(utility).sum()
    assert location_shares(wage, labour, credit, open_slots, config) == pytest.approx(expected)


def test_a_city_without_an_open_slot_gets_no_entrant():
    config = Scenario().plant_entry
    shares = location_shares(
        np.ones(3), np.full(3, 100.0), np.zeros(3), np.array([True, False, True]), config
    )
    assert shares == pytest.approx([0.5, 0.0, 0.5])


def test_an_sez_credit_raises_its_citys_share_of_entrants():
    config = Scenario().plant_entry
    args = (np.ones(3), np.full(3, 100.0))
    without = location_shares(*args, np.zeros(3), np.ones(3, dtype=bool), config)
    with_credit = location_shares(*args, np.array([0.1, 0, 0]), np.ones(3, dtype=bool), config)
    assert with_credit[0] > without[0]
    # Criscuolo et al.: about +1 % per point of subsidy for a city with a small share
    assert with_credit[0] / without[0] == pytest.approx(np.exp(0.1) / (1 + (np.exp(0.1) - 1) / 3))


def test_an_sez_credit_of_ten_points_adds_ten_percent_to_a_small_plants_jobs():
    assert sez_expansion(1.0, np.array([0.1, 0.0])) == pytest.approx([1.1, 1.0])


def test_small_plants_in_a_credited_city_want_more_jobs_and_large_ones_do_not():
    world = World()
    plants = world.plants  # plant 0 is small, plant 1 large, both in city 0
    before = plants.ops_demand0.copy()
    turnover = PlantEntryExit(
        plants, world.workers, world.config, world.flows, world.draws, CITY_COUNTRY
    )
    turnover.expand_in_zones(np.array([0.1, 0.0]))
    assert plants.ops_demand0 == pytest.approx(before * [1.1, 1.0, 1.0])


def test_entrants_are_the_years_investment_in_jobs_over_plant_size_by_month():
    assert entrants_per_month(1200.0, 1.5, 450.0) == pytest.approx(1200 * 1.5 / 450 / 12)


def test_a_closed_plant_lays_off_its_payroll_and_its_slot_goes_dormant():
    world = World()
    plants, workers = world.plants, world.workers
    turnover = PlantEntryExit(plants, workers, world.config, world.flows, world.draws, CITY_COUNTRY)
    payroll = plants.roster(1)
    turnover.close(np.array([1]))
    assert (workers.status[payroll] == UNEMPLOYED).all()
    assert plants.headcount[1].sum() == 0
    assert not plants.active[1] and plants.weight[1] == 0.0
    assert world.flows.month["closure_layoffs"][0] == len(payroll)
    assert employed_check(workers)
    assert (workers.status[plants.roster(0)] == EMPLOYED).all()


def test_when_half_the_real_plants_of_a_modelled_plant_exit_half_its_jobs_go():
    world = World()
    plants, workers = world.plants, world.workers
    plants.weight[1] = 4.0  # modelled plant 1 stands for four real plants
    demand_before = plants.ops_demand0[1]
    heads_before = plants.headcount[1].copy()  # three operatives, one technician
    turnover = PlantEntryExit(plants, workers, world.config, world.flows, world.draws, CITY_COUNTRY)
    turnover.shrink(np.array([1]), np.array([0.5]))
    lost = heads_before - plants.headcount[1]
    assert (np.abs(lost - 0.5 * heads_before) < 1).all()  # half of each skill, rounded
    assert world.flows.month["closure_layoffs"][0] == lost.sum()
    assert plants.weight[1] == 2.0
    assert plants.ops_demand0[1] == demand_before / 2
    assert plants.active[1]
    assert employed_check(workers)


def test_an_unprofitable_plant_exits_before_a_profitable_one():
    world = World(
        scenario_with(
            "plant_entry.exit_hazard_per_year=0.02", "plant_entry.exit_shortfall_slope=49"
        )
    )
    plants = world.plants
    turnover = PlantEntryExit(
        plants, world.workers, world.config, world.flows, world.draws, CITY_COUNTRY
    )
    demand = np.array([0.0, 1.0, 1.0])  # plant 0 has lost its market
    for _ in range(4):  # a 44 % monthly chance against 0.17 %
        turnover.exit(demand)
    assert not plants.active[0]
    assert plants.active[1:].all()


def _entries(model: BorderModel) -> float:
    frame = model.datacollector.get_model_vars_dataframe()
    return float(frame["plant_entries_month_mx"].sum())


@pytest.mark.slow
def test_more_investment_brings_more_entrants_and_jobs():
    few = run_model(scenario_with("plant_entry.exit_hazard_per_year=0", end="2023-06"))
    many = run_model(
        scenario_with(
            "plant_entry.exit_hazard_per_year=0",
            "plant_entry.investment_usd_m_per_year.mx={2022: 40000}",
            end="2023-06",
        )
    )
    assert _entries(many) > _entries(few)
    jobs = [
        m.datacollector.get_model_vars_dataframe()["manufacturing_jobs_mx"].iloc[-1]
        for m in (few, many)
    ]
    assert jobs[1] > jobs[0]


@pytest.mark.slow
def test_an_sez_credit_draws_entrants_to_its_city():
    def entries_in_tijuana(*sez: str) -> float:
        model = run_model(
            scenario_with(
                "plant_entry.investment_usd_m_per_year.mx={2022: 2000}",
                "plant_entry.entrant_size_real=100",
                "plant_entry.reserve_slot_share=0.5",
                "plant_entry.sez_weight=20",
                *sez,
                end="2023-06",
            )
        )
        cities = model.datacollector.get_agenttype_vars_dataframe(type(model.governments[0]))
        return float(cities.loc[cities["city_id"] == "tijuana_mx", "plant_entries_month"].sum())

    with_sez = entries_in_tijuana("policy.sez_cities=[tijuana_mx]", "policy.sez_tax_credit=0.3")
    assert with_sez > entries_in_tijuana()


@pytest.mark.slow
def test_plant_exits_raise_unemployment():
    def unemployed(hazard: float) -> float:
        model = run_model(
            scenario_with(f"plant_entry.exit_hazard_per_year={hazard}", end="2023-06")
        )
        return float(model.datacollector.get_model_vars_dataframe()["unemployed_mx"].iloc[-1])

    assert unemployed(0.3) > unemployed(0.0)
