"""The manufacturing labour market: quits, vacancies, job search within commuting reach.

Job seekers (the unemployed agents, a flow-sized set) each apply to one market a month: a
(city, skill) pair within commuting reach, or their home city's non-manufacturing jobs, chosen
in proportion to open vacancies. Crossing the border needs a work permit, and a technician job
across the border also needs a credential the other side recognises. Outsiders (the city's
other job seekers, `city.py`) apply to operative jobs too. In each market the matching function
(`matching.py`) sets the hiring chance from applicants and vacancies; hires go to plants in
proportion to their openings; a seeker who completed a training course is found with that
chance times the course's return (`course_return`). Quits rise and fall with the
tightness of the market. Everything is vectorised over seekers and vacancies, never over the
stock.
"""

from __future__ import annotations

import numpy as np

from sim.arrays import run_starts, stable_order
from sim.config.schema import Scenario
from sim.mechanisms.automation import new_tasks_per_job
from sim.mechanisms.city import CityLabour
from sim.mechanisms.draws import Draws, stochastic_round
from sim.mechanisms.matching import REFERENCE_MONTHS, hiring_chance, tightness_response
from sim.mechanisms.newcomers import Newcomers
from sim.mechanisms.training import course_return
from sim.state.codes import (
    EMPLOYED,
    N_COUNTRIES,
    N_SKILLS,
    OPERATIVE,
    TECHNICIAN,
    TO_INFORMAL,
    TO_OTHER_JOB,
    TRAINING,
    UNEMPLOYED,
)
from sim.state.ledger import Ledger, Placements
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable


