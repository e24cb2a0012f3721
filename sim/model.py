"""BorderModel: the corridor, its plants, workers, training centers and governments, month by month.

Each step is one calendar month, a plain list of named phases (`docs/model.md`, "Process
overview and scheduling"): the calendar turns; wages follow the wage curve and demand the
calendar; plants exit (laying off their workers) and enter (opening vacancies); governments
collect their levy; plants' output shares follow their unit costs and plants automate
(cancelling vacancies); incumbents switch to new tasks, workers quit and
retire (quits at plants with automated jobs are not replaced), plants displace what attrition
cannot absorb and promote from within; training cohorts finish and new trainees are admitted
(the city's unemployed outside manufacturing among them);
the rest of each city's labour market moves (separations, entry, participation, migration);
job seekers and outsiders search, some unemployed take informal work or emigrate; the month's
unemployment is measured; the adaptive training rule acts on it; and the record is taken.

The parts are built in `sim.build`; each mechanism holds the tables it works on and is given
what changes from month to month. `sim.record` only reads.
"""

from __future__ import annotations

from collections.abc import Callable

import mesa
import numpy as np

from sim.agents.government import MunicipalGovernment
from sim.arrays import union_sorted
from sim.build import (
    build_plants,
    build_public_finance,
    build_training_centers,
    build_workers,
    operative_wage_by_city,
    place_plant_agents,
)
from sim.config import CONFIGS_DIR, Scenario
from sim.mechanisms.automation import (
    Automation,
    new_tasks_per_job,
    peer_weights,
    seed_initial_adopters,
    set_demand_at_start,
)
from sim.mechanisms.careers import Careers
from sim.mechanisms.city import (
    CityLabour,
    PayrollJobs,
    agent_labour_force,
    public_trainees,
    read_city_figures,
)
from sim.mechanisms.demand import Demand
from sim.mechanisms.displacement import Displacement
from sim.mechanisms.draws import random_streams
from sim.mechanisms.labour_market import LabourMarket
from sim.mechanisms.plant_entry import PlantEntryExit, reserve_entry_slots
from sim.mechanisms.public_finance import adapt_training_capacity, collect_revenue
from sim.mechanisms.training import TrainingSystem
from sim.mechanisms.training_reach import TrainingReach
from sim.mechanisms.trial import Trial
from sim.mechanisms.wages import Wages
from sim.outputs import city_reporters, model_reporters
from sim.record import Recorder
from sim.state.codes import EMPLOYED, SECTORS, TRAINING, UNEMPLOYED
from sim.state.ledger import Ledger, Placements
from sim.world.cities import load_cities
from sim.world.city_sectors import city_mix, national_mix
from sim.world.corridor import COUNTRY_CODE, build_corridor


def month_label(start: str, offset: int) -> str:
    """YYYY-MM of the month `offset` months after `start` (also YYYY-MM)."""
    year, month = int(start[:4]), int(start[5:7])
    total = year * 12 + (month - 1) + offset
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def months_between(start: str, end: str) -> int:
    """Number of months from start to end inclusive."""
    return (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7]) + 1


