"""The rest of each city's labour market: other formal jobs, informal work, the unemployed who
are not attached to manufacturing, people out of the labour force, entry, retirement and
migration.

Manufacturing workers and their job seekers are Mesa agents (`WorkerTable`); everyone else in
the city is a stock in this module, in model units (real people x population_scale), moved by
deterministic monthly flows. The two meet in the matching: manufacturing job seekers may take a
non-manufacturing job or informal work (they then leave the agent population for these stocks),
and outsiders apply to operative jobs (a hired outsider becomes an agent). Unemployment, labour
force and participation therefore mean what ENOE and LAUS mean: the whole city, by residence.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.config.schema import CityConfig, PopulationConfig
from sim.mechanisms.matching import (
    REFERENCE_MONTHS,
    hiring_chance,
    matching_efficiency_for,
    tightness_response,
)
from sim.state.codes import EMPLOYED, TRAINING, UNEMPLOYED
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable
from sim.world.cities import City


@dataclass(frozen=True)
class CityFigures:
    """Observed 2022 figures of one city (None where the file has none)."""

    unemployment_rate: float | None
    informality_share: float | None
    participation_rate: float | None


def read_city_figures(path: Path) -> dict[str, CityFigures]:
    """The per-city labour figures file: city_id -> observed figures."""

    def number(text: str) -> float | None:
        return float(text) if text.strip() else None

    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["city_id"]: CityFigures(
                number(row["unemployment_rate_2022"]),
                number(row["informality_share"]),
                number(row["participation_rate"]),
            )
            for row in csv.DictReader(handle)
        }


class CityLabour:
    """Stocks and flows of each city's labour market outside the manufacturing agents.

    Built with the cities, their country codes and observed figures, and its config sections;
    each month it is given the agents' unemployed and labour force by city, payroll jobs, and
    what the labour market moves between the agents and the stocks."""

    reads = (
        "agents unemployed and in the labour force by city (arguments)",
        "payroll jobs by city (argument)",
        "vacancies and unemployed for tightness (arguments)",
    )
    writes = (
        "its stocks: other jobs, informal, unemployed, inactive, working age",
        "net migration, tightness",
    )

    def __init__(
        self,
        cities: list[City],
        country: np.ndarray,
        figures: dict[str, CityFigures],
        config: CityConfig,
        population: PopulationConfig,
        scale: float,
        alpha: float,
    ) -> None:
        self.config = config
        self.country = country
        self.alpha = alpha
        default_u = population.initial_unemployment_rate.array[country]
        default_informal = config.informality_share.array[country]
        default_part = config.participation_rate.array[country]

        def observed(field: str, default: np.ndarray) -> np.ndarray:
            values = [getattr(figures.get(c.id), field, None) for c in cities]
            return np.array([d if v is None else v for v, d in zip(values, default, strict=True)])

        self.u_ref = observed("unemployment_rate", default_u)
        self.informality0 = observed("informality_share", default_informal)
        self.participation_ref = observed("participation_rate", default_part)
        working_age_share = config.working_age_share.array[country]
        self.working_age = np.array([c.population for c in cities], dtype=float)
        self.working_age *= working_age_share * scale
        self.manufacturing_real = np.array([c.employment for c in cities], dtype=float)
        # filled by `start` once the agents exist
        self.labour_force_raised: list[str] = []
        self.other_jobs = np.zeros(len(cities))
        self.informal = np.zeros(len(cities))
        self.unemployed = np.zeros(len(cities))
        self.inactive = np.zeros(len(cities))
        self.demand0 = np.zeros(len(cities))
        self.efficiency = np.zeros(len(cities))
        self.informal_exit = np.zeros(len(cities))
        self.manufacturing_jobs0 = np.zeros(len(cities))
        self.net_migration = np.zeros(len(cities))
        self.tightness = np.ones(len(cities))  # vacancies per unemployed person, last month
        self.tightness_ref = np.ones(len(cities))  # its mean over the first twelve months
        self._tightness_seen: list[np.ndarray] = []
        self.hired_outsiders = np.zeros(len(cities))
        self.skill_jobs = np.zeros(len(cities))  # formal jobs the course's return created
        self.months = 0
        self._ids = [c.id for c in cities]

    # ------------------------------------------------------------------ the start
    def initial_unemployed_agents_rate(self) -> np.ndarray:
        """Each city's 2022-01 unemployment rate, for the manufacturing seekers built as agents."""
        return self.u_ref

    def start(
        self,
        agents_employed: np.ndarray,
        agents_unemployed: np.ndarray,
        manufacturing_jobs: np.ndarray,
        manufacturing_vacancies: np.ndarray,
    ) -> None:
        """Fill the stocks around the agents so each city starts at its observed rates, and set
        the matching efficiency and informal exits so the start is a steady state (formal
        hires replace separations; informal exits balance informal entry)."""
        cfg = self.config
        labour_force = self.working_age * self.participation_ref
        floor = manufacturing_jobs / cfg.max_manufacturing_share
        raised = floor > labour_force
        self.labour_force_raised = [cid for cid, r in zip(self._ids, raised, strict=True) if r]
        labour_force = np.maximum(labour_force, floor)
        self.working_age = np.maximum(self.working_age, labour_force / self.participation_ref)
        unemployed = self.u_ref * labour_force
        self.unemployed = np.maximum(unemployed - agents_unemployed, 0.0)
        employed = labour_force - agents_unemployed - self.unemployed
        self.informal = self.informality0 * employed
        self.other_jobs = np.maximum(employed - agents_employed - self.informal, 0.05 * employed)
        self.inactive = np.maximum(self.working_age - labour_force, 0.0)
        separation = self.separation_rate()
        self.demand0 = self.other_jobs * (1.0 + cfg.other_vacancy_rate)
        vacancies0 = self.other_jobs * (separation + cfg.other_vacancy_rate)
        # manufacturing seekers apply to other jobs in proportion to the vacancies they see
        pull = cfg.manufacturing_seeker_other_weight * vacancies0
        seeking_other = np.divide(
            pull, pull + manufacturing_vacancies, out=np.zeros_like(pull), where=pull > 0
        )
        applicants0 = (
            self.unemployed * (1.0 - self.outsider_share()) + seeking_other * agents_unemployed
        )
        self.efficiency = matching_efficiency_for(
            separation * self.other_jobs, applicants0, vacancies0, self.alpha
        )
        entry = cfg.informal_entry_rate_month.array[self.country]
        total_unemployed = self.unemployed + agents_unemployed
        self.informal_exit = np.divide(
            entry * total_unemployed,
            self.informal,
            out=np.zeros_like(self.informal),
            where=self.informal > 0,
        )
        self.manufacturing_jobs0 = manufacturing_jobs.astype(float)

    # ------------------------------------------------------------------ rates
    def separation_rate(self) -> np.ndarray:
        cfg = self.config
        return cfg.other_separation_rate_month.array[self.country]

    def outsider_share(self) -> np.ndarray:
        """Share of non-manufacturing job seekers who apply to operative jobs this month."""
        cfg = self.config
        return cfg.outsider_manufacturing_search_share.array[self.country]

    def informal_entry_rate(self) -> np.ndarray:
        cfg = self.config
        return cfg.informal_entry_rate_month.array[self.country]

    # ------------------------------------------------------------------ the month
    def demand(self, manufacturing_jobs: np.ndarray) -> np.ndarray:
        """Formal non-manufacturing jobs wanted: trend growth plus the local multiplier on the
        manufacturing payroll the city's plants gained or lost since 2022-01 (in jobs at the
        city's 2022 average manufacturing pay), plus the jobs created for completers' skills
        (`skills_hired`)."""
        cfg = self.config
        growth = cfg.other_demand_growth_per_year.array[self.country]
        trend = (1.0 + growth) ** (self.months / 12.0)
        return np.maximum(
            self.demand0 * trend
            + cfg.local_multiplier * (manufacturing_jobs - self.manufacturing_jobs0)
            + self.skill_jobs,
            0.0,
        )

    def begin_month(
        self,
        agents_unemployed: np.ndarray,
        agents_labour_force: np.ndarray,
        agents_in_course: np.ndarray,
    ) -> None:
        """Separations, informal exits, entry, retirement, participation and migration of the
        stocks; `net_migration` (model people, + in) is left for the agents' share."""
        cfg = self.config
        self.months += 1
        separation = self.separation_rate()
        separated = separation * self.other_jobs
        self.skill_jobs -= separation * self.skill_jobs  # they end with the match
        left_informal = self.informal_exit * self.informal
        self.other_jobs -= separated
        self.informal -= left_informal
        self.unemployed += separated + left_informal

        entrants = cfg.entry_rate_per_year.array[self.country] / 12.0 * self.working_age
        participation = self.labour_force(agents_labour_force) / self.working_age
        self.unemployed += entrants * participation
        self.inactive += entrants * (1.0 - participation)
        retire = cfg.retirement_rate_per_year.array[self.country] / 12.0
        for stock in (self.other_jobs, self.informal, self.inactive):
            self.working_age -= retire * stock
            stock -= retire * stock
        self.working_age += entrants

        labour_force = self.labour_force(agents_labour_force)
        rate = self.rate(agents_unemployed, agents_labour_force)
        target = participation_target(
            self.participation_ref,
            rate - self.u_ref,
            self.tightness / self.tightness_ref,
            cfg.participation_unemployment_response,
            cfg.participation_tightness_elasticity,
        )
        attached = labour_force + agents_in_course
        gap = (target - attached / self.working_age) * self.working_age
        move = cfg.participation_adjustment_per_month * gap
        move = np.clip(move, -self.unemployed, self.inactive)  # enter from / leave to inactivity
        self.unemployed += move
        self.inactive -= move

        rate = self.rate(agents_unemployed, agents_labour_force)
        arrivals = cfg.in_migration_rate_per_year.array[self.country]
        pull = (
            arrivals
            / 12.0
            * labour_force
            * tightness_response(
                self.tightness / self.tightness_ref, cfg.migration_demand_elasticity
            )
        )
        push = cfg.migration_response_per_month * (self.u_ref - rate) * labour_force
        self.net_migration = pull + push

    def migrate(self, agents_left: np.ndarray) -> None:
        """Apply this month's migration: arrivals look for work; leavers are unemployed people,
        agents among them in proportion (`agents_left` of them already departed)."""
        arriving = np.maximum(self.net_migration, 0.0)
        leaving = np.maximum(-self.net_migration, 0.0) - agents_left
        leaving = np.clip(leaving, 0.0, self.unemployed)
        self.unemployed += arriving - leaving
        self.working_age += arriving - leaving - agents_left
        self.net_migration = arriving - leaving - agents_left

    def agent_emigration_chance(self, agents_unemployed: np.ndarray) -> np.ndarray:
        """Chance an unemployed agent is among this month's emigrants (their share of the
        unemployed)."""
        leaving = np.maximum(-self.net_migration, 0.0)
        everyone = self.unemployed + agents_unemployed
        return np.divide(leaving, everyone, out=np.zeros_like(leaving), where=everyone > 0).clip(
            0.0, 1.0
        )

    def observe_tightness(self, vacancies: np.ndarray, unemployed: np.ndarray) -> None:
        """Record this month's vacancies per unemployed person (migrants follow it)."""
        self.tightness = vacancies / np.maximum(unemployed, 1e-9)
        if len(self._tightness_seen) < REFERENCE_MONTHS:
            self._tightness_seen.append(self.tightness)
            self.tightness_ref = np.maximum(np.mean(self._tightness_seen, axis=0), 1e-9)

    def other_vacancies(self, manufacturing_jobs: np.ndarray) -> np.ndarray:
        return np.maximum(self.demand(manufacturing_jobs) - self.other_jobs, 0.0)

    def match_other(self, vacancies: np.ndarray, agent_applicants: np.ndarray) -> np.ndarray:
        """Hires into formal non-manufacturing jobs this month: outsiders by expectation; returns
        each city's hiring chance, which the agent applicants face too."""
        outsiders = self.unemployed * (1.0 - self.outsider_share())
        chance = hiring_chance(outsiders + agent_applicants, vacancies, self.efficiency, self.alpha)
        hired = chance * outsiders
        self.unemployed -= hired
        self.other_jobs += hired
        return chance

    def take_informal_work(self) -> None:
        """Unemployed outsiders who start informal work this month."""
        started = self.informal_entry_rate() * self.unemployed
        self.unemployed -= started
        self.informal += started

    def receive(self, other_jobs: np.ndarray, informal: np.ndarray) -> None:
        """Agents who left manufacturing for a formal job or informal work in their city."""
        self.other_jobs += other_jobs
        self.informal += informal

    def hire_from_stocks(self, unemployed: np.ndarray, informal: np.ndarray) -> None:
        """Formal hires beyond the stocks' own rates (course completers the model follows):
        the course's return, so they also create jobs (`skills_hired`)."""
        self.unemployed -= unemployed
        self.informal -= informal
        self.other_jobs += unemployed + informal
        self.skills_hired(unemployed + informal)

    def skills_hired(self, hires: np.ndarray) -> None:
        """Formal hires owed to a completed course's return, by city, each create
        `skill_job_creation` formal jobs: firms open jobs for the skills they find (Acemoglu
        1996), so the course's return does not only reorder the queue for a fixed number of
        jobs (at 0 it does: pure displacement). The jobs last as long as the matches they were
        created for: they end at the formal jobs' separation rate (`begin_month`)."""
        self.skill_jobs += self.config.skill_job_creation * hires

    def enter_training(self, people: np.ndarray) -> None:
        """Unemployed people who took a public training seat leave the unemployed stock (they
        become agents, in training); never more than the stock holds."""
        self.unemployed -= people

    def leave_training(self, people: np.ndarray) -> None:
        """Stock trainees whose course ended come back to the unemployed stock (they left
        manufacturing: `sim.mechanisms.training_reach`)."""
        self.unemployed += people

    def retire(self, agents: np.ndarray) -> None:
        """Agents who retired leave the working-age population."""
        self.working_age -= agents

    def outsiders_hired(self, hired: np.ndarray) -> None:
        """Outsiders hired into manufacturing leave the unemployed stock (they become agents).

        A whole hire can exceed a small city's fractional stock of unemployed outsiders; the
        rest comes from out of the labour force, or from elsewhere when nobody is inactive, so
        every person is counted once."""
        from_unemployed = np.minimum(hired, self.unemployed)
        rest = hired - from_unemployed
        from_inactive = np.minimum(rest, self.inactive)
        self.unemployed -= from_unemployed
        self.inactive -= from_inactive
        self.working_age += rest - from_inactive

    # ------------------------------------------------------------------ statistics
    def labour_force(self, agents_labour_force: np.ndarray) -> np.ndarray:
        return self.other_jobs + self.informal + self.unemployed + agents_labour_force

    def rate(self, agents_unemployed: np.ndarray, agents_labour_force: np.ndarray) -> np.ndarray:
        """Whole-city unemployment rate: unemployed / labour force, by residence."""
        force = self.labour_force(agents_labour_force)
        return np.divide(
            self.unemployed + agents_unemployed, force, out=np.zeros_like(force), where=force > 0
        )


