"""The MunicipalGovernment agent: one city's budget and the policy instruments it pays for.

Nobody spends money it does not have: a request beyond the budget is granted in part (the
federal match on top, `sim.mechanisms.public_finance`), and plants expect less next month.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import mesa


class MunicipalGovernment(mesa.Agent):
    """The government of one city: a budget and the instruments it pays for."""

    def __init__(self, model: Any, city: int) -> None:
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
        # filled each month by `sim.record`, collected per city by the DataCollector
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
        self.public_spending_usd_cum = 0.0
        self.budget_balance_usd = 0.0
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
