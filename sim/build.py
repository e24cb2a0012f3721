"""Building the corridor's economy at the start month: plants, their wages, workers and job
seekers, training centers and governments (`docs/model.md` section 5, "Initialisation").

Each function makes one part from the scenario and the parts made before it; `BorderModel`
calls them in order (the order of the random draws is part of a run's identity).
"""

from __future__ import annotations

from collections.abc import Callable

import mesa
import numpy as np

from sim.agents.government import MunicipalGovernment
from sim.agents.plant import Plant
from sim.agents.registry import WorkerRegistry
from sim.agents.training_center import TrainingCenter
from sim.config import Scenario
from sim.mechanisms.city import CityLabour
from sim.mechanisms.draws import Draws
from sim.mechanisms.newcomers import Newcomers
from sim.mechanisms.public_finance import FederalMatching, payroll_by_city
from sim.state.codes import COUNTRY_NAMES, DEPARTED, OPERATIVE, SECTORS, TECHNICIAN
from sim.state.ledger import Ledger
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable
from sim.world.cities import City
from sim.world.city_sectors import city_mix, national_mix
from sim.world.corridor import Corridor
from sim.world.countries import COUNTRY_CODE


def operative_wage_by_city(config: Scenario, cities: list[City]) -> np.ndarray:
    """Each city's operative wage before plant dispersion, USD/month (applicants weigh
    stipends by it)."""
    wages = config.wages
    national = wages.operative_usd_hour.array * wages.hours_per_month.array  # by country code
    return np.array([national[COUNTRY_CODE[c.country]] * c.wage_index for c in cities])


def build_plants(
    config: Scenario,
    cities: list[City],
    corridor: Corridor,
    city_country: np.ndarray,
    city_operative_wage: np.ndarray,
    rng: np.random.Generator,
) -> PlantTable:
    """The plants of every city: how many, their sizes, sectors and base wages; their
    operatives are counted in `headcount` until `build_workers` makes them."""
    scale = config.population.population_scale
    spec = config.plants
    rows = []
    for k, city in enumerate(cities):
        employed = int(np.floor(city.employment * scale + rng.random()))
        if employed == 0:
            continue
        real_plants = max(city.employment / spec.mean_plant_size_real, 1.0)
        n = int(np.clip(round(real_plants * scale**spec.plant_scale_exponent), 1, employed))
        mu = np.log(spec.mean_plant_size_real) - spec.plant_size_sigma**2 / 2
        sizes = rng.lognormal(mu, spec.plant_size_sigma, n)
        heads = rng.multinomial(employed - n, sizes / sizes.sum()) + 1
        rows.append((k, sizes, heads, real_plants / n))
    plants = PlantTable(sum(len(r[1]) for r in rows))
    national = national_mix(spec.sector_shares)
    i = 0
    sez_layer = corridor.layer("sez")
    sigma = config.wages.plant_wage_sigma
    for k, sizes, heads, weight in rows:
        sl = slice(i, i + len(sizes))
        plants.city[sl] = k
        plants.country[sl] = city_country[k]
        plants.real_size[sl] = sizes
        plants.weight[sl] = weight
        plants.sme[sl] = sizes < spec.sme_threshold_workers
        mix = city_mix(cities[k].sector_shares, national)  # the city's own sector mix
        plants.sector[sl] = rng.choice(len(SECTORS), len(sizes), p=mix)
        cx, cy = corridor.city_cell[k]
        plants.in_sez[sl] = bool(sez_layer[cx, cy])
        plants.headcount[sl, OPERATIVE] = heads  # split into skills when workers are made
        wage_noise = rng.lognormal(-(sigma**2) / 2, sigma, len(sizes))
        plants.base_wage[sl] = city_operative_wage[k] * wage_noise
        i += len(sizes)
    return plants


def _city_cell(corridor: Corridor, city: int) -> object:
    return corridor.grid[tuple(int(v) for v in corridor.city_cell[city])]


def place_plant_agents(model: mesa.Model, plants: PlantTable, corridor: Corridor) -> list[Plant]:
    """A Plant agent for each row, fixed on its city's cell."""
    return [Plant(model, p, _city_cell(corridor, int(plants.city[p]))) for p in range(plants.n)]


