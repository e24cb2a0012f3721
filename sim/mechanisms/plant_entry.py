"""Plants that enter and exit: the extensive margin of labour demand.

Plants exit with a small yearly hazard, raised when their output has fallen below its start
(demand factor x output share: the market or their unit cost says they are unprofitable); an
exit lays off its payroll into unemployment. New plants come from a yearly investment series
(US$ M x jobs per US$1 M / plant size), choose a city of their country by a conditional logit
on wages, available labour and the SEZ credit, and hire through the ordinary vacancies their
demand opens. Plants take dormant slots reserved at the start in each city (the plant table
keeps its size), and a plant that exits leaves its slot dormant for a later entrant.
`docs/model.md`, "Plant entry and exit".
"""

from __future__ import annotations

import numpy as np
from scipy.special import softmax

from sim.config.schema import PlantEntryConfig, Scenario
from sim.mechanisms.draws import Draws, stochastic_round
from sim.state.codes import NONE, OPERATIVE, SECTORS, TECHNICIAN, TRAINING, UNEMPLOYED
from sim.state.ledger import Ledger
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable
from sim.world.countries import COUNTRY_CODE


def exit_hazard_month(
    base_per_year: float, shortfall_slope: float, output_ratio: np.ndarray
) -> np.ndarray:
    """Each plant's chance of exiting this month: the yearly hazard base x (1 + slope x the
    shortfall of its output below its start, 1 - ratio, in [0, 1]), converted to a month."""
    shortfall = np.clip(1.0 - output_ratio, 0.0, 1.0)
    yearly = np.minimum(base_per_year * (1.0 + shortfall_slope * shortfall), 0.999)
    return 1.0 - (1.0 - yearly) ** (1.0 / 12.0)


def location_shares(
    wage: np.ndarray,
    labour: np.ndarray,
    credit: np.ndarray,
    open_slots: np.ndarray,
    config: PlantEntryConfig,
) -> np.ndarray:
    """Conditional-logit shares of an entrant over cities: utility −β_w ln(wage) +
    β_L ln(available labour) + β_s x credit, cities without an open slot left out."""
    utility = (
        -config.wage_weight * np.log(np.maximum(wage, 1e-9))
        + config.labour_weight * np.log(np.maximum(labour, 1.0))
        + config.sez_weight * credit
    )
    return softmax(np.where(open_slots, utility, -np.inf))


def sez_expansion(sez_weight: float, credit: np.ndarray) -> np.ndarray:
    """What an SEZ credit (share of capex) multiplies a small plant's jobs by: 1 + β_s x
    credit (Criscuolo et al. 2019: +1 % small-firm employment per point of subsidy)."""
    return 1.0 + sez_weight * credit


def entrants_per_month(
    investment_usd_m_per_year: float, jobs_per_million_usd: float, size_real: float
) -> float:
    """Real plants entering a month: the year's investment x jobs per US$1 M, in plants of
    the mean entrant size, over twelve months."""
    return investment_usd_m_per_year * jobs_per_million_usd / size_real / 12.0


def reserve_entry_slots(
    plants: PlantTable,
    config: Scenario,
    city_operative_wage: np.ndarray,
    sector_mix: np.ndarray,
    rng: np.random.Generator,
) -> PlantTable:
    """The plant table with dormant slots appended: per city with plants, reserve share x
    its real plants (at least 2; an entrant is one real plant), each with its city, country,
    SEZ status, a sector drawn from its city's sector mix (`sector_mix`, cities x SECTORS) and
    a base wage dispersed as the city's plants' (drawn from the plant entry stream, so the
    build's own draws are unchanged)."""
    n_cities = len(city_operative_wage)
    real = np.bincount(plants.city, weights=plants.weight, minlength=n_cities)
    share = config.plant_entry.reserve_slot_share
    reserve = np.where(real > 0, np.maximum(np.ceil(share * real), 2), 0).astype(int)
    table = plants.extended(int(reserve.sum()))
    slots = slice(plants.n, table.n)
    city = np.repeat(np.arange(len(reserve)), reserve)
    first = np.searchsorted(plants.city, city)  # a built plant of the same city
    table.city[slots] = city
    table.country[slots] = plants.country[first]
    table.in_sez[slots] = plants.in_sez[first]
    cumulative = np.cumsum(sector_mix[city], axis=1)
    above = rng.random(len(city))[:, None] >= cumulative / cumulative[:, -1:]
    table.sector[slots] = np.minimum(above.sum(axis=1), len(SECTORS) - 1)
    sigma = config.wages.plant_wage_sigma
    noise = rng.lognormal(-(sigma**2) / 2, sigma, len(city))
    table.base_wage[slots] = city_operative_wage[city] * noise
    return table


