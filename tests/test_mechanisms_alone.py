"""Each mechanism works on hand-made tables, without a model (docs/model.md section 7).

A two-city world is built by hand: city 0 in Mexico, city 1 in the US, three plants, a few
workers. The mechanisms are built with these tables and given what changes each month, as
`BorderModel` does; the government's `fund`, the federal match, the labour market's `hire`
and the training system's `graduate` are checked on them number by number.
"""

from __future__ import annotations

import mesa
import numpy as np
import pytest
from mesa.discrete_space import OrthogonalMooreGrid

from sim.agents.government import MunicipalGovernment
from sim.agents.registry import WorkerRegistry
from sim.agents.training_center import TrainingCenter
from sim.config import Scenario
from sim.mechanisms.automation import Automation
from sim.mechanisms.city import CityLabour, PayrollJobs, agent_labour_force, public_trainees
from sim.mechanisms.demand import Demand
from sim.mechanisms.displacement import Displacement
from sim.mechanisms.draws import Draws
from sim.mechanisms.labour_market import LabourMarket
from sim.mechanisms.newcomers import Newcomers
from sim.mechanisms.public_finance import (
    FederalMatching,
    adapt_training_capacity,
    collect_revenue,
)
from sim.mechanisms.training import TrainingSystem
from sim.mechanisms.wages import Wages
from sim.state.codes import EMPLOYED, OPERATIVE, TECHNICIAN, TRAINING, UNEMPLOYED
from sim.state.ledger import Ledger, Placements
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable, employed_check
from sim.world.cities import City

CITY_COUNTRY = np.array([0, 1], dtype=np.int8)  # city 0 in Mexico, city 1 in the US
CITIES = [
    City("a_mx", "A", "MX", "BC", 32.5, -117.0, 100_000, 3_000.0, False, 1.0, "b_us", "test"),
    City("b_us", "B", "US", "CA", 32.6, -117.1, 80_000, 2_000.0, False, 1.0, "a_mx", "test"),
]


class World:
    """Hand-made tables: three plants, their workers and two seekers."""

    def __init__(self, config: Scenario | None = None) -> None:
        self.config = config or Scenario()
        self.month = 1
        self.model = mesa.Model(rng=5)  # only registers the agents
        self.draws = Draws(5, 0, lambda: self.month)
        self.flows = Ledger(len(CITIES))
        self.placements = Placements()
        plants = self.plants = PlantTable(3)
        plants.city[:] = [0, 0, 1]
        plants.country[:] = CITY_COUNTRY[plants.city]
        plants.sme[:] = [True, False, False]
        plants.in_sez[:] = [True, False, False]
        plants.real_size[:] = [40.0, 400.0, 300.0]
        plants.base_wage[:] = [500.0, 600.0, 3000.0]
        plants.wage[:, OPERATIVE] = plants.base_wage
        plants.wage[:, TECHNICIAN] = 1.5 * plants.base_wage
        plants.ops_demand0[:] = [4.0, 5.0, 4.0]
        plants.tech_base[:] = [1.0, 1.0, 1.0]
        self.workers = WorkerTable(
            CITY_COUNTRY, plants, lambda: self.month, WorkerRegistry(self.model), capacity=8
        )
        self.newcomers = Newcomers(
            self.workers,
            CITY_COUNTRY,
            [np.array([0, 1]), np.array([2, 3])],
            self.config.population,
            self.draws,
        )
        #            plant:  0  0  0  1  1  1  1  2  2  2
        employer = np.array([0, 0, 0, 1, 1, 1, 1, 2, 2, 2])
        self.staff = self.newcomers.add(plants.city[employer].astype(np.int64), since=0)
        self.workers.set_skill(self.staff[[2, 6]], TECHNICIAN)
        self.workers.employ(self.staff, employer)
        self.seekers = self.newcomers.add(np.array([0, 1]), since=0)
        self.federal = FederalMatching(rate=1.0, cap_per_year=1_000.0)
        self.governments = [
            MunicipalGovernment(self.model, k, c.id, c.country, k, self.federal, self.flows)
            for k, c in enumerate(CITIES)
        ]
        grid = OrthogonalMooreGrid((len(CITIES), 1), random=self.model.random)
        self.centers = [
            TrainingCenter(self.model, k, c.id, 4.0, 1.0, 0.0, grid[(k, 0)])
            for k, c in enumerate(CITIES)
        ]
        self.training_cost_month = np.array([100.0, 400.0])

    def training(self) -> TrainingSystem:
        return TrainingSystem(
            self.workers,
            self.plants,
            self.centers,
            self.governments,
            self.config.training,
            self.config.policy,
            self.config.trial,
            self.flows,
            self.draws,
            self.placements,
            self.training_cost_month,
            np.array([500.0, 3000.0]),
            CITY_COUNTRY,
        )

    def city_labour(self) -> CityLabour:
        config = self.config
        city = CityLabour(
            CITIES,
            CITY_COUNTRY,
            {},
            config.city,
            config.population,
            0.001,
            config.labour.matching_elasticity,
        )
        unemployed, labour_force = agent_labour_force(self.workers, self.plants)
        jobs = self.plants.jobs_by_city(len(CITIES))
        city.start(labour_force - unemployed, unemployed, jobs, 0.02 * jobs)
        return city

    def labour_market(self, city_labour: CityLabour) -> LabourMarket:
        return LabourMarket(
            self.workers,
            self.plants,
            city_labour,
            self.newcomers,
            self.placements,
            self.config,
            self.flows,
            self.draws,
            CITY_COUNTRY,
            np.ones((2, 2), dtype=bool),
        )

    def automation(self) -> Automation:
        return Automation(
            self.plants,
            self.config.automation,
            self.config.policy,
            self.governments,
            self.flows,
            self.draws,
            np.ones((2, 2)),
            np.ones(5),
            np.array([1.3, 1.3]),
        )


