"""Product demand by country: an index, 1 at the start, growing at the scenario's yearly
rates (`demand.growth_per_year_*`); plants' operative demand scales with it."""

from __future__ import annotations

import numpy as np

from sim.config.schema import DemandConfig
from sim.state.codes import COUNTRY_NAMES


class Demand:
    """The demand index by country.

    Reads: the calendar year (argument). Writes: `index` (by country)."""

    reads = ("calendar year",)
    writes = ("demand index by country",)

    def __init__(self, config: DemandConfig) -> None:
        self.config = config
        self.index = np.ones(len(COUNTRY_NAMES))

    def advance(self, year: int) -> None:
        """One month of growth at the year's rate."""
        for c, country in enumerate(COUNTRY_NAMES):
            self.index[c] *= (1.0 + self.config.growth(country, year)) ** (1.0 / 12.0)