class LabourMarket:
    """Reach between cities and the monthly search and matching.

    Built with the worker and plant tables, the rest of each city's labour market
    (`CityLabour`), the newcomers outsiders become when hired, the placement log, config
    sections, the ledger, the random stream, `city_country` and `near` (city pairs within
    commuting reach). Each month it is given the month, each plant's demand factor, the job
    seekers and the other sectors' vacancies."""

    reads = (
        "workers.status",
        "workers.skill",
        "workers.city",
        "workers.country",
        "workers.employer",
        "workers.permit",
        "workers.binational_credential",
        "workers.unemployed_since",
        "workers.graduated_step",
        "workers.displaced_step",
        "workers.training_start",
        "workers.trained",
        "workers.long_term_at_entry",
        "plants targets (demand factor by plant)",
        "plants.headcount",
        "plants.trainees",
        "plants.city",
        "plants.country",
        "city labour stocks (outsiders, emigration)",
        "job seekers, other-sector vacancies (arguments)",
    )
    writes = (
        "workers (quits, retirements, hires, departures; through the worker table)",
        "workers.left_for (through the worker table's departures)",
        "workers.graduated_step",
        "workers.displaced_step",
        "city labour stocks (retirements, hires, informal work, migration, jobs created for "
        "completers' skills)",
        "quit rate by country",
        "flows: quits, operative_separations, job_to_job, retirements, vacancies, hires, "
        "outsider_hires, cross_border_hires, displaced_reemployed, to_other_sector, "
        "to_informal, net_migration",
        "placements (graduates hired by plants or into other formal jobs)",
    )

    def __init__(
        self,
        workers: WorkerTable,
        plants: PlantTable,
        city_labour: CityLabour,
        newcomers: Newcomers,
        placements: Placements,
        config: Scenario,
        flows: Ledger,
        draws: Draws,
        city_country: np.ndarray,
        near: np.ndarray,
    ) -> None:
        self.workers = workers
        self.plants = plants
        self.city_labour = city_labour
        self.newcomers = newcomers
        self.placements = placements
        self.labour = config.labour
        self.training = config.training
        self.city_config = config.city
        self.credential_recognition = config.policy.credential_recognition
        self.tasks_per_job = new_tasks_per_job(config.automation)
        self.flows = flows
        self.draws = draws
        self.city_country = city_country
        self.n_cities = n_cities = len(city_country)
        other_side = city_country[:, None] != city_country[None, :]
        self.cross_reach = [np.flatnonzero(near[c] & other_side[c]) for c in range(n_cities)]
        self.vacancies = np.zeros((plants.n, N_SKILLS), dtype=np.int64)
        labour = config.labour
        self.base_quit_rate = labour.quit_rate_month.array
        self.quit_rate = self.base_quit_rate.copy()
        self.quit_rate_applied = self.quit_rate.copy()  # the rates this month's quits used
        # share of this month's quits that go job to job, by country
        self.job_to_job_share = np.full(N_COUNTRIES, labour.job_to_job_share)
        # manufacturing tightness in the first twelve months, by country
        self.tightness_ref = np.ones(N_COUNTRIES)
        self._tightness_seen: list[np.ndarray] = []
        self.other_chance = np.zeros(n_cities)
        self._option_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    # ------------------------------------------------------------------ quits
    def quits(self, demand_by_plant: np.ndarray) -> np.ndarray:
        """Monthly quits (turnover): random employed workers leave and look for work. Returns
        the operatives who quit, by plant (attrition absorbs automated jobs among them)."""
        w = self.workers
        per_plant = np.zeros(self.plants.n)
        self.quit_rate_applied = self.quit_rate.copy()
        for country, rate in enumerate(self.quit_rate.tolist()):
            rng = self.draws.rng("quits", country)
            employed = int(w.counts[country, :, EMPLOYED].sum())
            n = int(rng.binomial(employed, rate)) if employed else 0
            leavers = w.sample_employed(country, n, rng)
            operatives = leavers[w.skill[leavers] == OPERATIVE]
            self.flows.add("quits", country, len(leavers))
            # turnover is a plant-side rate: count separations where the job was
            employers = w.employer[operatives]
            self.flows.add("operative_separations", self.plants.country[employers], 1)
            per_plant += np.bincount(employers, minlength=self.plants.n)
            w.separate(leavers, UNEMPLOYED)
            to_job = self.draws.uniform(leavers, "job_to_job") < self.job_to_job_share[country]
            movers = leavers[to_job]
            self._move_to_open_jobs(movers, demand_by_plant)
        return per_plant

    def _move_to_open_jobs(self, movers: np.ndarray, demand_by_plant: np.ndarray) -> None:
        """Job-to-job quits: quitters who leave for another plant's open job in their city (and
        skill) take it at once; where no job is open, they look for work like anyone else."""
        w = self.workers
        if len(movers) == 0:
            return
        vacancies = self.open_vacancies(demand_by_plant)
        market = w.city[movers].astype(np.int64) * N_SKILLS + w.skill[movers]
        order = stable_order(market, self.n_cities * N_SKILLS)
        movers, market = movers[order], market[order]
        starts = run_starts(market)
        ends = np.append(starts[1:], len(market))
        plant_city = self.plants.city
        placed, where = [], []
        for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
            city, skill = divmod(int(market[lo]), N_SKILLS)
            in_city = np.flatnonzero(plant_city == city)
            slots = np.repeat(in_city, vacancies[in_city, skill])
            n = min(hi - lo, len(slots))
            if n == 0:
                continue
            rng = self.draws.rng("job_to_job_slots", city * N_SKILLS + skill)
            chosen = slots[rng.choice(len(slots), size=n, replace=False)]
            np.subtract.at(vacancies, (chosen, skill), 1)
            placed.append(movers[lo : lo + n])
            where.append(chosen)
        if placed:
            workers, plants = np.concatenate(placed), np.concatenate(where)
            self.flows.add("job_to_job", self.plants.country[plants], 1)
            w.employ(workers, plants)

    def retirements(self) -> None:
        """Employed agents who retire leave the labour force; their jobs open as vacancies."""
        w = self.workers
        cfg = self.city_config
        for country, rate in enumerate(cfg.retirement_rate_per_year.values):
            rng = self.draws.rng("retirements", country)
            employed = int(w.counts[country, :, EMPLOYED].sum())
            n = int(rng.binomial(employed, rate / 12.0)) if employed else 0
            leaving = w.sample_employed(country, n, rng)
            self.flows.add("retirements", country, len(leaving))
            self.city_labour.retire(np.bincount(w.city[leaving], minlength=self.n_cities))
            w.depart(leaving)

    def update_quit_rates(self, tightness: np.ndarray) -> None:
        """Job-to-job quits follow the manufacturing market's tightness relative to its 2022
        (first twelve months) mean, (tightness / reference)^elasticity; quits into
        unemployment do not. In a tight market workers quit for the jobs on offer."""
        self._tightness_seen.append(tightness)
        if len(self._tightness_seen) <= REFERENCE_MONTHS:
            self.tightness_ref = np.maximum(np.mean(self._tightness_seen, axis=0), 1e-6)
        labour = self.labour
        to_jobs = labour.job_to_job_share * tightness_response(
            tightness / self.tightness_ref, labour.quit_tightness_elasticity
        )
        to_unemployment = 1.0 - labour.job_to_job_share
        self.quit_rate = np.minimum(self.base_quit_rate * (to_unemployment + to_jobs), 0.5)
        self.job_to_job_share = to_jobs / (to_unemployment + to_jobs)

    # ------------------------------------------------------------------ vacancies
    def open_vacancies(self, demand_by_plant: np.ndarray) -> np.ndarray:
        """Openings per plant and skill: targets minus headcount (technicians in training count)."""
        plants = self.plants
        targets = plants.targets(demand_by_plant, self.tasks_per_job)
        filled = plants.headcount.copy()
        filled[:, TECHNICIAN] += plants.trainees
        self.vacancies = np.maximum(np.rint(targets).astype(np.int64) - filled, 0)
        return self.vacancies

    # ------------------------------------------------------------------ search
    def _options(self, city: int, skill: int, permit: bool, credential: bool, downgraded: bool):
        """Markets a seeker may apply to (city * N_SKILLS + skill for manufacturing,
        N_SKILLS * n_cities + city for the home city's other jobs), and their weights' home
        share."""
        share = self.labour.cross_border_search_share
        other = N_SKILLS * self.n_cities + city
        operative = city * N_SKILLS + OPERATIVE
        home = [city * N_SKILLS + skill] + ([operative] if downgraded else []) + [other]
        away: list[int] = []
        if permit:
            for other in self.cross_reach[city].tolist():
                if skill == OPERATIVE or downgraded:
                    away.append(other * N_SKILLS + OPERATIVE)
                if skill == TECHNICIAN and credential:
                    away.append(other * N_SKILLS + TECHNICIAN)
        markets = np.array(home + away, dtype=np.int64)
        bias = np.array([1.0 - share] * len(home) + [share] * len(away))
        return markets, bias

    def search_and_match(
        self,
        seekers: np.ndarray,
        other_vacancies: np.ndarray,
        month: int,
        demand_by_plant: np.ndarray,
    ) -> None:
        """One round of applications and hires: manufacturing seekers and outsiders."""
        w = self.workers
        plants = self.plants
        vacancies = self.open_vacancies(demand_by_plant)
        n_cities = self.n_cities
        by_market = np.zeros(n_cities * (N_SKILLS + 1))
        plant_market = plants.city.astype(np.int64) * N_SKILLS
        np.add.at(by_market, plant_market + OPERATIVE, vacancies[:, OPERATIVE])
        np.add.at(by_market, plant_market + TECHNICIAN, vacancies[:, TECHNICIAN])
        weight = self.city_config.manufacturing_seeker_other_weight
        by_market[N_SKILLS * n_cities :] = weight * other_vacancies
        self.flows.add_city("vacancies", plants.city, vacancies.sum(axis=1))
        self.flows.add("vacancies", plants.country, vacancies.sum(axis=1))

        labour = self.labour
        recognised = self.credential_recognition
        skill = w.skill[seekers]
        downgraded = (skill == TECHNICIAN) & (
            month - w.unemployed_since[seekers] >= labour.technician_downgrade_months
        )
        credential = w.binational_credential[seekers] | recognised
        key = (
            w.city[seekers].astype(np.int64) * 16
            + skill * 8
            + w.permit[seekers] * 4
            + credential * 2
            + downgraded
        )
        order = stable_order(key, n_cities * 16)
        ordered = key[order]
        starts = run_starts(ordered)
        keys = ordered[starts]
        ends = np.append(starts[1:], len(order))[: len(starts)]  # no seekers: no runs
        choice = np.full(len(seekers), -1, dtype=np.int64)
        u = self.draws.uniform(seekers, "search")
        for k, lo, hi in zip(keys.tolist(), starts.tolist(), ends.tolist(), strict=True):
            if k not in self._option_cache:
                city, rest = divmod(k, 16)
                self._option_cache[k] = self._options(
                    city, (rest >> 3) & 1, bool(rest & 4), bool(rest & 2), bool(rest & 1)
                )
            markets, bias = self._option_cache[k]
            weights = bias * by_market[markets]
            if weights.sum() <= 0:
                continue
            cumulative = np.cumsum(weights) / weights.sum()
            picks = np.searchsorted(cumulative, u[order[lo:hi]], side="right")
            choice[order[lo:hi]] = markets[np.minimum(picks, len(markets) - 1)]
        other = choice >= N_SKILLS * n_cities
        self._hire_other(
            seekers[other], choice[other] - N_SKILLS * n_cities, other_vacancies, month
        )
        self._hire_in_markets(seekers[~other], choice[~other], month)

    def job_finding_factor(self, seekers: np.ndarray, month: int) -> np.ndarray:
        """Each seeker's factor on the chance of being hired: the return to a completed
        course by the years since it began (1 for everyone else), times the search
        intensity of those still in a course."""
        factor = course_return(self.workers, seekers, month, self.training)
        return factor * self.search_intensity(seekers)

    def search_intensity(self, seekers: np.ndarray) -> np.ndarray:
        """1 for the unemployed, `course_search_intensity` for trainees still in a course."""
        in_course = self.workers.status[seekers] == TRAINING
        return np.where(in_course, self.training.course_search_intensity, 1.0)

    def _hire_other(
        self, seekers: np.ndarray, city: np.ndarray, vacancies: np.ndarray, month: int
    ) -> None:
        """Manufacturing seekers and outsiders compete for the city's other formal jobs."""
        w = self.workers
        n_cities = self.n_cities
        applicants = np.bincount(city, minlength=n_cities)
        self.other_chance = self.city_labour.match_other(vacancies, applicants)
        intensity = self.search_intensity(seekers)
        owed = course_return(w, seekers, month, self.training)
        chance = self.other_chance[city] * intensity
        u = self.draws.uniform(seekers, "other_jobs")
        won = u < chance * owed
        hired = seekers[won]
        by_return = np.bincount(city[won & (u >= chance)], minlength=n_cities)
        self.city_labour.skills_hired(by_return)
        self.placements.formal_job(w.graduated_step, hired, month)
        moved = np.bincount(w.city[hired], minlength=n_cities)
        self.flows.add("to_other_sector", w.country[hired], 1)
        w.depart(hired, TO_OTHER_JOB)
        self.city_labour.receive(moved.astype(float), np.zeros(n_cities))

    def _hire_in_markets(self, seekers: np.ndarray, choice: np.ndarray, month: int) -> None:
        """Hires in each manufacturing market from its agent applicants and outsiders."""
        labour = self.labour
        city_labour = self.city_labour
        n_cities = self.n_cities
        efficiency = labour.match_efficiency.array
        applied = choice >= 0
        seekers, choice = seekers[applied], choice[applied]
        order = stable_order(choice, n_cities * N_SKILLS)
        seekers, choice = seekers[order], choice[order]
        factor = self.job_finding_factor(seekers, month)
        found_draw = self.draws.uniform(seekers, "found")
        counts = np.bincount(choice, minlength=N_SKILLS * n_cities)
        first = np.cumsum(counts) - counts
        outsiders = np.zeros(N_SKILLS * n_cities)
        outsiders[OPERATIVE::N_SKILLS] = city_labour.unemployed * city_labour.outsider_share()
        open_by_market = np.zeros(N_SKILLS * n_cities)
        plant_market = self.plants.city.astype(np.int64) * N_SKILLS
        np.add.at(open_by_market, plant_market + OPERATIVE, self.vacancies[:, OPERATIVE])
        np.add.at(open_by_market, plant_market + TECHNICIAN, self.vacancies[:, TECHNICIAN])
        market_country = np.repeat(self.city_country, N_SKILLS)
        applicants = counts + outsiders
        chance = hiring_chance(
            applicants, open_by_market, efficiency[market_country], labour.matching_elasticity
        )
        self._record_tightness(open_by_market, applicants, market_country)
        plant_city = self.plants.city
        hired_workers: list[np.ndarray] = []
        hired_plants: list[np.ndarray] = []
        outsider_hires = np.zeros(n_cities)
        outsider_cities: list[int] = []  # the hired outsiders' cities, in the order of their places
        for market in np.flatnonzero((open_by_market > 0) & (chance > 0)).tolist():
            city, skill = divmod(market, N_SKILLS)
            lo, n_agents = int(first[market]), int(counts[market])
            total = int(open_by_market[market])
            group = slice(lo, lo + n_agents)
            found = seekers[group][found_draw[group] < chance[market] * factor[group]]
            n = min(total, len(found))
            rng = self.draws.rng("hires", market)
            expected = chance[market : market + 1] * outsiders[market]
            n_out = min(total - n, int(stochastic_round(expected, rng.random(1))[0]))
            if n + n_out == 0:
                continue
            in_city = np.flatnonzero(plant_city == city)
            open_slots = self.vacancies[in_city, skill]
            slots = np.repeat(in_city, open_slots)
            where = slots[rng.choice(total, size=n + n_out, replace=False)]
            np.subtract.at(self.vacancies[:, skill], where, 1)
            who = self.draws.choose(found, n, "hired")
            if skill == OPERATIVE:
                techs = who[self.workers.skill[who] == TECHNICIAN]
                self.workers.set_skill(techs, OPERATIVE)
            if n_out:  # outsiders become agents below, in one go: -1 holds their places
                who = np.concatenate([who, np.full(n_out, -1, dtype=np.int64)])
                outsider_cities.extend([city] * n_out)
                outsider_hires[city] += n_out
            hired_workers.append(who)
            hired_plants.append(where)
        city_labour.outsiders_hired(outsider_hires)
        self.flows.add("outsider_hires", self.city_country, outsider_hires)
        if hired_workers:
            hired = np.concatenate(hired_workers)
            if outsider_cities:
                cities = np.array(outsider_cities, dtype=np.int64)
                hired[hired < 0] = self.newcomers.add(cities, month)
            self.hire(hired, np.concatenate(hired_plants), month)

    def _record_tightness(
        self, vacancies: np.ndarray, applicants: np.ndarray, market_country: np.ndarray
    ) -> None:
        """Manufacturing vacancies per applicant by country: what moves next month's quits."""
        v = np.bincount(market_country, weights=vacancies, minlength=N_COUNTRIES)
        a = np.bincount(market_country, weights=applicants, minlength=N_COUNTRIES)
        self.update_quit_rates(np.divide(v, a, out=np.zeros(N_COUNTRIES), where=a > 0))

    def hire(self, workers: np.ndarray, plants: np.ndarray, month: int) -> None:
        """Employ workers at plants, counting graduates placed within six months."""
        w = self.workers
        if len(workers) == 0:
            return
        self.placements.formal_job(w.graduated_step, workers, month)
        displaced = workers[w.displaced_step[workers] >= 0]
        self.flows.add("displaced_reemployed", w.country[displaced], 1)
        w.displaced_step[displaced] = -1
        countries = self.plants.country[plants]
        self.flows.add("hires", countries, 1)
        self.flows.add("cross_border_hires", countries[countries != w.country[workers]], 1)
        w.employ(workers, plants)

    # ------------------------------------------------------------------ leaving manufacturing
    def informal_work_and_migration(self, pool: np.ndarray) -> None:
        """Unemployed agents (and searching trainees) who start informal work in their city, or
        (the unemployed) emigrate this month."""
        w = self.workers
        city_labour = self.city_labour
        n_cities = self.n_cities
        entry = city_labour.informal_entry_rate()[w.city[pool]] * self.search_intensity(pool)
        draws = self.draws.uniform(pool, "informal")
        informal = pool[draws < entry]
        moved = np.bincount(w.city[informal], minlength=n_cities).astype(float)
        self.flows.add("to_informal", w.country[informal], 1)
        w.depart(informal, TO_INFORMAL)
        city_labour.receive(np.zeros(n_cities), moved)
        city_labour.take_informal_work()

        rest = pool[(draws >= entry) & (w.status[pool] == UNEMPLOYED)]  # trainees stay
        unemployed = w.by_city[:, UNEMPLOYED].astype(float)
        chance = city_labour.agent_emigration_chance(unemployed)
        leaving = rest[self.draws.uniform(rest, "emigration") < chance[w.city[rest]]]
        left = np.bincount(w.city[leaving], minlength=n_cities).astype(float)
        w.depart(leaving)
        city_labour.migrate(left)
        self.flows.add("net_migration", self.city_country, city_labour.net_migration)