def with_policy(**levers: object) -> Scenario:
    config = Scenario()
    return config.model_copy(update={"policy": config.policy.model_copy(update=levers)})


def test_a_government_pays_from_its_balance_and_the_federal_match_adds_rate_dollars():
    world = World()
    government = world.governments[0]
    government.balance = 30.0
    assert government.fund(50.0, "training_seats") == pytest.approx(50.0)
    assert government.balance == pytest.approx(5.0)  # 25 municipal + 25 federal
    assert world.federal.spent_cum == pytest.approx(25.0)
    assert world.flows.month["public_training_seats"].tolist() == pytest.approx([50.0, 0.0])


def test_the_federal_match_stops_at_its_yearly_cap_and_refills_in_january():
    federal = FederalMatching(rate=2.0, cap_per_year=20.0)
    assert federal.draw(15.0) == 15.0
    assert federal.draw(15.0) == 5.0
    federal.new_year()
    assert federal.remaining == 20.0 and federal.spent_cum == 20.0


def test_a_request_beyond_the_budget_is_granted_in_part_and_plants_expect_less():
    world = World()
    government = world.governments[1]
    government.balance = 10.0
    granted = government.fund(100.0, "stipends")
    assert granted == pytest.approx(20.0)  # 10 of its own, matched one for one
    assert world.flows.month["public_stipends"].tolist() == pytest.approx([0.0, 20.0])
    government.close_month()
    assert government.availability == pytest.approx(0.5 * 1.0 + 0.5 * 0.2)


def test_one_request_paid_by_two_instruments_books_each_its_share():
    world = World()
    government = world.governments[0]
    government.balance = 1_000.0
    government.fund_shared(80.0, {"sez_credit": 0.25, "sme_grant": 0.75})
    month = world.flows.month
    assert month["public_sez_credit"][0] == pytest.approx(20.0)
    assert month["public_sme_grant"][0] == pytest.approx(60.0)
    assert government.spent_total == pytest.approx(80.0)


def test_collect_revenue_levies_each_city_on_its_plants_payroll():
    world = World()
    collect_revenue(world.plants, world.governments, 0.1)
    payroll = (world.plants.headcount * world.plants.wage).sum(axis=1)
    balances = [g.balance for g in world.governments]
    assert balances == pytest.approx([0.1 * payroll[:2].sum(), 0.1 * payroll[2]])


def test_the_adaptive_rule_raises_seats_only_where_unemployment_passed_the_threshold():
    world = World()
    rule = world.config.policy.adaptive_training.model_copy(
        update={"enabled": True, "unemployment_threshold": 0.06, "capacity_step": 0.5}
    )
    adapt_training_capacity(rule, world.centers, np.array([0.08, 0.04]), month=3)
    assert [c.adaptive_multiplier for c in world.centers] == [1.5, 1.0]
    assert world.centers[0].last_raise == 3


def test_an_sme_in_an_sez_books_the_credit_and_the_grant_each_by_its_share():
    world = World(with_policy(sez_tax_credit=0.25, sme_digitalization_grant=0.4))
    world.governments[0].balance = 1e9
    world.automation().claim_capex_subsidies(np.array([0]), np.array([130.0]))
    month = world.flows.month
    assert month["public_sez_credit"][0] == pytest.approx(130.0 * 0.25 / 0.65)
    assert month["public_sme_grant"][0] == pytest.approx(130.0 * 0.40 / 0.65)


