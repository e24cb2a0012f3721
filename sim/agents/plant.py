"""The Plant agent: one per modelled plant, fixed on its city's cell.

Its state is a row of the model's `PlantTable` (`sim.state.plants`); where a plant decides to
automate is `sim.mechanisms.automation`, and what happens to the jobs it automates is
`sim.mechanisms.displacement`.
"""

from __future__ import annotations

from typing import Any

from mesa.discrete_space import FixedAgent

from sim.agents.columns import Column
from sim.state.codes import COUNTRY_NAMES, OPERATIVE, SECTORS, STAGE_NAMES, TECHNICIAN


class Plant(FixedAgent):
    """A manufacturing plant fixed on its city's cell."""

    country = Column("plants", convert=lambda c: COUNTRY_NAMES[c])
    city_index = Column("plants", "city")
    sector = Column("plants", convert=lambda s: SECTORS[s])
    is_sme = Column("plants", "sme", convert=bool)
    automation_level = Column("plants", "level")
    stage = Column("plants", convert=lambda s: STAGE_NAMES[s])
    in_sez = Column("plants", convert=bool)
    trainees = Column("plants")

    def __init__(self, model: Any, idx: int, cell) -> None:
        super().__init__(model)
        self.idx = idx
        self.cell = cell

    @property
    def operatives(self) -> int:
        return int(self.model.plants.headcount[self.idx, OPERATIVE])

    @property
    def technicians(self) -> int:
        return int(self.model.plants.headcount[self.idx, TECHNICIAN])

    @property
    def workers(self) -> list:
        """The Worker agents on this plant's payroll."""
        agents = self.model.workers.agents
        return [agents[w] for w in self.model.plants.roster(self.idx).tolist()]
