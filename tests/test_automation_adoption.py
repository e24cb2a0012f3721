"""Adoption apart from intensity (docs/model.md section 7.1): whether a plant starts automating
is gated by the payback of an entry-level pilot (cobot, machine vision, AI software), while how
far it deepens is gated by a robot cell's payback; on hand-made inputs and on the hand-made
tables of tests/test_mechanisms_alone."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import Scenario
from sim.config.schema import AutomationConfig
from sim.mechanisms.automation import capex_per_job, systematic_sample
from sim.state.codes import ADOPTED, NONE, PILOT
from tests.test_mechanisms_alone import World

AVAILABLE = np.ones(2)  # each city's subsidy availability
MX, US = 0, 1  # country codes
REPEATS = 300  # months of pilot decisions, each from no adopter, on the same random draws


def with_automation(config: Scenario | None = None, **fields: object) -> Scenario:
    config = config or Scenario()
    automation = config.automation.model_copy(update=fields)
    return config.model_copy(update={"automation": automation})


def test_a_pilot_costs_the_entry_level_capex_per_job_with_the_same_decline_and_discount():
    cfg = AutomationConfig(
        pilot_capex_per_automated_job_usd=10000.0,
        capex_per_automated_job_usd=30000.0,
        cost_decline_per_year=0.1,
        tech_transfer_capex_discount=0.2,
    )
    country = np.array([MX, US])
    pilot = capex_per_job(cfg, interoperability=0.5, month=13, country=country, pilot=True)
    robot = capex_per_job(cfg, interoperability=0.5, month=13, country=country)
    assert pilot == pytest.approx([10000.0 * 0.9 * 0.9, 10000.0 * 0.9])
    assert robot == pytest.approx([30000.0 * 0.9 * 0.9, 30000.0 * 0.9])


def test_the_pilot_and_the_robot_cell_each_get_the_attractiveness_of_their_own_payback():
    # plant 1: Mexican, large, outside an SEZ; operative wage 600, technician 900, burden 1.3
    # saving = 600 x 1.3 - 0.2 x 900 x 1.3 = 546 USD/month; paybacks 20 and 60 months
    config = with_automation(
        pilot_capex_per_automated_job_usd=546.0 * 20,
        capex_per_automated_job_usd=546.0 * 60,
        quality_gain_share=0.0,
        technicians_per_automated_job=0.2,
        reinstatement_tasks_per_automated_job=0.0,
        payback_target_months=30.0,
        payback_elasticity=1.0,
    )
    automation = World(config).automation()
    demand = np.ones(3)
    pilot = automation.economics(1, demand, AVAILABLE, pilot=True)
    robot = automation.economics(1, demand, AVAILABLE, pilot=False)
    assert pilot.attractiveness[1] == pytest.approx(1 / (1 + 20 / 30))
    assert robot.attractiveness[1] == pytest.approx(1 / (1 + 60 / 30))
    assert (pilot.credit[1], robot.credit[1]) == (1.0, 1.0)


def pilots_started(config: Scenario, plant: int | None = None) -> tuple[int, list[float]]:
    """Pilots started over REPEATS months from no adopter (the same draws for every config),
    at one plant or all, and the automation level each pilot started at."""
    world = World(with_automation(config, bass_p_per_year=0.9))
    plants = world.plants
    automation = world.automation()
    started, levels = 0, []
    for month in range(1, REPEATS + 1):
        world.month = month  # a new month's draws (the decision's own month stays 1)
        plants.stage[:], plants.level[:] = NONE, 0.0
        automation.decide(1, np.ones(plants.n), AVAILABLE)
        new = np.flatnonzero(plants.stage == PILOT)
        new = new[new == plant] if plant is not None else new
        started += len(new)
        levels += plants.level[new].tolist()
    return started, levels


def test_a_cheaper_pilot_raises_adoption():
    dear, _ = pilots_started(with_automation(pilot_capex_per_automated_job_usd=45000.0))
    cheap, _ = pilots_started(with_automation(pilot_capex_per_automated_job_usd=10000.0))
    assert cheap > dear > 0


def test_an_sme_grant_raises_adoption_at_the_sme():
    plain = Scenario()
    granted = plain.model_copy(
        update={"policy": plain.policy.model_copy(update={"sme_digitalization_grant": 0.5})}
    )
    without, _ = pilots_started(plain, plant=0)  # plant 0 is the SME
    with_grant, _ = pilots_started(granted, plant=0)
    assert with_grant > without


def test_a_cheaper_pilot_starts_more_pilots_but_each_automates_only_the_pilot_share():
    config = with_automation(pilot_capex_per_automated_job_usd=1000.0, pilot_share=0.05)
    started, levels = pilots_started(config)
    assert started > 0
    assert levels == pytest.approx([0.05] * started)


def test_the_pilot_capex_leaves_deepening_to_the_robot_cells_payback():
    def deepening(pilot_capex: float) -> float:
        world = World(with_automation(pilot_capex_per_automated_job_usd=pilot_capex))
        plants = world.plants
        plants.stage[1], plants.stage_since[1], plants.level[1] = ADOPTED, -12, 0.2
        world.automation().decide(1, np.ones(plants.n), AVAILABLE)
        return plants.level[1] - 0.2

    assert deepening(1000.0) == deepening(40000.0) > 0


def test_a_pilot_books_the_entry_level_capex_as_automation_investment():
    config = with_automation(Scenario(), pilot_capex_per_automated_job_usd=12000.0)
    world = World(with_automation(config, bass_p_per_year=0.9))
    plants = world.plants
    automation = world.automation()
    for month in range(1, REPEATS + 1):
        world.month = month
        plants.stage[:], plants.level[:] = NONE, 0.0
        automation.decide(1, np.ones(plants.n), AVAILABLE)
    month = world.flows.month
    jobs = month["jobs_automated"]
    assert jobs.sum() > 0
    assert month["automation_investment"].sum() == pytest.approx(12000.0 * jobs.sum())


def test_systematic_sampling_keeps_each_chance_and_fixes_the_count():
    chance = np.array([0.1, 0.5, 0.9, 0.25, 0.25, 1.0])  # sum 3.0
    rng = np.random.default_rng(0)
    hits = np.zeros(len(chance))
    for _ in range(20_000):
        picked = systematic_sample(chance, rng)
        assert len(picked) == 3
        hits[picked] += 1
    assert hits / 20_000 == pytest.approx(chance, abs=0.01)
