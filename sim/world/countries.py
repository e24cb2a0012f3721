"""The two countries of the corridor: one table of what is fixed per country.

A country's position in `COUNTRIES` is its integer code in the state arrays; per-country config
values (`sim.config.countries.ByCountry`) and per-country output columns follow the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class MinimumWage:
    """A statutory wage floor under operative pay: a daily amount in the country's currency,
    by year (the config's series, `wages.border_min_wage_mxn_day`, defaults to `per_day`)."""

    zone: str
    source: str
    per_day: Mapping[int, float]
    days_per_month: float = 30.4


@dataclass(frozen=True)
class Country:
    """One country: its code in the arrays, its names, its currency and its wage floor."""

    code: int
    name: str  # as in outputs and agent attributes, e.g. "MX"
    tag: str  # as in output column suffixes and config keys, e.g. "mx"
    long_name: str
    currency: str  # ISO 4217
    minimum_wage: MinimumWage | None = field(default=None)  # None: no floor is modelled


BORDER_MINIMUM_WAGE = MinimumWage(
    zone="northern border zone",
    source="CONASAMI",
    per_day=MappingProxyType(
        {2022: 260.34, 2023: 312.41, 2024: 374.89, 2025: 419.88, 2026: 440.87}
    ),
)
MEXICO = Country(
    code=0,
    name="MX",
    tag="mx",
    long_name="Mexico",
    currency="MXN",
    minimum_wage=BORDER_MINIMUM_WAGE,
)
UNITED_STATES = Country(
    code=1,
    name="US",
    tag="us",
    long_name="United States",
    currency="USD",
    minimum_wage=None,  # the federal minimum is far below manufacturing pay: never binding
)

COUNTRIES = (MEXICO, UNITED_STATES)  # in code order
N_COUNTRIES = len(COUNTRIES)
COUNTRY_NAMES = tuple(c.name for c in COUNTRIES)
COUNTRY_TAGS = tuple(c.tag for c in COUNTRIES)
COUNTRY_CODE = {c.name: c.code for c in COUNTRIES}
