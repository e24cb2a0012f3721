"""BorderModel: the corridor, its plants, workers, training centers and governments, month by month.

Each step is one calendar month. Order within a month (`docs/model.md`, "Process overview and
scheduling"): wages follow the wage curve and demand the calendar, governments collect their
levy, plants' output shares follow their unit costs, plants automate (cancelling vacancies and
switching incumbents to new tasks), workers quit and retire (quits at plants with automated
jobs are not replaced), plants displace what attrition cannot absorb, training cohorts finish
and new trainees are admitted, the rest of each city's labour market moves (separations,
entry, participation, migration), job seekers and outsiders search, some unemployed take
informal work or emigrate, and the DataCollector records the month.
"""

from __future__ import annotations

from collections import defaultdict

import mesa
import numpy as np

from sim.agents.government import MunicipalGovernment
from sim.agents.plant import Plant
from sim.agents.registry import WorkerRegistry
from sim.agents.training_center import TrainingCenter
from sim.config import CONFIGS_DIR, Scenario
from sim.mechanisms.automation import (
    decide_automation,
    new_tasks_per_job,
    peer_weights,
    seed_initial_adopters,
    set_demand_at_start,
    update_output_shares,
)
from sim.mechanisms.city import CityLabour, read_city_figures
from sim.mechanisms.displacement import (
    displace_beyond_attrition,
    promote_from_within,
    switch_tasks,
)
from sim.mechanisms.labour_market import LabourMarket
from sim.mechanisms.matching import wage_curve
from sim.mechanisms.newcomers import Newcomers
from sim.mechanisms.public_finance import (
    FederalMatching,
    adapt_training_capacity,
    collect_revenue,
)
from sim.mechanisms.training import TrainingSystem
from sim.outputs import city_reporters, model_reporters
from sim.record import monthly_record, update_city_reports
from sim.state.codes import (
    COUNTRY_NAMES,
    DEPARTED,
    EMPLOYED,
    N_COUNTRIES,
    OPERATIVE,
    SECTORS,
    TECHNICIAN,
    UNEMPLOYED,
)
from sim.state.ledger import Ledger
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable
from sim.world.cities import load_cities
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

        world = config.world
        self.cities = load_cities(CONFIGS_DIR / world.cities_file, CONFIGS_DIR / world.wages_file)
        self.corridor = build_corridor(
            self.cities,
            world.cell_km,
            world.commute_radius_km,
            config.policy.sez_cities,
            self.random,
        )
        self.city_country = np.array([COUNTRY_CODE[c.country] for c in self.cities], dtype=np.int8)
        self.demand_index = np.ones(N_COUNTRIES)
        self.burden = np.array([config.wages.labour_burden_mx, config.wages.labour_burden_us])
        self.training_cost_month = np.array(
            [config.training.cost_per_trainee_month_mx, config.training.cost_per_trainee_month_us]
        )
        self.sector_propensity = np.array(
            [config.plants.sector_automation_propensity.get(s, 1.0) for s in SECTORS]
        )
        self.peer_weights = peer_weights(
            self.corridor.city_distance_km <= world.imitation_radius_km,
            self.city_country,
            config.automation.cross_border_peer_weight,
            config.policy.regulatory_interoperability,
        )
        self.subsidy_availability = np.ones(len(self.cities))
        self.flows = Ledger(len(self.cities))
        self.graduates_by_month: dict[int, int] = defaultdict(int)
        self.placed_by_month: dict[int, int] = defaultdict(int)

        self.city_labour = CityLabour(
            self.cities,
            self.city_country,
            read_city_figures(CONFIGS_DIR / config.city.labour_file),
            config.city,
            config.population,
            config.population.population_scale,
            config.labour.matching_elasticity,
        )
        self.wage_level = np.ones(len(self.cities))  # city wages relative to 2022-01
        self._build_plants()
        self._set_wages(int(config.time.start[:4]))
        self._build_workers()
        seed_initial_adopters(self.plants, config.automation, self.rng)
        set_demand_at_start(
            self.plants,
            new_tasks_per_job(config),
            np.array(
                [config.labour.initial_vacancy_rate_mx, config.labour.initial_vacancy_rate_us]
            ),
        )
        jobs = self.manufacturing_jobs_by_city()
        self.wage0 = self.plants.wage.copy()  # 2022-01 pay by plant and skill
        self.pay_per_job0 = self._payroll_by_city() / np.maximum(jobs, 1)
        labour = config.labour
        quits = np.where(
            self.city_country == 0, labour.quit_rate_month_mx, labour.quit_rate_month_us
        )
        self.city_labour.start(
            self.workers.by_city[:, EMPLOYED].astype(float),
            self.workers.by_city[:, UNEMPLOYED].astype(float),
            jobs,
            quits * (1.0 - labour.job_to_job_share) * jobs,  # openings left after job-to-job moves
        )
        self.city_rate = self.city_labour.u_ref.copy()
        self._build_institutions()
        self.labour_market = LabourMarket(self, self.newcomers)
        self.initial_operatives = self.workers.counts[:, OPERATIVE, 0].astype(float)
        self.operatives_at_start = self.initial_operatives.copy()
        self.record: dict = {}
        self.datacollector = mesa.DataCollector(
            model_reporters=model_reporters(),
            agenttype_reporters={MunicipalGovernment: city_reporters()},
        )

    # ------------------------------------------------------------------ building
    def _build_plants(self) -> None:
        config = self.config
        scale = config.population.population_scale
        spec = config.plants
        rng = self.rng
        rows = []
        for k, city in enumerate(self.cities):
            employed = int(np.floor(city.employment * scale + rng.random()))
            if employed == 0:
                continue
            real_plants = max(city.employment / spec.mean_plant_size_real, 1.0)
            n = int(np.clip(round(real_plants * scale**spec.plant_scale_exponent), 1, employed))
            mu = np.log(spec.mean_plant_size_real) - spec.plant_size_sigma**2 / 2
            sizes = rng.lognormal(mu, spec.plant_size_sigma, n)
            heads = rng.multinomial(employed - n, sizes / sizes.sum()) + 1
            rows.append((k, sizes, heads, real_plants / n))
        n_total = sum(len(r[1]) for r in rows)
        plants = PlantTable(n_total)
        sector_names = list(spec.sector_shares)
        sector_p = np.array([spec.sector_shares[s] for s in sector_names])
        sector_code = np.array([SECTORS.index(s) if s in SECTORS else 4 for s in sector_names])
        wages = config.wages
        national = {
            "MX": wages.mx_operative_usd_hour * wages.hours_per_month_mx,
            "US": wages.us_operative_usd_hour * wages.hours_per_month_us,
        }
        # operative wage before plant dispersion, USD/month; applicants weigh stipends by it
        self.city_operative_wage = np.array(
            [national[c.country] * c.wage_index for c in self.cities]
        )
        i = 0
        sez_layer = self.corridor.layer("sez")
        for k, sizes, heads, weight in rows:
            sl = slice(i, i + len(sizes))
            plants.city[sl] = k
            plants.country[sl] = self.city_country[k]
            plants.real_size[sl] = sizes
            plants.weight[sl] = weight
            plants.sme[sl] = sizes < spec.sme_threshold_workers
            plants.sector[sl] = sector_code[rng.choice(len(sector_names), len(sizes), p=sector_p)]
            cx, cy = self.corridor.city_cell[k]
            plants.in_sez[sl] = bool(sez_layer[cx, cy])
            plants.headcount[sl, OPERATIVE] = heads  # split into skills when workers are made
            wage_noise = rng.lognormal(
                -(config.wages.plant_wage_sigma**2) / 2, config.wages.plant_wage_sigma, len(sizes)
            )
            plants.base_wage[sl] = self.city_operative_wage[k] * wage_noise
            i += len(sizes)
        self.plants = plants
        grid = self.corridor.grid
        self.plant_agents = [
            Plant(self, p, grid[tuple(int(v) for v in self.corridor.city_cell[plants.city[p]])])
            for p in range(n_total)
        ]

    def _set_wages(self, year: int) -> None:
        """This month's wages: each city's wage level (the wage curve) on the plants' base
        wages; Mexican operatives never below the border-zone minimum wage."""
        wages = self.config.wages
        plants = self.plants
        floor = wages.min_wage_usd_month(year)
        base = plants.base_wage * self.wage_level[plants.city]
        operative = np.where(plants.country == 0, np.maximum(base, floor), base)
        premium = np.where(
            plants.country == 0, wages.technician_premium_mx, wages.technician_premium_us
        )
        plants.wage[:, OPERATIVE] = operative
        plants.wage[:, TECHNICIAN] = operative * premium

    def _build_workers(self) -> None:
        config = self.config
        pop, labour = config.population, config.labour
        plants = self.plants
        rng = self.rng
        heads = plants.headcount[:, OPERATIVE].copy()
        plants.headcount[:] = 0
        tech_share = np.where(plants.country == 0, pop.technician_share_mx, pop.technician_share_us)
        techs = rng.binomial(heads, tech_share)
        employer = np.repeat(np.arange(plants.n), heads)
        skill = (
            np.concatenate(
                [
                    np.r_[np.full(t, TECHNICIAN), np.full(h - t, OPERATIVE)]
                    for h, t in zip(heads, techs, strict=True)
                ]
            ).astype(np.int8)
            if plants.n
            else np.empty(0, dtype=np.int8)
        )
        city = plants.city[employer].astype(np.int64)
        u_rate = self.city_labour.initial_unemployed_agents_rate()
        employed_by_city = np.bincount(city, minlength=len(self.cities))
        seekers = rng.binomial(employed_by_city, u_rate / (1.0 - np.minimum(u_rate, 0.99)))
        seeker_city = np.repeat(np.arange(len(self.cities)), seekers)
        total = len(employer) + len(seeker_city)
        self.workers = WorkerTable(
            self.city_country,
            plants,
            lambda: self.steps,
            WorkerRegistry(self),
            capacity=int(total * 1.25) + 64,
        )
        self.newcomers = Newcomers(
            self.workers, self.city_country, self.corridor.city_cells, pop, rng
        )
        hired = self.newcomers.add(city, since=0)
        self.workers.set_skill(hired[skill == TECHNICIAN], TECHNICIAN)
        self.workers.employ(hired, employer)
        self.plants.rosters.merge()  # sort the initial rosters in the build, not in month 1
        quit_rate = np.where(
            self.city_country[city] == 0, labour.quit_rate_month_mx, labour.quit_rate_month_us
        )
        self.workers.hire_step[hired] = -rng.geometric(np.maximum(quit_rate, 1e-3)) + 1
        durations = rng.geometric(0.4, len(seeker_city))
        self.newcomers.add(seeker_city, since=-durations + 1)

    def _build_institutions(self) -> None:
        config = self.config
        grid = self.corridor.grid
        labour_force = self.workers.by_city[:, :DEPARTED].sum(axis=1)
        centers = []
        for k in range(len(self.cities)):
            cell = grid[tuple(int(v) for v in self.corridor.city_cell[k])]
            seats = config.training.seats_per_1000_workers * labour_force[k] / 1000.0
            centers.append(TrainingCenter(self, k, seats, cell))
        by_id = {c.id: k for k, c in enumerate(self.cities)}
        if config.policy.binational_training:
            for k, city in enumerate(self.cities):
                if city.twin_id is not None and city.twin_id in by_id:
                    centers[k].binational = True
                    centers[k].twin = centers[by_id[city.twin_id]]
        self.training = TrainingSystem(self, centers)
        self.governments = [MunicipalGovernment(self, k) for k in range(len(self.cities))]
        scale = config.population.population_scale
        self.federal = FederalMatching(
            config.policy.federal_matching_rate,
            config.policy.federal_fiscal_cap_usd_per_year * scale,
        )
        payroll = (self.plants.headcount * self.plants.wage).sum(axis=1)
        by_city = np.bincount(self.plants.city, weights=payroll, minlength=len(self.cities))
        opening = config.government.initial_budget_months * config.government.payroll_levy_share
        for government, amount in zip(self.governments, by_city.tolist(), strict=True):
            government.balance = opening * amount

    # ------------------------------------------------------------------ the month
    def step(self) -> None:
        """Simulate one calendar month."""
        config = self.config
        self.date = month_label(config.time.start, self.steps - 1)
        year, month = int(self.date[:4]), int(self.date[5:7])
        if month == 1:
            self.federal.new_year()
        wages = config.wages
        target = wage_curve(self.city_rate, self.city_labour.u_ref, wages.wage_curve_elasticity)
        self.wage_level += wages.wage_adjustment_per_month * (target - self.wage_level)
        self._set_wages(year)
        for c, country in enumerate(COUNTRY_NAMES):
            self.demand_index[c] *= (1.0 + config.demand.growth(country, year)) ** (1.0 / 12.0)
        self.subsidy_availability = np.array([g.availability for g in self.governments])
        self.operatives_at_start = np.bincount(  # operative jobs by plant country
            self.plants.country, weights=self.plants.headcount[:, OPERATIVE], minlength=N_COUNTRIES
        )

        collect_revenue(self)
        update_output_shares(self)
        decide_automation(self)
        switch_tasks(self)
        self.labour_market.quits()
        self.labour_market.retirements()
        displace_beyond_attrition(self)
        promote_from_within(self)
        back = self.training.graduate()
        self.labour_market.hire(back, self.workers.sponsor[back].astype(np.int64))
        pool = self.workers.unemployed_pool()
        self.training.apply(pool)
        self.training.admit()
        agents_unemployed, agents_labour_force = self.agent_labour_force()
        self.city_labour.begin_month(agents_unemployed, agents_labour_force)
        other_vacancies = self.city_labour.other_vacancies(self.payroll_jobs_by_city())
        self.flows.add("other_vacancies", self.city_country, other_vacancies)
        self.labour_market.search_and_match(self.workers.unemployed_pool(), other_vacancies)
        self.labour_market.informal_work_and_migration(self.workers.unemployed_pool())
        agents_unemployed, agents_labour_force = self.agent_labour_force()
        self.city_rate = self.city_labour.rate(agents_unemployed, agents_labour_force)
        self.city_labour.observe_tightness(
            self.flows.city["vacancies"] + other_vacancies,
            self.city_labour.unemployed + agents_unemployed,
        )

        update_city_reports(self)
        adapt_training_capacity(self)
        for government in self.governments:
            government.close_month()
        self.record = monthly_record(self)
        self.datacollector.collect(self)
        self.flows.close_month()
        if self.steps >= self.horizon:
            self.running = False

    def manufacturing_jobs_by_city(self) -> np.ndarray:
        """Filled manufacturing jobs (operatives + technicians) by plant city."""
        heads = self.plants.headcount.sum(axis=1)
        return np.bincount(self.plants.city, weights=heads, minlength=len(self.cities))

    def _payroll_by_city(self) -> np.ndarray:
        """Manufacturing payroll by plant city at 2022-01 pay (moves with jobs and skill mix)."""
        payroll = (self.plants.headcount * self.wage0).sum(axis=1)
        return np.bincount(self.plants.city, weights=payroll, minlength=len(self.cities))

    def payroll_jobs_by_city(self) -> np.ndarray:
        """Manufacturing payroll by plant city, in jobs at the city's 2022-01 pay per job: a
        technician counts for more than an operative, so automation's new tasks count too."""
        return self._payroll_by_city() / np.maximum(self.pay_per_job0, 1e-9)

    def agent_labour_force(self) -> tuple[np.ndarray, np.ndarray]:
        """Unemployed agents and agents in the labour force, by city of residence: employed,
        unemployed, and trainees their plant keeps paying (public trainees are students)."""
        by_city = self.workers.by_city
        sponsored = np.bincount(
            self.plants.city, weights=self.plants.trainees, minlength=len(self.cities)
        )
        unemployed = by_city[:, UNEMPLOYED].astype(float)
        return unemployed, by_city[:, EMPLOYED] + unemployed + sponsored

    def run(self, progress=None) -> None:
        """Run to the configured end month (`progress(step)` is called after each month)."""
        while self.running:
            self.step()
            if progress is not None:
                progress(self.steps)
