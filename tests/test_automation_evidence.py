"""Automation sized by evidence, one consistent payback, and technician shortages that bind
(docs/model.md sections 7.1 and 7.2): the formulas on hand-made inputs, and the direction in
which each moves a plant's decision on the hand-made tables of tests/test_mechanisms_alone."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import ConfigError, load_scenario
from sim.config.schema import AutomationConfig
from sim.mechanisms.automation import (
    ifr_bound_jobs_per_year,
    net_monthly_saving,
    payback_attractiveness,
    technician_fill,
)
from sim.state.codes import ADOPTED, TECHNICIAN
from tests.test_mechanisms_alone import World, with_policy

BASELINE = "configs/baseline.yaml"
AVAILABLE = np.ones(2)  # each city's subsidy availability


def test_the_net_saving_is_labour_saved_minus_technicians_added_plus_the_quality_gain():
    saving = net_monthly_saving(
        np.array([1000.0]), np.array([2000.0]), np.array([1.3]), 0.25, quality_gain_share=0.1
    )
    assert saving[0] == pytest.approx(1000 * 1.3 * 1.1 - 0.25 * 2000 * 1.3)


def test_attractiveness_is_one_half_at_the_target_and_smooth_on_both_sides():
    value = payback_attractiveness(
        np.array([1500.0, 3000.0, 6000.0]), np.array([100.0] * 3), 30.0, 2.0
    )
    assert value == pytest.approx([1 / (1 + 0.25), 0.5, 1 / (1 + 4.0)])


def test_attractiveness_is_nil_when_automation_saves_nothing():
    assert payback_attractiveness(np.array([1000.0]), np.array([-5.0]), 30.0, 1.0)[0] < 1e-6


def test_technician_fill_counts_trainees_caps_at_one_and_takes_the_power():
    fill = technician_fill(
        np.array([2, 0, 5]), np.array([1, 0, 0]), np.array([6.0, 0.0, 4.0]), power=2.0
    )
    assert fill == pytest.approx([0.25, 1.0, 1.0])


def test_the_ifr_bound_is_robots_times_border_share_times_jobs_per_robot_and_software():
    cfg = AutomationConfig(
        robots_installed_per_year={"mx": {2022: 1000.0, 2024: 2000.0}},
        border_share_of_installations={"mx": 0.5},
        operative_jobs_per_robot=2.0,
        software_jobs_multiplier=0.5,
    )
    assert ifr_bound_jobs_per_year(cfg, "MX", 2023) == pytest.approx(1000 * 0.5 * 2 * 1.5)
    assert ifr_bound_jobs_per_year(cfg, "MX", 2030) == pytest.approx(2000 * 0.5 * 2 * 1.5)


def test_the_default_bound_is_the_central_case_of_the_evidence():
    bound = ifr_bound_jobs_per_year(AutomationConfig(), "MX", 2023)
    assert 10_000 < bound < 20_000  # docs/evidence.md section 6: central about 14.6k a year


def test_a_credit_raises_attractiveness_for_a_us_plant_already_paying_back_within_target():
    def us_plant(credit: float) -> tuple[float, float]:
        world = World(with_policy(sez_tax_credit=credit))
        world.plants.in_sez[2] = True
        automation = world.automation()
        robot = automation.economics(1, np.ones(world.plants.n), AVAILABLE, pilot=False)
        return robot.attractiveness[2], robot.net_capex[2] / automation.net_saving()[2]

    without, payback = us_plant(0.0)
    with_credit, _ = us_plant(0.3)
    assert payback < World().config.automation.payback_target_months
    assert with_credit > without


def test_fewer_technicians_mean_less_deepening():
    def deepening(technicians: int) -> float:
        world = World()
        plants = world.plants
        plants.stage[1], plants.stage_since[1], plants.level[1] = ADOPTED, -12, 0.2
        plants.headcount[1, TECHNICIAN] = technicians
        world.automation().decide(1, np.ones(world.plants.n), AVAILABLE)
        return plants.level[1] - 0.2

    assert deepening(0) < deepening(1)


@pytest.mark.parametrize(
    "path", ["automation.non_labour_benefit_share", "automation.unit_cost_saving"]
)
def test_a_removed_payback_field_is_refused_naming_its_replacement(path):
    with pytest.raises(ConfigError, match="removed: replaced by .*automation\\.") as refused:
        load_scenario(BASELINE, [f"{path}=0.5"])
    assert len(str(refused.value).splitlines()) == 1
