"""Public finance: the payroll levy, federal matching, and where each policy lever's money goes.

Each city's government (`sim.agents.government`) earns a levy on its plants' payroll and pays
for the instruments the scenario switches on (SEZ tax credits, SME digitalisation grants,
retraining subsidies, training seats, stipends). Federal coordination adds
`federal_matching_rate` dollars per municipal dollar, up to a yearly fiscal cap shared by all
cities. `docs/model.md` section 7.7.
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import PolicyConfig
from sim.mechanisms.context import Economy


def retraining_subsidy_share(policy: PolicyConfig) -> float:
    """Share of a retraining course public money pays: what plants expect when they weigh
    retraining against a layoff, and what they ask their city's government for."""
    return policy.retraining_subsidy


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


def collect_revenue(model: Economy) -> None:
    """Monthly levy on each city's plant payroll."""
    plants = model.plants
    payroll = (plants.headcount * plants.wage).sum(axis=1)
    by_city = np.bincount(plants.city, weights=payroll, minlength=len(model.cities))
    levy = model.config.government.payroll_levy_share
    for government, amount in zip(model.governments, by_city.tolist(), strict=True):
        government.collect(levy * amount)


def adapt_training_capacity(model: Economy) -> None:
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