def test_hire_employs_counts_recent_graduates_as_placed_and_the_displaced_as_reemployed():
    world = World()
    market = world.labour_market(world.city_labour())
    graduate, displaced = world.seekers
    world.workers.graduated_step[graduate] = 4
    world.workers.displaced_step[displaced] = 2
    world.month = 7
    market.hire(world.seekers, np.array([1, 2]), month=7)
    assert world.workers.status[world.seekers].tolist() == [EMPLOYED, EMPLOYED]
    assert world.placements.placed == {4: 1}
    month = world.flows.month
    assert month["hires"].tolist() == [1.0, 1.0]
    assert month["displaced_reemployed"].tolist() == [0.0, 1.0]
    assert month["cross_border_hires"].tolist() == [0.0, 0.0]
    assert world.workers.graduated_step[graduate] == -1
    assert employed_check(world.workers)


def test_a_month_without_job_seekers_hires_only_outsiders():
    world = World()
    market = world.labour_market(world.city_labour())
    nobody = np.empty(0, dtype=np.int64)
    market.search_and_match(nobody, np.zeros(len(CITIES)), 1, np.ones(world.plants.n))
    month = world.flows.month
    assert month["hires"].tolist() == month["outsider_hires"].tolist()


def test_graduate_returns_sponsored_graduates_and_sends_the_rest_to_search():
    config = Scenario()
    config = config.model_copy(
        update={"training": config.training.model_copy(update={"completion_probability": 1.0})}
    )
    world = World(config)
    world.governments[0].balance = 1e6
    training = world.training()
    sponsored = world.staff[[0, 1]]  # two operatives of plant 0
    world.workers.separate(sponsored, UNEMPLOYED)
    training.sponsor(np.array([0]), np.array([2]), sponsored, month=1)
    public = world.seekers[:1]
    training.centers[0].queue.append(int(public[0]))
    world.workers.queue_center[public] = 0
    training.admit(month=1)
    assert world.workers.status[[*sponsored, *public]].tolist() == [TRAINING] * 3
    done = 1 + config.training.programme_months
    assert len(training.graduate(month=done - 1)) == 0
    back = training.graduate(month=done)
    assert sorted(back.tolist()) == sorted(sponsored.tolist())
    assert (world.workers.skill[[*sponsored, *public]] == TECHNICIAN).all()
    assert world.workers.status[public].tolist() == [UNEMPLOYED]
    assert world.plants.trainees[0] == 0
    assert world.placements.graduates == {done: 3}
    assert world.flows.month["completions"].tolist() == [3.0, 0.0]


def test_each_mechanism_runs_a_month_on_hand_made_tables():
    config = with_policy(sez_tax_credit=0.25, sme_digitalization_grant=0.4)
    world = World(config)
    for government in world.governments:
        government.balance = 1e6
    city_labour = world.city_labour()
    wages = Wages(world.plants, config.wages, city_labour.u_ref)
    demand = Demand(config.demand, world.plants)
    training = world.training()
    automation = world.automation()
    displacement = Displacement(
        world.plants,
        world.workers,
        config,
        training,
        world.flows,
        world.draws,
        world.training_cost_month,
    )
    market = world.labour_market(city_labour)
    payroll_jobs = PayrollJobs(world.plants, len(CITIES))
    availability = np.ones(len(CITIES))
    for month in range(1, 4):
        world.month = month
        wages.follow(city_labour.u_ref)
        wages.set(2022)
        demand.advance(2022)
        collect_revenue(world.plants, world.governments, 0.01)
        automation.update_output_shares()
        automation.decide(month, demand.by_plant, availability)
        displacement.switch_tasks(demand.by_plant)
        displacement.absorb_quits(market.quits(demand.by_plant))
        market.retirements()
        displacement.beyond_attrition(
            month,
            demand.by_plant,
            market.quit_rate,
            availability,
            config.wages.min_wage_usd_month(2022),
        )
        displacement.promote_from_within(demand.by_plant)
        back = training.graduate(month)
        market.hire(back, world.workers.sponsor[back].astype(np.int64), month)
        training.apply(world.workers.unemployed_pool())
        training.admit(month)
        unemployed, labour_force = agent_labour_force(world.workers, world.plants)
        in_course = public_trainees(world.workers, world.plants)
        city_labour.begin_month(unemployed, labour_force, in_course)
        other = city_labour.other_vacancies(payroll_jobs.by_city())
        market.search_and_match(world.workers.unemployed_pool(), other, month, demand.by_plant)
        market.informal_work_and_migration(world.workers.unemployed_pool())
        world.flows.close_month()
    assert employed_check(world.workers)
    alive = world.workers.status[: world.workers.size]
    counted = world.workers.counts.sum(axis=(0, 1))
    assert counted.tolist() == np.bincount(alive, minlength=4).tolist()
    assert (world.plants.wage[:, OPERATIVE] > 0).all() and (demand.by_plant > 1).all()
