"""Wages: each city's wage level follows its unemployment (the wage curve), and plant pay
follows the city's level; Mexican pay is set in pesos, so its USD cost moves with the exchange
rate, and Mexican operatives are never paid below the border-zone minimum wage.

`docs/model.md` section "Submodels" (wage curve) and section 5 (wages at the start).
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import WageConfig
from sim.mechanisms.matching import wage_curve
from sim.state.codes import OPERATIVE, TECHNICIAN
from sim.state.plants import PlantTable


class Wages:
    """Each city's wage level relative to the start month, and the plants' wages from it.

    Reads: plants.base_wage, plants.city, plants.country; each month the city unemployment
    rate (argument). Writes: plants.wage; `level` (by city)."""

    reads = ("plants.base_wage", "plants.city", "plants.country", "city unemployment rate")
    writes = ("plants.wage", "wage level by city")

    def __init__(self, plants: PlantTable, config: WageConfig, u_ref: np.ndarray) -> None:
        self.plants = plants
        self.config = config
        self.u_ref = u_ref  # each city's unemployment rate at the start
        self.level = np.ones(len(u_ref))  # city wages relative to the start month

    def follow(self, city_rate: np.ndarray) -> None:
        """Move each city's wage level toward the wage curve at this unemployment rate."""
        cfg = self.config
        target = wage_curve(city_rate, self.u_ref, cfg.wage_curve_elasticity)
        self.level += cfg.wage_adjustment_per_month * (target - self.level)

    def set(self, year: int) -> None:
        """This month's wages: each city's wage level on the plants' base wages; Mexican
        wages are set in pesos, so their USD cost follows the exchange rate, and Mexican
        operatives are never paid below the border-zone minimum wage."""
        cfg = self.config
        plants = self.plants
        floor = cfg.min_wage_usd_month(year)
        base = plants.base_wage * self.level[plants.city]
        mexican = plants.country == 0
        operative = np.where(mexican, np.maximum(base * cfg.peso_cost_factor(year), floor), base)
        premium = cfg.technician_premium.array[plants.country]
        plants.wage[:, OPERATIVE] = operative
        plants.wage[:, TECHNICIAN] = operative * premium