class PlantEntryExit:
    """Exits and entries of plants, month by month.

    Built with the plant and worker tables (dormant slots already reserved), the config, the
    ledger, the random stream and each city's country. An entrant stands for one real plant;
    an exit takes real plants out of the modelled plant that stands for them. Each month it
    is given the month, the year, each plant's demand factor, each city's available labour
    (unemployed) and SEZ credit."""

    reads = (
        "plants.active",
        "plants.city",
        "plants.country",
        "plants.output_share",
        "plants.wage",
        "plants.weight",
        "plants.sme",
        "plants.headcount",
        "demand factor by plant",
        "unemployed by city, real people",
        "SEZ credit by city",
        "calendar year",
    )
    writes = (
        "plants.active",
        "plants.weight",
        "plants.real_size",
        "plants.sme",
        "plants.ops_demand0",
        "plants.tech_base",
        "plants.output_share",
        "plants.level",
        "plants.stage",
        "plants.stage_since",
        "plants.pending",
        "plants.trainees",
        "workers (closure layoffs, through the worker table)",
        "workers.sponsor (trainees of a closed plant become public trainees)",
        "flows: closure_layoffs",
        "entries, exits by city (real plants this month)",
    )

    def __init__(
        self,
        plants: PlantTable,
        workers: WorkerTable,
        config: Scenario,
        flows: Ledger,
        draws: Draws,
        city_country: np.ndarray,
    ) -> None:
        self.plants = plants
        self.workers = workers
        self.config = config.plant_entry
        self.size_sigma = config.plants.plant_size_sigma
        self.sme_threshold = config.plants.sme_threshold_workers
        self.tech_share = config.population.technician_share.array
        self.scale = config.population.population_scale
        self.flows = flows
        self.draws = draws
        self.city_country = city_country
        self.entries = np.zeros(len(city_country))
        self.exits = np.zeros(len(city_country))

    def establishments(self, by: np.ndarray, n: int) -> np.ndarray:
        """Real plants in operation, counted by a plant code (`by`, e.g. plants.city)."""
        plants = self.plants
        return np.bincount(by, weights=plants.weight * plants.active, minlength=n)

    def expand_in_zones(self, credit: np.ndarray) -> None:
        """Small plants in a city with an SEZ credit (by city, share of capex) want more jobs
        by `sez_expansion`: the incumbents' side of the credit (entrants get it in `open`)."""
        plants = self.plants
        factor = np.where(
            plants.sme & plants.active,
            sez_expansion(self.config.sez_weight, credit[plants.city]),
            1.0,
        )
        plants.ops_demand0 *= factor
        plants.tech_base *= factor

    # ------------------------------------------------------------------ exits
    def exit(self, demand_by_plant: np.ndarray) -> None:
        """Real plants exit with their hazard: a modelled plant loses the real plants of it
        that exit (a binomial draw over the real plants it stands for) and lays off their
        share of its workers into unemployment; one that loses them all closes."""
        self.entries[:] = 0.0
        self.exits[:] = 0.0
        plants = self.plants
        live = np.flatnonzero(plants.active)
        ratio = demand_by_plant[live] * plants.output_share[live]
        cfg = self.config
        chance = exit_hazard_month(cfg.exit_hazard_per_year, cfg.exit_shortfall_slope, ratio)
        weight = plants.weight[live]
        whole = np.floor(weight)
        # the fraction of a real plant beyond the whole ones exits with the same chance
        lost = self.draws.rng("exits").binomial(whole.astype(np.int64), chance) + (
            weight - whole
        ) * (self.draws.uniform(live, "exit_fraction") < chance)
        hit = lost > 0
        ids, lost = live[hit], lost[hit]
        if len(ids) == 0:
            return
        np.add.at(self.exits, plants.city[ids], lost)
        share = lost / plants.weight[ids]
        full = share >= 1.0 - 1e-9
        self.shrink(ids[~full], share[~full])
        self.close(ids[full])

    def _lay_off(self, ids: np.ndarray, share: np.ndarray, site: str) -> None:
        """Lay off `share` of each plant's workers of each skill, drawn at random (`site`
        names the month's use of the stream)."""
        plants, workers = self.plants, self.workers
        for skill in (OPERATIVE, TECHNICIAN):
            heads = plants.headcount[ids, skill]
            rng = self.draws.rng(site, skill)
            n = np.minimum(stochastic_round(share * heads, rng.random(len(ids))), heads)
            ranks = [
                rng.choice(h, size=k, replace=False)
                for h, k in zip(heads.tolist(), n.tolist(), strict=True)
            ]
            if n.sum() == 0:
                continue
            leaving = plants.rosters.ranked(np.repeat(ids, n), skill, np.concatenate(ranks))
            self.flows.add("closure_layoffs", plants.country[np.repeat(ids, n)], 1)
            workers.separate(leaving, UNEMPLOYED)

    def shrink(self, ids: np.ndarray, share: np.ndarray) -> None:
        """Part of the real plants a modelled plant stands for exit: it lays off their share
        of its workers and its demand and weight shrink by it."""
        if len(ids) == 0:
            return
        self._lay_off(ids, share, "shrink")
        plants = self.plants
        keep = 1.0 - share
        for name in ("ops_demand0", "tech_base", "pending", "weight"):
            getattr(plants, name)[ids] *= keep

    def close(self, closing: np.ndarray) -> None:
        """Close plants: lay off their payroll, hand their trainees to the public programme,
        and leave their slots dormant."""
        if len(closing) == 0:
            return
        plants, workers = self.plants, self.workers
        self._lay_off(closing, np.ones(len(closing)), "close")
        size = workers.size
        trainees = np.flatnonzero(
            np.isin(workers.sponsor[:size], closing) & (workers.status[:size] == TRAINING)
        )
        workers.sponsor[trainees] = -1
        plants.trainees[closing] = 0
        plants.active[closing] = False
        for name in ("ops_demand0", "tech_base", "pending", "level", "real_size", "weight"):
            getattr(plants, name)[closing] = 0.0
        plants.stage[closing] = NONE

    # ------------------------------------------------------------------ entries
    def enter(
        self,
        month: int,
        year: int,
        demand_by_plant: np.ndarray,
        labour: np.ndarray,
        credit: np.ndarray,
    ) -> None:
        """The month's entrants, country by country: how many (Poisson on the investment
        series), their sizes, and their cities by the logit."""
        cfg, plants = self.config, self.plants
        mu = np.log(cfg.entrant_size_real) - self.size_sigma**2 / 2
        n_cities = len(self.city_country)
        wage = np.bincount(plants.city, weights=plants.wage[:, OPERATIVE], minlength=n_cities)
        wage /= np.maximum(np.bincount(plants.city, minlength=n_cities), 1)
        for country, code in COUNTRY_CODE.items():
            real = entrants_per_month(
                cfg.investment(country, year),
                cfg.jobs_per_million_usd,
                cfg.entrant_size_real,
            )
            rng = self.draws.rng("entries", code)
            for _ in range(int(rng.poisson(real))):
                size = float(rng.lognormal(mu, self.size_sigma))
                dormant = ~plants.active & (plants.country == code)
                open_slots = np.bincount(plants.city[dormant], minlength=n_cities) > 0
                if not open_slots.any():
                    return
                sme = size < self.sme_threshold
                shares = location_shares(wage, labour, credit * sme, open_slots, cfg)
                city = int(rng.choice(n_cities, p=shares))
                slot = int(np.flatnonzero(dormant & (plants.city == city))[0])
                factor = float(sez_expansion(cfg.sez_weight, credit[city] * sme))
                self.open(slot, size, month, demand_by_plant[slot] / factor)

    def open(self, slot: int, size_real: float, month: int, demand: float) -> None:
        """A dormant slot becomes one new real plant of `size_real` workers: its jobs (at
        least one), at `demand` (today's demand factor over any SEZ expansion), open as
        vacancies."""
        plants = self.plants
        u = self.draws.uniform(np.array([slot]), "jobs")
        jobs = max(stochastic_round(np.array([size_real * self.scale]), u)[0], 1)
        technicians = jobs * self.tech_share[plants.country[slot]]
        plants.active[slot] = True
        plants.weight[slot] = 1.0
        plants.real_size[slot] = size_real
        plants.sme[slot] = size_real < self.sme_threshold
        plants.output_share[slot] = 1.0
        plants.ops_demand0[slot] = (jobs - technicians) / demand
        plants.tech_base[slot] = technicians / demand
        plants.level[slot] = 0.0
        plants.pending[slot] = 0.0
        plants.stage[slot] = NONE
        plants.stage_since[slot] = month
        self.entries[plants.city[slot]] += 1.0
