"""The MunicipalGovernment agent: one city's budget and the policy instruments it pays for.

Nobody spends money it does not have: a request beyond the budget is granted in part (the
federal match on top, `sim.mechanisms.public_finance`), and plants expect less next month.
What the city's figures are each month is the record's (`sim.record`), not the agent's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Protocol

import mesa

from sim.state.ledger import Ledger


class FederalBudget(Protocol):
    """Federal matching as a government sees it (`sim.mechanisms.public_finance`)."""

    rate: float
    remaining: float

    def draw(self, amount: float) -> float: ...


class MunicipalGovernment(mesa.Agent):
    """The government of one city: a budget and the instruments it pays for.

    Reads: `federal` (rate, what is left this year). Writes: its balance and spending, the
    federal draw, and the ledger's `public_<instrument>` flows."""

    def __init__(
        self,
        model: mesa.Model,
        city: int,
        city_id: str,
        country: str,
        country_code: int,
        federal: FederalBudget,
        flows: Ledger,
    ) -> None:
        super().__init__(model)
        self.city = city
        self.city_id = city_id
        self.country = country
        self.country_code = country_code
        self.federal = federal
        self.flows = flows
        self.balance = 0.0
        self.revenue_cum = 0.0
        self.spent: dict[str, float] = defaultdict(float)
        self.requested_month = 0.0
        self.granted_month = 0.0
        self.availability = 1.0  # share of requests it could pay lately, seen by plants

    @property
    def spent_total(self) -> float:
        return float(sum(self.spent.values()))

    def collect(self, revenue: float) -> None:
        self.balance += revenue
        self.revenue_cum += revenue

    def _split(self, amount: float) -> tuple[float, float]:
        """Municipal and federal parts of an affordable amount (without drawing money)."""
        federal = self.federal
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
        return self.fund_shared(amount, {instrument: 1.0})

    def fund_shared(self, amount: float, shares: Mapping[str, float]) -> float:
        """Pay up to `amount` for one request several instruments pay for together, each
        booked its `shares` (summing to 1) of what was granted; returns the grant."""
        if amount <= 0:
            return 0.0
        municipal, matched = self._split(amount)
        matched = self.federal.draw(matched)
        self.balance -= municipal
        granted = municipal + matched
        self.requested_month += amount
        self.granted_month += granted
        for instrument, share in shares.items():
            self.spent[instrument] += granted * share
            self.flows.add(f"public_{instrument}", self.country_code, granted * share)
        return granted

    def close_month(self) -> None:
        if self.requested_month > 0:
            ratio = self.granted_month / self.requested_month
            self.availability = 0.5 * self.availability + 0.5 * ratio
        else:
            self.availability = 0.5 * self.availability + 0.5
        self.requested_month = self.granted_month = 0.0