def build_workers(
    model: mesa.Model,
    config: Scenario,
    plants: PlantTable,
    city_labour: CityLabour,
    city_country: np.ndarray,
    corridor: Corridor,
    clock: Callable[[], int],
    rng: np.random.Generator,
    newcomer_draws: Draws,
) -> tuple[WorkerTable, Newcomers]:
    """The plants' workers (operatives and technicians, with tenures) and the manufacturing
    job seekers at each city's start unemployment rate; and the newcomers that make both (they
    keep `newcomer_draws`, their own stream, for the people who arrive later)."""
    pop, labour = config.population, config.labour
    n_cities = len(city_country)
    heads = plants.headcount[:, OPERATIVE].copy()
    plants.headcount[:] = 0
    tech_share = pop.technician_share.array[plants.country]
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
    u_rate = city_labour.initial_unemployed_agents_rate()
    employed_by_city = np.bincount(city, minlength=n_cities)
    seekers = rng.binomial(employed_by_city, u_rate / (1.0 - np.minimum(u_rate, 0.99)))
    seeker_city = np.repeat(np.arange(n_cities), seekers)
    total = len(employer) + len(seeker_city)
    workers = WorkerTable(
        city_country, plants, clock, WorkerRegistry(model), capacity=int(total * 1.25) + 64
    )
    newcomers = Newcomers(workers, city_country, corridor.city_cells, pop, newcomer_draws)
    hired = newcomers.add(city, since=0)
    workers.set_skill(hired[skill == TECHNICIAN], TECHNICIAN)
    workers.employ(hired, employer)
    plants.rosters.merge()  # sort the initial rosters in the build, not in month 1
    quit_rate = labour.quit_rate_month.array[city_country[city]]
    workers.hire_step[hired] = -rng.geometric(np.maximum(quit_rate, 1e-3)) + 1
    durations = rng.geometric(0.4, len(seeker_city))
    newcomers.add(seeker_city, since=-durations + 1)
    return workers, newcomers


def build_training_centers(
    model: mesa.Model,
    config: Scenario,
    cities: list[City],
    corridor: Corridor,
    workers: WorkerTable,
    rng: np.random.Generator,
) -> list[TrainingCenter]:
    """One center per city, seats in proportion to its labour force; twins share binational
    programmes when the policy says so."""
    labour_force = workers.by_city[:, :DEPARTED].sum(axis=1)
    multiplier = config.policy.training_capacity_multiplier
    centers = []
    for k, city in enumerate(cities):
        seats = config.training.seats_per_1000_workers * labour_force[k] / 1000.0
        cell = _city_cell(corridor, k)
        centers.append(TrainingCenter(model, k, city.id, seats, multiplier, rng.random(), cell))
    by_id = {c.id: k for k, c in enumerate(cities)}
    if config.policy.binational_training:
        for k, city in enumerate(cities):
            if city.twin_id is not None and city.twin_id in by_id:
                centers[k].binational = True
                centers[k].twin = centers[by_id[city.twin_id]]
    return centers


def build_public_finance(
    model: mesa.Model,
    config: Scenario,
    cities: list[City],
    plants: PlantTable,
    flows: Ledger,
) -> tuple[list[MunicipalGovernment], FederalMatching]:
    """A government per city, its opening balance some months of the payroll levy, and the
    federal matching fund."""
    scale = config.population.population_scale
    federal = FederalMatching(
        config.policy.federal_matching_rate,
        config.policy.federal_fiscal_cap_usd_per_year * scale,
    )
    governments = [
        MunicipalGovernment(
            model, k, city.id, city.country, COUNTRY_NAMES.index(city.country), federal, flows
        )
        for k, city in enumerate(cities)
    ]
    by_city = payroll_by_city(plants, len(cities))
    opening = config.government.initial_budget_months * config.government.payroll_levy_share
    for government, amount in zip(governments, by_city.tolist(), strict=True):
        government.balance = opening * amount
    return governments, federal
