"""What a mechanism may read of the model: the `Economy` it is handed, declared.

The model (`sim.model.BorderModel`) is the one implementation; mechanisms type their argument
with this protocol instead of importing the model, so the imports go one way down and a
reader sees the whole surface a mechanism can touch. Mechanisms that need another
mechanism see only the narrow part they use (`Sponsorship`, `Attrition`, `FederalBudget`).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from sim.agents.government import MunicipalGovernment
from sim.config import Scenario
from sim.mechanisms.city import CityLabour
from sim.state.ledger import Ledger
from sim.state.plants import PlantTable
from sim.state.workers import WorkerTable
from sim.world.cities import City
from sim.world.corridor import Corridor


class Sponsorship(Protocol):
    """The training pipeline as displacement sees it: plants sponsor retraining."""

    def sponsor(self, plant_ids: np.ndarray, counts: np.ndarray, workers: np.ndarray) -> None: ...


class Attrition(Protocol):
    """The labour market as displacement sees it: this month's quit rate by country."""

    quit_rate: np.ndarray


class FederalBudget(Protocol):
    """Federal matching as governments and the record see it (`public_finance`)."""

    rate: float
    remaining: float
    spent_cum: float


class Economy(Protocol):
    """The model state the mechanisms read and change."""

    config: Scenario
    rng: np.random.Generator
    steps: int
    date: str
    cities: list[City]
    city_country: np.ndarray  # country code of each city
    corridor: Corridor
    plants: PlantTable
    workers: WorkerTable
    flows: Ledger
    city_labour: CityLabour
    governments: list[MunicipalGovernment]
    federal: FederalBudget
    training: Sponsorship
    labour_market: Attrition
    demand_index: np.ndarray  # by country, 1 at the start
    burden: np.ndarray  # labour cost over wage, by country
    training_cost_month: np.ndarray  # a public course's cost per trainee-month, by country
    subsidy_availability: np.ndarray  # by city: share of requested public money paid lately
    peer_weights: np.ndarray  # (city, city)
    sector_propensity: np.ndarray  # by sector code
    city_operative_wage: np.ndarray  # by city, USD/month before plant dispersion
    graduates_by_month: dict[int, int]
    placed_by_month: dict[int, int]