class BorderModel(mesa.Model):
    """The Mexico-US border manufacturing economy on a grid over the corridor."""

    def __init__(self, config: Scenario | None = None, seed: int | None = None) -> None:
        config = config or Scenario()
        seed = config.seed if seed is None else seed
        super().__init__(rng=seed)
        self.config = config
        self.seed = seed
        self.horizon = months_between(config.time.start, config.time.end)
        self.date = month_label(config.time.start, -1)
        streams = random_streams(seed, lambda: self.steps)
        rng = streams["population"].rng("build")

        world = config.world
        self.cities = load_cities(
            CONFIGS_DIR / world.cities_file,
            CONFIGS_DIR / world.wages_file,
            CONFIGS_DIR / world.sectors_file,
        )
        self.corridor = build_corridor(
            self.cities,
            world.cell_km,
            world.commute_radius_km,
            config.policy.sez_cities,
            self.random,
        )
        n_cities = len(self.cities)
        self.city_country = np.array([COUNTRY_CODE[c.country] for c in self.cities], dtype=np.int8)
        self.flows = Ledger(n_cities)
        self.placements = Placements()
        self.subsidy_availability = np.ones(n_cities)
        self.city_labour = CityLabour(
            self.cities,
            self.city_country,
            read_city_figures(CONFIGS_DIR / config.city.labour_file),
            config.city,
            config.population,
            config.population.population_scale,
            config.labour.matching_elasticity,
        )

        city_operative_wage = operative_wage_by_city(config, self.cities)
        self.plants = build_plants(
            config, self.cities, self.corridor, self.city_country, city_operative_wage, rng
        )
        national = national_mix(config.plants.sector_shares)
        self.plants = reserve_entry_slots(
            self.plants,
            config,
            city_operative_wage,
            np.array([city_mix(c.sector_shares, national) for c in self.cities]),
            streams["plant_entry"].rng("slots"),
        )
        self.plant_agents = place_plant_agents(self, self.plants, self.corridor)
        self.wages = Wages(self.plants, config.wages, self.city_labour.u_ref)
        self.wages.set(int(config.time.start[:4]))
        self.demand = Demand(config.demand, self.plants)  # measures wages against the start's
        self.workers, self.newcomers = build_workers(
            self,
            config,
            self.plants,
            self.city_labour,
            self.city_country,
            self.corridor,
            lambda: self.steps,  # the month transitions are stamped with
            rng,
            streams["newcomers"],
        )
        seed_initial_adopters(self.plants, config.automation, rng)
        set_demand_at_start(
            self.plants,
            new_tasks_per_job(config.automation),
            config.labour.initial_vacancy_rate.array,
        )
        jobs = self.plants.jobs_by_city(n_cities)
        self.payroll_jobs = PayrollJobs(self.plants, n_cities)
        labour = config.labour
        quits = labour.quit_rate_month.array[self.city_country]
        self.city_labour.start(
            self.workers.by_city[:, EMPLOYED].astype(float),
            self.workers.by_city[:, UNEMPLOYED].astype(float),
            jobs,
            quits * (1.0 - labour.job_to_job_share) * jobs,  # openings left after job-to-job moves
        )
        # this month's whole-city unemployment rate (the wage curve and adaptive training read it)
        self.city_rate = self.city_labour.u_ref.copy()
        self.other_vacancies = np.zeros(n_cities)  # this month's, by city

        centers = build_training_centers(
            self, config, self.cities, self.corridor, self.workers, rng
        )
        self.governments, self.federal = build_public_finance(
            self, config, self.cities, self.plants, self.flows
        )
        training_cost_month = config.training.cost_per_trainee_month.array
        self.training = TrainingSystem(
            self.workers,
            self.plants,
            centers,
            self.governments,
            config.training,
            config.policy,
            config.trial,
            self.flows,
            streams["training"],
            self.placements,
            training_cost_month,
            city_operative_wage,
            self.city_country,
        )
        self.training_reach = TrainingReach(
            self.city_labour,
            self.training,
            self.newcomers,
            config.training,
            config.policy,
            self.flows,
            streams["training"],
        )
        self.trial = Trial(
            self.workers, self.training, config.trial, config.time.start, streams["trial"]
        )
        self.automation = Automation(
            self.plants,
            config.automation,
            config.policy,
            self.governments,
            self.flows,
            streams["adoption"],
            peer_weights(
                self.corridor.city_distance_km <= world.imitation_radius_km,
                self.city_country,
                config.automation.cross_border_peer_weight,
                config.policy.regulatory_interoperability,
            ),
            np.array([config.plants.sector_automation_propensity.get(s, 1.0) for s in SECTORS]),
            config.wages.labour_burden.array,
        )
        self.displacement = Displacement(
            self.plants,
            self.workers,
            config,
            self.training,
            self.flows,
            streams["displacement"],
            training_cost_month,
        )
        self.labour_market = LabourMarket(
            self.workers,
            self.plants,
            self.city_labour,
            self.newcomers,
            self.placements,
            config,
            self.flows,
            streams["labour_market"],
            self.city_country,
            self.corridor.city_distance_km <= world.commute_radius_km,
        )
        self.plant_turnover = PlantEntryExit(
            self.plants, self.workers, config, self.flows, streams["plant_entry"], self.city_country
        )
        sez = self.corridor.layer("sez")
        in_sez = np.array([bool(sez[x, y]) for x, y in self.corridor.city_cell])
        self.sez_credit = config.policy.sez_tax_credit * in_sez  # by city, share of capex
        self.plant_turnover.expand_in_zones(self.sez_credit)
        self.careers = Careers(
            self.workers,
            self.city_labour,
            self.training,
            self.placements,
            config.training,
            streams["careers"],
        )
        self.recorder = Recorder(
            config,
            self.corridor,
            self.city_country,
            self.plants,
            self.workers,
            self.flows,
            self.placements,
            self.city_labour,
            self.labour_market,
            self.training,
            self.federal,
            self.governments,
            self.plant_turnover,
        )
        self.record: dict[str, float | int | str] = {}
        self.city_report = self.recorder.no_cities_yet()
        self.datacollector = mesa.DataCollector(
            model_reporters=model_reporters(),
            agenttype_reporters={MunicipalGovernment: city_reporters()},
        )

    # ------------------------------------------------------------------ the month
    def step(self) -> None:
        """Simulate one calendar month: its phases, in order."""
        year = self.turn_the_calendar()
        self.set_wages_and_demand(year)
        self.enter_and_exit(year)
        self.collect_levies()
        self.automate()
        self.separate(year)
        self.train()
        self.move_the_rest_of_the_labour_market()
        self.search_and_match()
        self.measure_unemployment()
        self.adapt_seats_and_close_budgets()
        self.record_the_month()

    def turn_the_calendar(self) -> int:
        """The month's date; in January the federal fiscal cap refills. Returns the year."""
        self.date = month_label(self.config.time.start, self.steps - 1)
        year, month = int(self.date[:4]), int(self.date[5:7])
        if month == 1:
            self.federal.new_year()
        return year

    def set_wages_and_demand(self, year: int) -> None:
        """Wages follow last month's unemployment; each plant's demand follows its sector's US
        output and its new wage; plants see how much of the public money they asked for their
        government could pay lately."""
        self.wages.follow(self.city_rate)
        self.wages.set(year)
        self.demand.advance(year)
        self.subsidy_availability = np.array([g.availability for g in self.governments])
        self.recorder.open_month()

    def enter_and_exit(self, year: int) -> None:
        """Plants exit (laying off their workers), then new plants enter and open vacancies
        in the cities they choose by wages, available labour and SEZ credits."""
        demand = self.demand.by_plant
        self.plant_turnover.exit(demand)
        unemployed, _ = agent_labour_force(self.workers, self.plants)
        labour = self.city_labour.unemployed + unemployed
        self.plant_turnover.enter(self.steps, year, demand, labour, self.sez_credit)

    def collect_levies(self) -> None:
        levy = self.config.government.payroll_levy_share
        collect_revenue(self.plants, self.governments, levy)

    def automate(self) -> None:
        self.automation.update_output_shares()
        self.automation.decide(self.steps, self.demand.by_plant, self.subsidy_availability)

    def separate(self, year: int) -> None:
        """Task switches, quits (attrition absorbs automated jobs), retirements, displacement
        beyond attrition (severance capped by the year's minimum wage), promotion from within."""
        demand = self.demand.by_plant
        self.displacement.switch_tasks(demand)
        operative_quits = self.labour_market.quits(demand)
        self.displacement.absorb_quits(operative_quits)
        self.labour_market.retirements()
        self.displacement.beyond_attrition(
            self.steps,
            demand,
            self.labour_market.quit_rate,
            self.subsidy_availability,
            self.config.wages.min_wage_usd_month(year),
        )
        self.displacement.promote_from_within(demand)

    def train(self) -> None:
        """Cohorts finish (sponsored graduates go back to their plant); the month's layoffs
        join the trial (when one runs); seekers apply; centers admit, then take the city
        stock's unemployed into the seats left (whose course ended: back to the stock)."""
        back = self.training.graduate(self.steps)
        self.labour_market.hire(back, self.workers.sponsor[back].astype(np.int64), self.steps)
        self.training_reach.course_ended(self.steps)
        self.trial.assign(self.steps)
        self.training.apply(self.workers.unemployed_pool())
        self.training.admit(self.steps)
        self.training_reach.month(self.steps)

    def move_the_rest_of_the_labour_market(self) -> None:
        """The city stocks' flows, the followed workers' moves within them (at last month's
        hiring chance), and the other sectors' vacancies they leave open."""
        unemployed, labour_force = agent_labour_force(self.workers, self.plants)
        in_course = public_trainees(self.workers, self.plants)
        self.city_labour.begin_month(unemployed, labour_force, in_course)
        self.careers.month(self.steps, self.labour_market.other_chance)
        self.other_vacancies = self.city_labour.other_vacancies(self.payroll_jobs.by_city())
        self.flows.add("other_vacancies", self.city_country, self.other_vacancies)

    def search_and_match(self) -> None:
        """Job seekers, public trainees and outsiders search; some unemployed (and trainees)
        take informal work, some unemployed emigrate; trainees who found work leave the course."""
        trainees = self.training.searching()
        self.labour_market.search_and_match(
            union_sorted(self.workers.unemployed_pool(), trainees),
            self.other_vacancies,
            self.steps,
            self.demand.by_plant,
        )
        still = trainees[self.workers.status[trainees] == TRAINING]
        pool = union_sorted(self.workers.unemployed_pool(), still)
        self.labour_market.informal_work_and_migration(pool)
        self.training.release_leavers()

    def measure_unemployment(self) -> None:
        """This month's whole-city unemployment rate, and the tightness migrants follow."""
        unemployed, labour_force = agent_labour_force(self.workers, self.plants)
        self.city_rate = self.city_labour.rate(unemployed, labour_force)
        self.city_labour.observe_tightness(
            self.flows.city["vacancies"] + self.other_vacancies,
            self.city_labour.unemployed + unemployed,
        )

    def adapt_seats_and_close_budgets(self) -> None:
        """The adaptive training rule acts on this month's unemployment; budgets close."""
        rule = self.config.policy.adaptive_training
        adapt_training_capacity(rule, self.training.centers, self.city_rate, self.steps)
        for government in self.governments:
            government.close_month()

    def record_the_month(self) -> None:
        self.trial.follow(self.steps)
        self.record = self.recorder.month(self.date, self.steps)
        self.city_report = self.recorder.cities()
        self.datacollector.collect(self)
        self.flows.close_month()
        if self.steps >= self.horizon:
            self.running = False

    @property
    def wage_level(self) -> np.ndarray:
        """Each city's wage level relative to the start month."""
        return self.wages.level

    def run(self, progress: Callable[[int], object] | None = None) -> None:
        """Run to the configured end month (`progress(step)` is called after each month)."""
        while self.running:
            self.step()
            if progress is not None:
                progress(self.steps)
