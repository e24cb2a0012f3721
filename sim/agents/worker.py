"""The Worker agent: one per manufacturing worker, job seeker or trainee.

Its state is a row of the model's `WorkerTable` (`sim.state.workers`); the agent reads that row,
so the visualizer and the tests can inspect any worker as an object.
"""

from __future__ import annotations

from typing import Any

import mesa

from sim.agents.columns import Column
from sim.state.codes import COUNTRY_NAMES, SKILL_NAMES, STATUS_NAMES


def _country_name(code: int) -> str:
    return COUNTRY_NAMES[code]


class Worker(mesa.Agent):
    """A manufacturing worker (or job seeker, or trainee) in one city of the corridor."""

    country = Column("workers", convert=_country_name)
    city_index = Column("workers", "city")
    skill = Column("workers", convert=lambda s: SKILL_NAMES[s])
    status = Column("workers", convert=lambda s: STATUS_NAMES[s])
    employer_index = Column("workers", "employer")
    can_commute_across = Column("workers", "permit", convert=bool)
    binational_credential = Column("workers", convert=bool)

    def __init__(self, model: Any, idx: int) -> None:
        super().__init__(model)
        self.idx = idx

    @property
    def employer(self):
        """The Plant agent employing this worker, or None."""
        index = self.model.workers.employer[self.idx]
        return self.model.plant_agents[index] if index >= 0 else None

    @property
    def wage(self) -> float:
        """Monthly wage in USD while employed, else 0."""
        index = self.model.workers.employer[self.idx]
        if index < 0:
            return 0.0
        return float(self.model.plants.wage[index, self.model.workers.skill[self.idx]])

    @property
    def cell(self):
        """The grid cell the worker lives on."""
        i, j = self.model.corridor.coords(self.model.workers.home_cell[self.idx])
        return self.model.corridor.grid[(int(i), int(j))]
