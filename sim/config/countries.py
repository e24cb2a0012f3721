"""A value given once per country: one config field, written `{mx: 0.06, us: 0.06}` in YAML.

The entry type carries the bounds, so each country's value is checked on its own and an error
names it (`labour.initial_vacancy_rate.mx`). Numpy code reads `.array` (country-code order,
as in `sim.world.countries.COUNTRIES`) and indexes it with a country-code array.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, get_args, get_origin

import numpy as np
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ConfigDict

from sim.world.countries import COUNTRY_CODE, COUNTRY_TAGS


class ByCountry[T](BaseModel):
    """One value per country. Frozen: a default is shared safely between scenarios."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mx: T
    us: T

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        """A readable name in `bordersim schema`: the entry type and its range."""
        return f"ByCountry[{_entry_name(params[0])}]"

    @property
    def values(self) -> tuple[T, ...]:
        """The entries in country-code order."""
        return tuple(getattr(self, tag) for tag in COUNTRY_TAGS)

    @property
    def array(self) -> np.ndarray:
        """The entries as an array in country-code order: `.array[country]` per agent."""
        return np.array(self.values)

    def array_of(self, attribute: str) -> np.ndarray:
        """One attribute of each country's entry (a rule such as severance), as an array."""
        return np.array([getattr(entry, attribute) for entry in self.values])

    def __getitem__(self, country: int | str) -> T:
        """The entry of a country code (0, 1) or name ("MX", "US")."""
        code = COUNTRY_CODE[country] if isinstance(country, str) else country
        return self.values[code]


Limit = tuple[Any, bool]  # (a schema bound, inclusive)


def range_ends(rules: Iterable[Any]) -> tuple[Limit | None, Limit | None]:
    """The (value, inclusive) lower and upper ends that constraint rules (Ge, Gt, Le, Lt) set."""
    low: Limit | None = None
    high: Limit | None = None
    for rule in rules:
        if isinstance(rule, Ge | Gt):
            low = (rule.ge, True) if isinstance(rule, Ge) else (rule.gt, False)
        elif isinstance(rule, Le | Lt):
            high = (rule.le, True) if isinstance(rule, Le) else (rule.lt, False)
    return low, high


def _entry_name(entry: Any) -> str:
    """`float 0..1`, `float >0..500`, or the entry's type name."""
    if get_origin(entry) is not Annotated:
        return getattr(entry, "__name__", "value")
    base, *metadata = get_args(entry)
    low, high = range_ends(r for info in metadata for r in getattr(info, "metadata", [info]))
    if low is None and high is None:
        return _entry_name(base)
    left = "" if low is None else f"{'' if low[1] else '>'}{low[0]:g}"
    right = "" if high is None else f"{'' if high[1] else '<'}{high[0]:g}"
    return f"{_entry_name(base)} {left}..{right}"


def fill_from(default: BaseModel, given: dict) -> dict:
    """`given` with what it leaves out taken from `default`, entry by entry: writing only
    `{mx: ...}` keeps the other country's default, and a rule entry keeps its other fields."""
    filled: dict = {}
    for name in type(default).model_fields:
        base = getattr(default, name)
        if name not in given:
            filled[name] = base.model_dump() if isinstance(base, BaseModel) else base
        elif isinstance(base, BaseModel) and isinstance(given[name], dict):
            filled[name] = fill_from(base, given[name])
        else:
            filled[name] = given[name]
    return {**given, **filled}
