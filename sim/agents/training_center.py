"""The TrainingCenter agent: one technical training centre per city, on the city's cell.

It holds its seats, occupancy and applicant queue; the training pipeline that admits, sponsors
and graduates trainees is `sim.mechanisms.training`.
"""

from __future__ import annotations

from typing import Any

import mesa
from mesa.discrete_space import FixedAgent


class TrainingCenter(FixedAgent):
    """A technical training center (CONALEP/CIATEQ-like, or a US community college).

    `capacity_multiplier` is the scenario's lever on every center's seats; `rounding` (drawn
    once) rounds fractional seats the same way every month."""

    def __init__(
        self,
        model: mesa.Model,
        city: int,
        city_id: str,
        base_seats: float,
        capacity_multiplier: float,
        rounding: float,
        cell: Any,
    ) -> None:
        super().__init__(model)
        self.city = city
        self.city_id = city_id
        self.base_seats = base_seats
        self.capacity_multiplier = capacity_multiplier
        self.rounding = rounding
        self.adaptive_multiplier = 1.0
        self.last_raise = -(10**6)
        self.occupied = 0
        self.queue: list[int] = []
        self.binational = False
        self.twin: TrainingCenter | None = None
        self.cell = cell

    @property
    def seats(self) -> int:
        multiplier = self.capacity_multiplier
        return int(self.base_seats * multiplier * self.adaptive_multiplier + self.rounding)

    @property
    def free_seats(self) -> int:
        return max(0, self.seats - self.occupied)
