"""Labour demand and its causes (docs/model.md 7.15): each channel's formula on hand-made
inputs, and the direction it moves the jobs plants want; setting a channel's parameter to 0
switches it off."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.schema import DemandConfig, SectorGrowth
from sim.mechanisms.demand import (
    Demand,
    monthly_factor,
    us_robot_export_growth,
    wage_demand_target,
)
from sim.model import BorderModel
from sim.state.codes import OPERATIVE, SECTORS
from sim.state.plants import PlantTable
from tests.conftest import scenario_with

AUTOMOTIVE, ELECTRONICS, OTHER = (SECTORS.index(s) for s in ("automotive", "electronics", "other"))
FLAT = {s: {2022: 0.0} for s in SECTORS}
CHANNELS_OFF = {
    "sector_growth": FLAT,
    "sector_trend_per_year": 0.0,
    "wage_elasticity": 0.0,
    "robot_reshoring_elasticity": 0.0,
}


def demand_config(**changes: object) -> DemandConfig:
    """Every cause switched off, then the given ones set."""
    return DemandConfig(**{**CHANNELS_OFF, **changes})


def plant_table(countries: list[int], sectors: list[int], wage: float = 100.0) -> PlantTable:
    plants = PlantTable(len(countries))
    plants.country[:] = countries
    plants.sector[:] = sectors
    plants.ops_demand0[:] = 100.0
    plants.wage[:, OPERATIVE] = wage
    return plants


def run_months(demand: Demand, year: int, months: int) -> None:
    for _ in range(months):
        demand.advance(year)


def test_a_year_of_monthly_factors_compounds_to_the_yearly_growth():
    assert monthly_factor(-0.028) ** 12 == pytest.approx(0.972)


def test_us_robots_lower_mexican_export_growth_by_the_elasticity_times_new_robots():
    assert us_robot_export_growth(-0.067, 0.14) == pytest.approx(-0.00938)


def test_wage_demand_target_is_the_wage_ratio_to_the_elasticity():
    target = wage_demand_target(np.array([150.0, 80.0]), np.array([100.0, 0.0]), -0.4)
    assert target == pytest.approx([1.5**-0.4, 1.0])  # no start wage known: unchanged


def test_a_sector_follows_its_series_then_the_trend():
    cfg = DemandConfig()
    assert cfg.sector_rate("automotive", 2024) == pytest.approx(-0.028)
    assert cfg.sector_rate("electronics", 2025) == pytest.approx(0.12)
    assert cfg.sector_rate("automotive", 2027) == cfg.sector_trend_per_year


def test_a_plant_sees_its_sectors_us_output_growth_in_either_country():
    plants = plant_table([0, 1, 0], [AUTOMOTIVE, AUTOMOTIVE, ELECTRONICS])
    demand = Demand(demand_config(sector_growth={**FLAT, "automotive": {2024: -0.1}}), plants)
    run_months(demand, 2024, 12)
    assert demand.by_plant == pytest.approx([0.9, 0.9, 1.0])


def test_us_robots_lower_demand_only_at_mexican_plants_of_exposed_sectors():
    plants = plant_table([0, 0, 1], [AUTOMOTIVE, OTHER, AUTOMOTIVE])
    demand = Demand(demand_config(robot_reshoring_elasticity=-0.067), plants)
    run_months(demand, 2024, 12)
    assert demand.by_plant == pytest.approx([1.0 - 0.067 * 0.14, 1.0, 1.0])


def test_the_wage_factor_closes_its_adjustment_share_of_the_gap_each_month():
    plants = plant_table([0], [OTHER], wage=100.0)
    demand = Demand(demand_config(wage_elasticity=-0.4, wage_adjustment_per_month=0.25), plants)
    plants.wage[:, OPERATIVE] = 200.0
    run_months(demand, 2024, 2)
    gap = 1.0 - 2.0**-0.4
    assert demand.by_plant == pytest.approx([1.0 - gap * (1.0 - 0.75**2)])


def test_a_higher_wage_means_fewer_operatives_wanted_after_adjustment_and_few_at_first():
    plants = plant_table([0, 0], [OTHER, OTHER], wage=100.0)
    demand = Demand(demand_config(wage_elasticity=-0.4), plants)
    plants.wage[1, OPERATIVE] = 160.0  # 2022-2025: the border minimum wage in USD +68 %
    run_months(demand, 2024, 1)
    first_month = plants.targets(demand.by_plant, techs_per_job=0.0)[:, OPERATIVE]
    run_months(demand, 2024, 47)
    four_years = plants.targets(demand.by_plant, techs_per_job=0.0)[:, OPERATIVE]
    assert first_month[1] > 0.99 * first_month[0]  # the short-run null of 2019
    assert four_years[1] < 0.9 * four_years[0]


def test_each_cause_switched_off_leaves_demand_at_its_start():
    plants = plant_table([0, 1], [AUTOMOTIVE, ELECTRONICS])
    demand = Demand(demand_config(), plants)
    plants.wage[:, OPERATIVE] = 300.0
    for year in (2022, 2025, 2030):
        run_months(demand, year, 12)
    assert demand.by_plant == pytest.approx([1.0, 1.0])


def test_the_sector_series_are_the_plant_sectors_and_exposed_sectors_must_exist():
    assert tuple(SectorGrowth.model_fields) == SECTORS
    with pytest.raises(ValueError, match="unknown sectors"):
        DemandConfig(robot_reshoring_sectors=["textiles"])


def mx_automotive_jobs(*assignments: str) -> float:
    """Jobs filled at Mexican automotive plants at the end of 2024 (mean of two seeds)."""
    jobs = []
    for seed in (31, 32):
        model = BorderModel(scenario_with(*assignments, scale=0.003, end="2024-12"), seed=seed)
        model.run()
        plants = model.plants
        mine = (plants.country == 0) & (plants.sector == AUTOMOTIVE)
        jobs.append(float(plants.headcount[mine].sum()))
    return float(np.mean(jobs))


def test_lower_us_auto_demand_means_fewer_jobs_at_mexican_automotive_plants():
    slump = "demand.sector_growth.automotive={2022: -0.1, 2024: -0.1}"
    boom = "demand.sector_growth.automotive={2022: 0.1, 2024: 0.1}"
    assert mx_automotive_jobs(slump) < mx_automotive_jobs(boom)


def test_us_robots_mean_fewer_jobs_at_mexican_automotive_plants():
    fast = "demand.robots_per_1000_workers_per_year=1.0"
    assert mx_automotive_jobs(fast) < mx_automotive_jobs("demand.robot_reshoring_elasticity=0")
