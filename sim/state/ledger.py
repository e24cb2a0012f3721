"""The flow ledger: this month's flows by country (a few also by city) and their running totals.

Only declared flows exist: adding to or reading an undeclared name is an error, so a typo in a
mechanism cannot create a silent new counter, and `sim.outputs` knows every flow there is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from sim.state.codes import INSTRUMENTS, N_COUNTRIES


@dataclass(frozen=True)
class Flow:
    """One declared flow: what it counts, and the output column of its month's value by
    country (`column`, without the country suffix; empty when only totals are reported)."""

    name: str
    unit: str
    description: str
    column: str = ""


def _reported(name: str, unit: str, description: str, column: str = "") -> Flow:
    return Flow(name, unit, description, column or f"{name}_month")


_PUBLIC = {
    "sez_credit": "SEZ tax credits on automation capex",
    "sme_grant": "SME digitalisation grants on automation capex",
    "retraining_subsidy": "retraining subsidies to plants",
    "training_seats": "public training seats",
    "stipends": "trainee stipends",
}

# flows by country (model people, or model US dollars for money)
FLOWS: tuple[Flow, ...] = (
    _reported("jobs_automated", "jobs/month", "operative jobs automated, however absorbed"),
    _reported(
        "attrition_absorbed",
        "jobs/month",
        "automated jobs absorbed by cancelled vacancies and unreplaced quits",
    ),
    _reported(
        "task_switches",
        "people/month",
        "incumbents of automated jobs moved to new tasks in their plant",
    ),
    _reported(
        "promotions",
        "people/month",
        "operatives promoted into open technician jobs in their plant (not automation's jobs)",
    ),
    _reported(
        "displaced",
        "people/month",
        "workers laid off or sent to retraining because of automation",
    ),
    _reported("retrained", "people/month", "displaced workers their plant sent to retraining"),
    _reported("closure_layoffs", "people/month", "workers laid off because their plant exited"),
    _reported("laid_off", "people/month", "displaced workers laid off"),
    _reported("quits", "people/month", "quits"),
    Flow("operative_separations", "people/month", "operatives who left their plant"),
    Flow("job_to_job", "people/month", "quitters who moved straight to another plant"),
    _reported("retirements", "people/month", "employed workers who retired"),
    _reported("hires", "people/month", "manufacturing hires, by plant country"),
    _reported("outsider_hires", "people/month", "manufacturing hires from outside manufacturing"),
    _reported("cross_border_hires", "people/month", "hires of workers living across the border"),
    _reported("displaced_reemployed", "people/month", "displaced workers hired again"),
    _reported(
        "to_other_sector",
        "people/month",
        "manufacturing seekers who took a formal non-manufacturing job",
    ),
    _reported("to_informal", "people/month", "manufacturing seekers who took informal work"),
    _reported("net_migration", "people/month", "people moving into (+) or out of (-) the cities"),
    _reported("vacancies", "jobs", "open manufacturing jobs when job seekers search", "vacancies"),
    _reported(
        "other_vacancies", "jobs", "open formal non-manufacturing jobs", "other_sector_vacancies"
    ),
    Flow("enrolled", "people/month", "workers starting training"),
    Flow("stock_enrolled", "people/month", "city-stock unemployed starting a public course"),
    _reported("completions", "people/month", "trainees who graduated"),
    Flow("training_separations", "people/month", "sponsored trainees who dropped out"),
    Flow("course_leavers_to_work", "people/month", "public trainees who left the course for work"),
    Flow("automation_investment", "USD/month", "automation capex"),
    Flow("severance", "USD/month", "severance paid"),
    Flow("private_training", "USD/month", "retraining paid by plants"),
    *(Flow(f"public_{i}", "USD/month", f"public spending on {_PUBLIC[i]}") for i in INSTRUMENTS),
)
FLOW = {flow.name: flow for flow in FLOWS}
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
        names = tuple(FLOW)
        self.month = Declared(names, N_COUNTRIES)
        self.city = Declared(CITY_FLOWS, n_cities)
        self.total = Declared(names, N_COUNTRIES)

    def add(self, name: str, country, value) -> None:
        """Add value(s) at country code(s); arrays of codes add element-wise."""
        codes = np.asarray(country, dtype=np.int64)
        if codes.ndim and np.ndim(value) == 0 and float(value).is_integer():
            # counting people: whole numbers add exactly in any order, so count at once
            self.month[name] += np.bincount(codes, minlength=N_COUNTRIES) * value
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


class Placements:
    """Graduates by the month they graduated, and how many of them were in a formal job within
    six months of it (the placement rate's numerator and denominator): hired by a plant, back
    at the plant that sponsored the course, or hired into the city's other formal jobs, as
    agents or while followed in the city's stocks. Informal work is not a placement."""

    WINDOW = 6  # months after graduation a hire counts as a placement

    def __init__(self) -> None:
        self.graduates: dict[int, int] = defaultdict(int)
        self.placed: dict[int, int] = defaultdict(int)

    def graduated(self, month: int, n: int) -> None:
        self.graduates[month] += n

    def formal_job(self, graduated_step: np.ndarray, workers: np.ndarray, month: int) -> None:
        """These workers start a formal job: each graduate counts once, at the first formal
        job after the course (their graduation month, -1 for none, is then cleared)."""
        graduated = graduated_step[workers]
        in_window = graduated[(graduated >= 0) & (month - graduated <= self.WINDOW)]
        for cohort, n in zip(*np.unique(in_window, return_counts=True), strict=True):
            self.placed[int(cohort)] += int(n)
        graduated_step[workers] = -1

    def rate(self, month: int) -> float:
        """Share of the graduates of months at least six months past who were placed."""
        closed = [m for m in self.graduates if m <= month - self.WINDOW]
        graduates = sum(self.graduates[m] for m in closed)
        placed = sum(self.placed[m] for m in closed)
        return float(placed / graduates) if graduates > 0 else 0.0
