"""New job seekers entering the agent population: the build's workers and seekers, and
outsiders hired into manufacturing (they become agents when hired)."""

from __future__ import annotations

import numpy as np

from sim.arrays import unique_sorted
from sim.config.schema import PopulationConfig
from sim.mechanisms.draws import Draws
from sim.state.codes import OPERATIVE
from sim.state.workers import WorkerTable


class Newcomers:
    """Adds unemployed operatives living in given cities, each on a random cell of their city,
    a cross-border work permit drawn at the country's share."""

    reads = ("city cells", "city country")
    writes = ("workers (new rows, through the worker table)",)

    def __init__(
        self,
        workers: WorkerTable,
        city_country: np.ndarray,
        city_cells: list[np.ndarray],
        population: PopulationConfig,
        draws: Draws,
    ) -> None:
        self.workers = workers
        self.city_country = city_country
        self.city_cells = city_cells
        self.permit_share = population.cross_border_permit_share.values
        self.draws = draws

    def _home_cells(self, cities: np.ndarray, rows: np.ndarray) -> np.ndarray:
        cells = np.empty(len(cities), dtype=np.int64)
        pick = self.draws.uniform(rows, "home_cell")
        for k in unique_sorted(cities).tolist():
            mine = np.flatnonzero(cities == k)
            options = self.city_cells[k]
            cells[mine] = options[(pick[mine] * len(options)).astype(np.int64)]
        return cells

    def add(self, cities: np.ndarray, since: int | np.ndarray) -> np.ndarray:
        """New unemployed operative agents living in the given cities; returns their rows."""
        mx, us = self.permit_share
        share = np.where(self.city_country[cities] == 0, mx, us)
        rows = np.arange(self.workers.size, self.workers.size + len(cities))
        return self.workers.add(
            city=cities,
            skill=np.full(len(cities), OPERATIVE, dtype=np.int8),
            permit=self.draws.uniform(rows, "permit") < share,
            home_cell=self._home_cells(cities, rows),
            unemployed_since=np.broadcast_to(since, len(cities)),
        )
