"""The plants' state: one row per modelled plant in a `PlantTable` of numpy arrays.

Each row also has a Mesa agent (`sim.agents.plant.Plant`). Headcounts and rosters change only
through `join` and `leave`, which the worker table calls on every hire and separation.
"""

from __future__ import annotations

import numpy as np

from sim.state.codes import N_SKILLS, OPERATIVE, PILOT, TECHNICIAN
from sim.state.roster import RosterIndex


class PlantTable:
    """All plants' state as arrays indexed by `Plant.idx`."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.country = np.zeros(n, dtype=np.int8)
        self.city = np.zeros(n, dtype=np.int16)
        self.sector = np.zeros(n, dtype=np.int8)
        self.sme = np.zeros(n, dtype=bool)
        self.real_size = np.zeros(n)  # workers of the real plant(s) it stands for
        self.weight = np.ones(n)  # real plants this modelled plant stands for
        self.headcount = np.zeros((n, N_SKILLS), dtype=np.int64)  # [plant, skill], employed only
        self.trainees = np.zeros(n, dtype=np.int64)  # its workers now in retraining
        self.ops_demand0 = np.zeros(n)  # operative jobs needed at start with no automation
        self.tech_base = np.zeros(n)  # technician jobs needed at start, not tied to automation
        self.level = np.zeros(n)  # share of operative tasks automated
        self.stage = np.zeros(n, dtype=np.int8)
        self.stage_since = np.zeros(n, dtype=np.int32)
        self.base_wage = np.zeros(n)  # operative wage before the minimum-wage floor, USD/month
        self.wage = np.zeros((n, N_SKILLS))  # current wage by skill, USD/month
        self.in_sez = np.zeros(n, dtype=bool)
        self.capex_cum = np.zeros(n)
        self.displaced_cum = np.zeros(n, dtype=np.int64)
        self.output_share = np.ones(n)  # output relative to its start, from unit-cost competition
        self.pending = np.zeros(n)  # automated operative jobs still filled, awaiting attrition
        self.active = np.ones(n, dtype=bool)  # False: a dormant slot an entrant may take
        self.rosters = RosterIndex()

    def extended(self, extra: int) -> PlantTable:
        """This table with `extra` dormant rows appended (inactive, zero weight and headcount):
        the slots plant entry fills, so every array keeps its size for the whole run."""
        table = PlantTable(self.n + extra)
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                grown = np.zeros((self.n + extra, *value.shape[1:]), dtype=value.dtype)
                grown[: self.n] = value
                setattr(table, name, grown)
        table.rosters = self.rosters
        return table

    def join(self, workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> None:
        self._add_heads(plants, skills, 1)
        self.rosters.join(workers, plants, skills)

    def leave(self, workers: np.ndarray, plants: np.ndarray, skills: np.ndarray) -> None:
        self._add_heads(plants, skills, -1)
        self.rosters.leave(workers, plants, skills)

    def _add_heads(self, plants: np.ndarray, skills: np.ndarray, sign: int) -> None:
        flat = np.asarray(plants, dtype=np.int64) * N_SKILLS + skills
        counted = np.bincount(flat, minlength=N_SKILLS * self.n)
        self.headcount += sign * counted.reshape(self.n, N_SKILLS)

    def roster(self, plant: int) -> np.ndarray:
        """Indices of the workers on a plant's payroll, ascending."""
        both = [self.rosters.members(plant, skill) for skill in (OPERATIVE, TECHNICIAN)]
        return np.sort(np.concatenate(both))

    def ops_demand(self, demand: np.ndarray) -> np.ndarray:
        """Operative jobs each plant would need today with no automation: its need at start,
        times `demand` (its demand factor relative to the start, by plant), times its output
        share."""
        return self.ops_demand0 * demand * self.output_share

    def targets(self, demand: np.ndarray, techs_per_job: float) -> np.ndarray:
        """Jobs each plant wants filled now, shape (n, 2): operatives, technicians, given each
        plant's demand factor (`demand`, by plant).

        `techs_per_job` counts every task automation creates per operative job automated
        (technicians plus reinstated new tasks)."""
        ops = self.ops_demand(demand)
        base = self.tech_base * demand * self.output_share
        return np.stack([ops * (1.0 - self.level), base + techs_per_job * ops * self.level], axis=1)

    def jobs_by_city(self, n_cities: int) -> np.ndarray:
        """Filled jobs (operatives + technicians) by plant city."""
        heads = self.headcount.sum(axis=1)
        return np.bincount(self.city, weights=heads, minlength=n_cities)

    def adopters(self) -> np.ndarray:
        """Plants using AI/automation (pilot or adopted)."""
        return self.stage >= PILOT
