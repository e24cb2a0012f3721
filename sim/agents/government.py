"""Municipal governments and federal coordination: who pays for the policy instruments.

Each city's government earns a levy on its plants' payroll and pays for the instruments the
scenario switches on (SEZ tax credits, SME digitalisation grants, retraining subsidies,
training seats, stipends). Federal coordination adds `federal_matching_rate` dollars per
municipal dollar, up to a yearly fiscal cap shared by all cities. Nobody spends money it does
not have: a request beyond the budget is granted in part, and plants expect less next month.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import mesa
import numpy as np

INSTRUMENTS = ("sez_credit", "sme_grant", "retraining_subsidy", "training_seats", "stipends")

if TYPE_CHECKING:
    from sim.model import BorderModel


class FederalMatching:
    """Federal money matching municipal spending, within a yearly cap (model dollars)."""

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


class MunicipalGovernment(mesa.Agent):
    """The government of one city: a budget and the instruments it pays for."""

    def __init__(self, model: BorderModel, city: int) -> None:
        super().__init__(model)
        self.city = city
        self.city_id = model.cities[city].id
        self.country = model.cities[city].country
        self.balance = 0.0
        self.revenue_cum = 0.0
        self.spent: dict[str, float] = defaultdict(float)
        self.requested_month = 0.0
        self.granted_month = 0.0
        self.availability = 1.0  # share of requests it could pay lately, seen by plants
        # filled each month by the metrics, collected per city by the DataCollector
        self.unemployment_rate = 0.0
        self.manufacturing_unemployment_rate = 0.0
        self.labour_force = 0.0
        self.manufacturing_jobs = 0.0
        self.vacancies = 0.0
        self.jobs_automated_month = 0.0
        self.employed = 0
        self.unemployed = 0
        self.adoption_share = 0.0
        self.displaced_month = 0
        self.laid_off_month = 0
        self.date = ""

    @property
    def spent_total(self) -> float:
        return float(sum(self.spent.values()))

    def collect(self, revenue: float) -> None:
        self.balance += revenue
        self.revenue_cum += revenue

    def _split(self, amount: float) -> tuple[float, float]:
        """Municipal and federal parts of an affordable amount (without drawing money)."""
        federal = self.model.federal
        rate = federal.rate
        municipal = min(self.balance, amount / (1.0 + rate))
        matched = min(amount - municipal, municipal * rate, federal.remaining)
        top_up = min(self.balance - municipal, amount - municipal - matched)
        return municipal + max(top_up, 0.0), matched

    def can_fund(self, amount: float) -> bool:
        municipal, matched = self._split(amount)
        return municipal + matched >= amount - 1e-9

    def fund(self, amount: float, instrument: str) -> float:
        """Pay up to `amount` for an instrument; returns what was actually granted."""
        if amount <= 0:
            return 0.0
        municipal, matched = self._split(amount)
        matched = self.model.federal.draw(matched)
        self.balance -= municipal
        granted = municipal + matched
        self.spent[instrument] += granted
        self.requested_month += amount
        self.granted_month += granted
        self.model.flows.add(f"public_{instrument}", 0 if self.country == "MX" else 1, granted)
        return granted

    def close_month(self) -> None:
        if self.requested_month > 0:
            ratio = self.granted_month / self.requested_month
            self.availability = 0.5 * self.availability + 0.5 * ratio
        else:
            self.availability = 0.5 * self.availability + 0.5
        self.requested_month = self.granted_month = 0.0


def collect_revenue(model: BorderModel) -> None:
    """Monthly levy on each city's plant payroll."""
    plants = model.plants
    payroll = (plants.headcount * plants.wage).sum(axis=1)
    by_city = np.bincount(plants.city, weights=payroll, minlength=len(model.cities))
    levy = model.config.government.payroll_levy_share
    for government, amount in zip(model.governments, by_city.tolist(), strict=True):
        government.collect(levy * amount)


def adapt_training_capacity(model: BorderModel) -> None:
    """Optional rule: more seats where unemployment passed the threshold (at most twice a year)."""
    rule = model.config.policy.adaptive_training
    if not rule.enabled:
        return
    for government, center in zip(model.governments, model.training.centers, strict=True):
        if (
            government.unemployment_rate > rule.unemployment_threshold
            and model.steps - center.last_raise >= 6
            and center.adaptive_multiplier < rule.max_multiplier
        ):
            center.adaptive_multiplier = min(
                rule.max_multiplier, center.adaptive_multiplier * (1.0 + rule.capacity_step)
            )
            center.last_raise = model.steps