def participation_target(
    reference: np.ndarray,
    unemployment_gap: np.ndarray,
    relative_tightness: np.ndarray,
    unemployment_response: float,
    tightness_elasticity: float,
) -> np.ndarray:
    """The participation rate a city's labour force moves toward: its 2022 rate scaled by
    relative tightness^elasticity (openings draw people in or leave them discouraged), less
    `unemployment_response` points per point of unemployment above 2022 (Erceg & Levin 2014)."""
    return (
        reference * tightness_response(relative_tightness, tightness_elasticity)
        - unemployment_response * unemployment_gap
    )


def agent_labour_force(workers: WorkerTable, plants: PlantTable) -> tuple[np.ndarray, np.ndarray]:
    """Unemployed agents and agents in the labour force, by city of residence: employed,
    unemployed, and trainees their plant keeps paying (public trainees are students)."""
    by_city = workers.by_city
    unemployed = by_city[:, UNEMPLOYED].astype(float)
    return unemployed, by_city[:, EMPLOYED] + unemployed + _sponsored(plants, len(by_city))


def public_trainees(workers: WorkerTable, plants: PlantTable) -> np.ndarray:
    """Agents in a public course, by city of residence: out of the labour force until it ends."""
    by_city = workers.by_city
    return by_city[:, TRAINING] - _sponsored(plants, len(by_city))


