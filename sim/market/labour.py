"""The labour market: quits, vacancies, job search within commuting reach, entry and exit.

Job seekers (the unemployed pool, a flow-sized set) each apply to one market a month: a
(city, skill) pair within commuting reach, chosen in proportion to its open vacancies. Crossing
the border needs a work permit, and a technician job across the border also needs a
credential the other side recognises. In each market a share of applicants (the match
efficiency) is hired, never more than the vacancies, into plants in proportion to their
openings. Everything is vectorised over seekers and vacancies, never over the stock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.agents.worker import EMPLOYED, OPERATIVE, TECHNICIAN
from sim.arrays import run_starts, stable_order

if TYPE_CHECKING:
    from sim.model import BorderModel


class LabourMarket:
    """Reach between cities and the monthly search and matching."""

    def __init__(self, model: BorderModel) -> None:
        self.model = model
        cities = model.cities
        radius = model.config.world.commute_radius_km
        near = model.corridor.city_distance_km <= radius
        other_side = model.city_country[:, None] != model.city_country[None, :]
        self.cross_reach = [np.flatnonzero(near[c] & other_side[c]) for c in range(len(cities))]
        self.vacancies = np.zeros((model.plants.n, 2), dtype=np.int64)
        self._option_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    # ------------------------------------------------------------------ quits
    def quits(self) -> None:
        """Monthly quits (turnover): random employed workers leave and look for work."""
        model = self.model
        labour = model.config.labour
        w = model.workers
        for country, rate in enumerate((labour.quit_rate_month_mx, labour.quit_rate_month_us)):
            employed = int(w.counts[country, :, EMPLOYED].sum())
            n = int(model.rng.binomial(employed, rate)) if employed else 0
            leavers = w.sample_employed(country, n, model.rng)
            operatives = leavers[w.skill[leavers] == OPERATIVE]
            model.flows.add("quits", country, len(leavers))
            # turnover is a plant-side rate: count separations where the job was
            job_country = model.plants.country[w.employer[operatives]]
            model.flows.add("operative_separations", job_country, 1)
            w.separate(leavers, 1)

    # ------------------------------------------------------------------ vacancies
    def open_vacancies(self) -> np.ndarray:
        """Openings per plant and skill: targets minus headcount (technicians in training count)."""
        model = self.model
        plants = model.plants
        targets = plants.targets(
            model.demand_index, model.config.automation.technicians_per_automated_job
        )
        filled = plants.headcount.copy()
        filled[:, TECHNICIAN] += plants.trainees
        self.vacancies = np.maximum(np.rint(targets).astype(np.int64) - filled, 0)
        return self.vacancies

    # ------------------------------------------------------------------ search
    def _options(self, city: int, skill: int, permit: bool, credential: bool, downgraded: bool):
        """Markets (city * 2 + skill) a seeker may apply to, and their weights' home share."""
        share = self.model.config.labour.cross_border_search_share
        home = [city * 2 + skill] + ([city * 2 + OPERATIVE] if downgraded else [])
        away: list[int] = []
        if permit:
            for other in self.cross_reach[city].tolist():
                if skill == OPERATIVE or downgraded:
                    away.append(other * 2 + OPERATIVE)
                if skill == TECHNICIAN and credential:
                    away.append(other * 2 + TECHNICIAN)
        markets = np.array(home + away, dtype=np.int64)
        bias = np.array([1.0 - share] * len(home) + [share] * len(away))
        return markets, bias

    def search_and_match(self, seekers: np.ndarray) -> None:
        """One round of applications and hires for the given job seekers."""
        model = self.model
        rng = model.rng
        w = model.workers
        if len(seekers) == 0:
            return
        vacancies = self.open_vacancies()
        n_cities = len(model.cities)
        by_market = np.zeros(n_cities * 2)
        np.add.at(by_market, model.plants.city.astype(np.int64) * 2, vacancies[:, OPERATIVE])
        np.add.at(by_market, model.plants.city.astype(np.int64) * 2 + 1, vacancies[:, TECHNICIAN])
        if by_market.sum() == 0:
            return

        labour = model.config.labour
        recognised = model.config.policy.credential_recognition
        skill = w.skill[seekers]
        downgraded = (skill == TECHNICIAN) & (
            model.steps - w.unemployed_since[seekers] >= labour.technician_downgrade_months
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
        ends = np.append(starts[1:], len(order))
        choice = np.full(len(seekers), -1, dtype=np.int64)
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
            picks = rng.choice(len(markets), size=hi - lo, p=weights / weights.sum())
            choice[order[lo:hi]] = markets[picks]
        self._hire_in_markets(seekers, choice)

    def _hire_in_markets(self, seekers: np.ndarray, choice: np.ndarray) -> None:
        model = self.model
        rng = model.rng
        labour = model.config.labour
        efficiency = (labour.match_efficiency_mx, labour.match_efficiency_us)
        applied = choice >= 0
        if not applied.any():
            return
        seekers, choice = seekers[applied], choice[applied]
        order = stable_order(choice, len(model.cities) * 2)
        seekers, choice = seekers[order], choice[order]
        starts = run_starts(choice)
        markets = choice[starts]
        ends = np.append(starts[1:], len(choice))
        plant_city = model.plants.city
        hired_workers: list[np.ndarray] = []
        hired_plants: list[np.ndarray] = []
        for market, lo, hi in zip(markets.tolist(), starts.tolist(), ends.tolist(), strict=True):
            city, skill = divmod(market, 2)
            in_city = np.flatnonzero(plant_city == city)
            open_slots = self.vacancies[in_city, skill]
            total = int(open_slots.sum())
            rate = efficiency[model.city_country[city]]
            n = min(total, int(rng.binomial(hi - lo, rate)))
            if n == 0:
                continue
            who = seekers[lo:hi][rng.choice(hi - lo, size=n, replace=False)]
            slots = np.repeat(in_city, open_slots)
            where = slots[rng.choice(total, size=n, replace=False)]
            np.subtract.at(self.vacancies, (where, skill), 1)
            if skill == OPERATIVE:
                techs = who[model.workers.skill[who] == TECHNICIAN]
                model.workers.set_skill(techs, OPERATIVE)
            hired_workers.append(who)
            hired_plants.append(where)
        if hired_workers:
            self.hire(np.concatenate(hired_workers), np.concatenate(hired_plants))

    def hire(self, workers: np.ndarray, plants: np.ndarray) -> None:
        """Employ workers at plants, counting graduates placed within six months."""
        model = self.model
        w = model.workers
        if len(workers) == 0:
            return
        graduated = w.graduated_step[workers]
        recent = graduated >= 0
        for month in graduated[recent & (model.steps - graduated <= 6)].tolist():
            model.placed_by_month[month] += 1
        w.graduated_step[workers] = -1
        displaced = workers[w.displaced_step[workers] >= 0]
        model.flows.add("displaced_reemployed", w.country[displaced], 1)
        w.displaced_step[displaced] = -1
        countries = model.plants.country[plants]
        model.flows.add("hires", countries, 1)
        model.flows.add("cross_border_hires", countries[countries != w.country[workers]], 1)
        w.employ(workers, plants)

    # ------------------------------------------------------------------ entry and exit
    def churn(self, pool: np.ndarray) -> None:
        """New entrants join the market; some long-term unemployed leave it (informality)."""
        model = self.model
        rng = model.rng
        w = model.workers
        population = model.config.population
        since = model.steps - w.unemployed_since[pool]
        long_term = pool[since >= model.config.labour.long_term_months]
        leaving = long_term[rng.random(len(long_term)) < population.informal_exit_rate_month]
        model.flows.add("exits", w.country[leaving], 1)
        w.depart(leaving)

        growth = np.where(
            model.city_country == 0,
            population.labour_force_growth_per_year_mx,
            population.labour_force_growth_per_year_us,
        )
        entrants = rng.binomial(w.city_alive, np.clip(growth, 0.0, None) / 12.0)
        if entrants.sum() == 0:
            return
        cities = np.repeat(np.arange(len(model.cities)), entrants)
        model.add_job_seekers(cities, since=model.steps)
        model.flows.add("entrants", model.city_country[cities], 1)
