"""The flow ledger: this month's flows by country (a few also by city) and their running totals.

Only declared flows exist: adding to or reading an undeclared name is an error, so a typo in a
mechanism cannot create a silent new counter, and `sim.outputs` knows every flow there is.
"""

from __future__ import annotations

import numpy as np

from sim.state.codes import INSTRUMENTS

# flows by country (model people, or model US dollars for money)
FLOWS = (
    "jobs_automated",
    "attrition_absorbed",
    "task_switches",
    "promotions",
    "displaced",
    "retrained",
    "laid_off",
    "quits",
    "operative_separations",
    "job_to_job",
    "retirements",
    "hires",
    "outsider_hires",
    "cross_border_hires",
    "displaced_reemployed",
    "to_other_sector",
    "to_informal",
    "net_migration",
    "vacancies",
    "other_vacancies",
    "enrolled",
    "completions",
    "training_separations",
    "automation_investment",
    "severance",
    "private_training",
    *(f"public_{instrument}" for instrument in INSTRUMENTS),
)
# flows also kept by city (the per-city outputs)
CITY_FLOWS = ("jobs_automated", "displaced", "laid_off", "vacancies")


class Declared(dict):
    """Arrays by flow name, created as zeros on first use; only declared names are allowed."""

    def __init__(self, names: tuple[str, ...], size: int) -> None:
        super().__init__()
        self.names = frozenset(names)
        self.size = size

    def __missing__(self, name: str) -> np.ndarray:
        if name not in self.names:
            raise KeyError(f"undeclared flow {name!r}: declare it in sim/state/ledger.py")
        value = self[name] = np.zeros(self.size)
        return value


class Ledger:
    """Per-month flows by country (and by city for a few), plus running totals by country."""

    def __init__(self, n_cities: int) -> None:
        self.n_cities = n_cities
        self.month = Declared(FLOWS, 2)
        self.city = Declared(CITY_FLOWS, n_cities)
        self.total = Declared(FLOWS, 2)

    def add(self, name: str, country, value) -> None:
        """Add value(s) at country code(s); arrays of codes add element-wise."""
        codes = np.asarray(country, dtype=np.int64)
        if codes.ndim and np.ndim(value) == 0 and float(value).is_integer():
            # counting people: whole numbers add exactly in any order, so count at once
            self.month[name] += np.bincount(codes, minlength=2) * value
        else:
            np.add.at(self.month[name], codes, value)

    def add_city(self, name: str, city, value) -> None:
        """Add value(s) at city index(es); arrays of indices add element-wise."""
        np.add.at(self.city[name], np.asarray(city, dtype=np.int64), value)

    def close_month(self) -> None:
        for name, values in self.month.items():
            self.total[name] += values
        self.month.clear()
        self.city.clear()