def _sponsored(plants: PlantTable, n_cities: int) -> np.ndarray:
    """Trainees their plant keeps paying, by plant city."""
    return np.bincount(plants.city, weights=plants.trainees, minlength=n_cities)


class PayrollJobs:
    """Manufacturing payroll by plant city, in jobs at the city's start pay per job: a
    technician counts for more than an operative, so automation's new tasks count too (what
    the local multiplier works on). Measured at start pay, it moves with jobs and skill mix."""

    reads = ("plants.headcount", "plants.city", "plants.wage (at the start)")
    writes = ()

    def __init__(self, plants: PlantTable, n_cities: int) -> None:
        self.plants = plants
        self.n_cities = n_cities
        self.wage0 = plants.wage.copy()  # start pay by plant and skill
        jobs = plants.jobs_by_city(n_cities)
        self.pay_per_job0 = self._payroll_at_start_pay() / np.maximum(jobs, 1)

    def _payroll_at_start_pay(self) -> np.ndarray:
        payroll = (self.plants.headcount * self.wage0).sum(axis=1)
        return np.bincount(self.plants.city, weights=payroll, minlength=self.n_cities)

    def by_city(self) -> np.ndarray:
        """This month's payroll jobs by plant city."""
        return self._payroll_at_start_pay() / np.maximum(self.pay_per_job0, 1e-9)
