"""Public finance: the payroll levy, federal matching, and where each policy lever's money goes.

Each city's government (`sim.agents.government`) earns a levy on its plants' payroll and pays
for the instruments the scenario switches on (SEZ tax credits, SME digitalisation grants,
retraining subsidies, training seats, stipends). Federal coordination adds
`federal_matching_rate` dollars per municipal dollar, up to a yearly fiscal cap shared by all
cities. `docs/model.md` section 7.7.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from sim.agents.government import MunicipalGovernment
from sim.agents.training_center import TrainingCenter
from sim.config.schema import AdaptiveTrainingConfig, PolicyConfig
from sim.state.plants import PlantTable


class Funder(Protocol):
    """A city's government as the mechanisms that ask it for money see it."""

    def fund(self, amount: float, instrument: str) -> float: ...

    def fund_shared(self, amount: float, shares: Mapping[str, float]) -> float: ...

    def can_fund(self, amount: float) -> bool: ...


def retraining_subsidy_share(policy: PolicyConfig) -> float:
    """Share of a retraining course public money pays: what plants expect when they weigh
    retraining against a layoff, and what they ask their city's government for."""
    return policy.retraining_subsidy


class FederalMatching:
    """Federal money matching municipal spending, within a yearly cap (model dollars).

    Reads: the calendar (a new year refills the cap). Writes: what is left and spent."""

    reads = ("calendar year",)
    writes = ("federal money left this year and spent",)

    def __init__(self, rate: float, cap_per_year: float) -> None:
        self.rate = rate
        self.cap_per_year = cap_per_year
        self.remaining = cap_per_year
        self.spent_this_year = 0.0
        self.spent_cum = 0.0

    def new_year(self) -> None:
        self.remaining = self.cap_per_year
        self.spent_this_year = 0.0

    def draw(self, amount: float) -> float:
        granted = min(amount, self.remaining)
        self.remaining -= granted
        self.spent_this_year += granted
        self.spent_cum += granted
        return granted


def payroll_by_city(plants: PlantTable, n_cities: int) -> np.ndarray:
    """This month's manufacturing payroll by plant city, USD/month."""
    payroll = (plants.headcount * plants.wage).sum(axis=1)
    return np.bincount(plants.city, weights=payroll, minlength=n_cities)


def collect_revenue(
    plants: PlantTable, governments: Sequence[MunicipalGovernment], levy: float
) -> None:
    """Monthly levy on each city's plant payroll.

    Reads: plants.headcount, plants.wage, plants.city. Writes: the governments' balances."""
    by_city = payroll_by_city(plants, len(governments))
    for government, amount in zip(governments, by_city.tolist(), strict=True):
        government.collect(levy * amount)


def adapt_training_capacity(
    rule: AdaptiveTrainingConfig,
    centers: Sequence[TrainingCenter],
    city_rate: np.ndarray,
    month: int,
) -> None:
    """Optional rule: more seats where unemployment passed the threshold (at most twice a year).

    Reads: this month's city unemployment rate (argument). Writes: the centers' adaptive
    multipliers."""
    if not rule.enabled:
        return
    for rate, center in zip(city_rate.tolist(), centers, strict=True):
        if (
            rate > rule.unemployment_threshold
            and month - center.last_raise >= 6
            and center.adaptive_multiplier < rule.max_multiplier
        ):
            center.adaptive_multiplier = min(
                rule.max_multiplier, center.adaptive_multiplier * (1.0 + rule.capacity_step)
            )
            center.last_raise = month
