"""Labour demand with its causes: each plant's demand relative to its start is the US output
of its sector, its country's shift, US automation's pull on Mexican exports in exposed
sectors, and its unit labour cost (wage-elastic, adjusting slowly).

`docs/model.md` section "Labour demand".
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import DemandConfig
from sim.state.codes import COUNTRY_NAMES, OPERATIVE, SECTORS
from sim.state.plants import PlantTable
from sim.world.countries import COUNTRY_CODE

MX = COUNTRY_CODE["MX"]


def monthly_factor(growth_per_year: np.ndarray | float) -> np.ndarray:
    """One month's multiplier at a yearly growth rate (compounding monthly)."""
    return (1.0 + np.asarray(growth_per_year)) ** (1.0 / 12.0)


def us_robot_export_growth(elasticity: float, robots_per_1000_per_year: float) -> float:
    """Yearly change in the growth of Mexican exports from US robot adoption (ACW 2019: growth
    of exports per worker x elasticity per extra robot per 1,000 US workers)."""
    return elasticity * robots_per_1000_per_year


def wage_demand_target(wage: np.ndarray, start_wage: np.ndarray, elasticity: float) -> np.ndarray:
    """Long-run labour demand relative to the start at this wage: (wage / start) ** elasticity
    (1 where no start wage is known)."""
    ratio = np.divide(wage, start_wage, out=np.ones_like(wage), where=start_wage > 0)
    return ratio**elasticity


class Demand:
    """The demand factor each plant sees, relative to its start (`by_plant`).

    Built with the config and the plant table after the start month's wages are set (the
    wage channel measures wages against them). Each month it is given the calendar year."""

    reads = ("plants.sector", "plants.country", "plants.wage", "calendar year")
    writes = (
        "sector index",
        "country index",
        "US-robot export factor",
        "wage factor by plant",
        "demand factor by plant",
    )

    def __init__(self, config: DemandConfig, plants: PlantTable) -> None:
        self.config = config
        self.plants = plants
        self.sector_index = np.ones(len(SECTORS))  # US output by sector, 1 at the start
        self.country_index = np.ones(len(COUNTRY_NAMES))  # the country shift on top
        self.us_robot_factor = 1.0  # exposed MX plants' export demand after US robots
        exposed = [SECTORS.index(s) for s in config.robot_reshoring_sectors]
        self.exposed = np.isin(plants.sector, exposed) & (plants.country == MX)
        self.start_wage = plants.wage[:, OPERATIVE].copy()
        self.wage_factor = np.ones(plants.n)  # labour demand from unit labour cost, adjusting
        self.by_plant = np.ones(plants.n)

    def advance(self, year: int) -> None:
        """One month: the indices grow at the year's rates, the wage factor closes part of its
        gap, and each plant's demand factor is their product."""
        cfg = self.config
        plants = self.plants
        self.sector_index *= monthly_factor(np.array([cfg.sector_rate(s, year) for s in SECTORS]))
        self.country_index *= monthly_factor(np.array([cfg.growth(c, year) for c in COUNTRY_NAMES]))
        robots = us_robot_export_growth(
            cfg.robot_reshoring_elasticity, cfg.robots_per_1000_workers_per_year
        )
        self.us_robot_factor *= float(monthly_factor(robots))
        target = wage_demand_target(plants.wage[:, OPERATIVE], self.start_wage, cfg.wage_elasticity)
        self.wage_factor += cfg.wage_adjustment_per_month * (target - self.wage_factor)
        self.by_plant = (
            self.sector_index[plants.sector]
            * self.country_index[plants.country]
            * np.where(self.exposed, self.us_robot_factor, 1.0)
            * self.wage_factor
        )
