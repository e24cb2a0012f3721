"""The workers' state: one row per worker in a `WorkerTable` of numpy arrays.

Each row also has a Mesa agent (`sim.agents.worker.Worker`), made and removed through the
registry the model hands the table. An employed worker costs nothing per month unless
something happens to them; every state change goes through `WorkerTable.employ`, `separate`,
`enrol` or `depart`, which also keep the status counts, plant headcounts and plant rosters in
step, so the monthly cost follows the flows (hires, quits, layoffs, trainees), not the stock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Protocol, get_origin, get_type_hints

import numpy as np

from sim.arrays import first_occurrences, union_sorted, unique_sorted
from sim.state.codes import (
    DEPARTED,
    EMPLOYED,
    N_COUNTRIES,
    N_SKILLS,
    N_STATUSES,
    OUT_OF_LABOUR_FORCE,
    TECHNICIAN,
    TRAINING,
    UNEMPLOYED,
)
from sim.state.plants import PlantTable

_COUNTS_SHAPE = (N_COUNTRIES, N_SKILLS, N_STATUSES)
# months after assignment at which the in-model trial records employment
TRIAL_HORIZONS = (6, 12, 24, 36)
TRIAL_CONTROL, TRIAL_OFFER = 0, 1  # the trial's arms (`WorkerTable.trial_arm`)
WORK_NONE, WORK_FORMAL, WORK_INFORMAL = 0, 1, 2  # where a trial member works (`trial_work_*`)


class AgentRegistry(Protocol):
    """Makes and removes the Mesa agent of each worker row (`sim.agents.registry`)."""

    def add(self, first: int, n: int) -> list[Any]: ...

    def remove(self, agents: list[Any]) -> None: ...


class WorkerTable:
    """All workers' state as arrays indexed by `Worker.idx`.

    `plants` is the plant table whose headcounts and rosters follow hires and separations;
    `clock` gives the current month (transitions are stamped with it). Each per-worker array
    is declared below with its dtype; -1 marks "none"."""

    country: Annotated[np.ndarray, np.int8]
    city: Annotated[np.ndarray, np.int16]
    home_cell: Annotated[np.ndarray, np.int32]
    skill: Annotated[np.ndarray, np.int8]
    status: Annotated[np.ndarray, np.int8]
    employer: Annotated[np.ndarray, np.int32]  # plant index while employed
    sponsor: Annotated[np.ndarray, np.int32]  # plant paying for this worker's training
    hire_step: Annotated[np.ndarray, np.int32]
    unemployed_since: Annotated[np.ndarray, np.int32]
    training_end: Annotated[np.ndarray, np.int32]
    training_center: Annotated[np.ndarray, np.int32]  # center index; -1 in-house or none
    graduated_step: Annotated[np.ndarray, np.int32]  # last graduation, until the next hire
    queue_center: Annotated[np.ndarray, np.int32]  # training center whose queue they wait in
    displaced_step: Annotated[np.ndarray, np.int32]  # when automation displaced them
    displaced_cohort: Annotated[np.ndarray, np.int32]  # the same, kept after re-employment
    displaced_wage: Annotated[np.ndarray, np.float64]  # monthly wage in the job they lost
    left_for: Annotated[np.ndarray, np.int8]  # where a departed worker went (`codes.TO_*`)
    permit: Annotated[np.ndarray, np.bool_]  # may work across the border
    binational_credential: Annotated[np.ndarray, np.bool_]
    training_start: Annotated[np.ndarray, np.int32]  # when the last course began
    trained: Annotated[np.ndarray, np.bool_]  # completed that course (human capital)
    long_term_at_entry: Annotated[np.ndarray, np.bool_]  # long-term unemployed when it began
    trial_arm: Annotated[np.ndarray, np.int8]  # TRIAL_OFFER or TRIAL_CONTROL; -1 none
    trial_month: Annotated[np.ndarray, np.int32]  # when the trial assigned them
    # in work that many months after trial assignment: a `WORK_*` code; -1 not reached
    trial_work_6m: Annotated[np.ndarray, np.int8]
    trial_work_12m: Annotated[np.ndarray, np.int8]
    trial_work_24m: Annotated[np.ndarray, np.int8]
    trial_work_36m: Annotated[np.ndarray, np.int8]

    def __init__(
        self,
        city_country: np.ndarray,
        plants: PlantTable,
        clock: Callable[[], int],
        registry: AgentRegistry,
        capacity: int,
    ) -> None:
        self.city_country = city_country
        self.plants = plants
        self.clock = clock
        self.registry = registry
        self.size = 0
        for name, dtype in _FIELDS.items():
            setattr(self, name, np.full(capacity, -1, dtype=dtype))
        self.agents: list[Any] = []  # the Mesa agent of each row, None once departed
        # counts[country, skill, status] and by_city[city, status] (city of residence), kept
        # current by every transition
        self.counts = np.zeros(_COUNTS_SHAPE, dtype=np.int64)
        self.by_city = np.zeros((len(city_country), N_STATUSES), dtype=np.int64)
        self._pool = np.empty(0, dtype=np.int64)
        self._pending: list[np.ndarray] = []
        # the workers automation displaced, by month (cohorts the outcome measures follow)
        self.displaced_cohorts: dict[int, np.ndarray] = {}

    # ----------------------------------------------------------------- creation
    def add(
        self,
        city: np.ndarray,
        skill: np.ndarray,
        permit: np.ndarray,
        home_cell: np.ndarray,
        unemployed_since: np.ndarray,
    ) -> np.ndarray:
        """Create unemployed workers (one Mesa agent each); returns their indices."""
        n = len(city)
        start = self.size
        self._reserve(start + n)
        ids = np.arange(start, start + n)
        self.size += n
        self.city[ids] = city
        self.country[ids] = self.city_country[city]
        self.skill[ids] = skill
        self.status[ids] = UNEMPLOYED
        self.permit[ids] = permit
        self.binational_credential[ids] = False
        self.trained[ids] = False
        self.long_term_at_entry[ids] = False
        self.home_cell[ids] = home_cell
        self.unemployed_since[ids] = unemployed_since
        for name in (
            "employer",
            "sponsor",
            "training_center",
            "graduated_step",
            "queue_center",
            "displaced_step",
            "displaced_cohort",
            "displaced_wage",
            "left_for",
            "training_start",
            "trial_arm",
            "trial_month",
            *TRIAL_FIELDS,
        ):
            getattr(self, name)[ids] = -1
        self.hire_step[ids] = unemployed_since
        self.training_end[ids] = -1
        self._count(ids, +1)
        self.agents.extend(self.registry.add(start, n))
        self._pending.append(ids)
        return ids

    def _reserve(self, needed: int) -> None:
        capacity = len(self.status)
        if needed <= capacity:
            return
        new_capacity = max(needed, int(capacity * 1.5) + 16)
        for name, dtype in _FIELDS.items():
            old = getattr(self, name)
            grown: np.ndarray = np.full(new_capacity, -1, dtype=dtype)
            grown[: len(old)] = old
            setattr(self, name, grown)

    # ----------------------------------------------------------------- transitions
    def _group(self, ids: np.ndarray) -> np.ndarray:
        """Flat (country, skill) index of each worker."""
        return self.country[ids].astype(np.int64) * N_SKILLS + self.skill[ids]

    def _tally(self, ids: np.ndarray) -> np.ndarray:
        """How many of the workers are in each (country, skill, status) cell of `counts`."""
        flat = self._group(ids) * N_STATUSES + self.status[ids]
        return np.bincount(flat, minlength=self.counts.size).reshape(_COUNTS_SHAPE)

    def _count(self, ids: np.ndarray, sign: int) -> None:
        self.counts += sign * self._tally(ids)
        self._count_city(ids, sign)

    def _count_city(self, ids: np.ndarray, sign: int) -> None:
        flat = self.city[ids].astype(np.int64) * N_STATUSES + self.status[ids]
        counted = np.bincount(flat, minlength=self.by_city.size)
        self.by_city += sign * counted.reshape(-1, N_STATUSES)

    def _set_status(self, ids: np.ndarray, status: int) -> None:
        group = self._group(ids)
        self.counts -= self._tally(ids)
        self._count_city(ids, -1)
        self.status[ids] = status
        groups = np.bincount(group, minlength=N_COUNTRIES * N_SKILLS)
        self.counts[:, :, status] += groups.reshape(N_COUNTRIES, N_SKILLS)
        self._count_city(ids, +1)
        if status == UNEMPLOYED:
            self.unemployed_since[ids] = self.clock()
            self._pending.append(ids)

    def set_skill(self, ids: np.ndarray, skill: int) -> None:
        """Change skill (graduation, or a technician taking an operative job)."""
        self.counts -= self._tally(ids)
        self.skill[ids] = skill
        self.counts += self._tally(ids)

    def switch_task(self, ids: np.ndarray) -> None:
        """Employed operatives take new technician tasks in their own plant (no separation)."""
        if len(ids) == 0:
            return
        plants = self.employer[ids]
        self.plants.leave(ids, plants, self.skill[ids])
        self.set_skill(ids, TECHNICIAN)
        self.plants.join(ids, plants, self.skill[ids])

    def employ(self, ids: np.ndarray, plants: np.ndarray) -> None:
        """Hire non-employed workers into plants (headcounts and rosters follow)."""
        if len(ids) == 0:
            return
        self._set_status(ids, EMPLOYED)
        self.employer[ids] = plants
        self.sponsor[ids] = -1
        self.training_center[ids] = -1
        self.hire_step[ids] = self.clock()
        self.plants.join(ids, plants, self.skill[ids])

    def separate(self, ids: np.ndarray, status: int) -> None:
        """Take employed workers off their plants into unemployment or training."""
        if len(ids) == 0:
            return
        self.plants.leave(ids, self.employer[ids], self.skill[ids])
        self.employer[ids] = -1
        self._set_status(ids, status)

    def enrol(
        self,
        ids: np.ndarray,
        center: np.ndarray,
        sponsor: np.ndarray,
        months: int,
        long_term_months: int,
    ) -> None:
        """Put workers into training until `months` from now (employed ones leave their plant).

        The start month and whether they had been unemployed `long_term_months` or more are
        kept: the returns to the course follow them (`sim.mechanisms.training`)."""
        if len(ids) == 0:
            return
        now = self.clock()
        self.training_start[ids] = now
        self.trained[ids] = False
        self.long_term_at_entry[ids] = (self.status[ids] == UNEMPLOYED) & (
            now - self.unemployed_since[ids] >= long_term_months
        )
        on_payroll = ids[self.status[ids] == EMPLOYED]
        if len(on_payroll):
            self.plants.leave(on_payroll, self.employer[on_payroll], self.skill[on_payroll])
            self.employer[on_payroll] = -1
        self._set_status(ids, TRAINING)
        self.training_center[ids] = center
        self.sponsor[ids] = sponsor
        self.training_end[ids] = self.clock() + months

    def end_training(self, ids: np.ndarray) -> None:
        """Trainees who leave training without a job become unemployed job seekers."""
        self._set_status(ids, UNEMPLOYED)
        self.sponsor[ids] = -1
        self.training_center[ids] = -1

    def mark_displaced(self, ids: np.ndarray, month: int) -> None:
        """Automation displaced these employed workers this month (laid off or retrained)."""
        self.displaced_wage[ids] = self.plants.wage[self.employer[ids], self.skill[ids]]
        self.displaced_step[ids] = month
        self.displaced_cohort[ids] = month
        earlier = self.displaced_cohorts.get(month, np.empty(0, dtype=np.int64))
        self.displaced_cohorts[month] = np.concatenate([earlier, ids])

    def depart(self, ids: np.ndarray, destination: int = OUT_OF_LABOUR_FORCE) -> None:
        """Workers leave the manufacturing labour market (another job in the city, informal
        work, retirement, migration): the city's stocks take them over. `destination` is
        a `codes.TO_*` code (what the outcome measures read)."""
        if len(ids) == 0:
            return
        self.left_for[ids] = destination
        on_payroll = ids[self.status[ids] == EMPLOYED]
        if len(on_payroll):
            self.plants.leave(on_payroll, self.employer[on_payroll], self.skill[on_payroll])
            self.employer[on_payroll] = -1
        self._set_status(ids, DEPARTED)
        agents = self.agents
        self.registry.remove([agents[i] for i in ids.tolist()])
        for i in ids.tolist():
            agents[i] = None

    # ----------------------------------------------------------------- queries
    def unemployed_pool(self) -> np.ndarray:
        """Indices of the job seekers now, ascending (the pool is refreshed from the inflows)."""
        pool = self._pool
        pool = pool[self.status[pool] == UNEMPLOYED]
        if self._pending:
            fresh = unique_sorted(np.concatenate(self._pending))
            self._pending = []
            pool = union_sorted(pool, fresh[self.status[fresh] == UNEMPLOYED])
        self._pool = pool
        return pool

    def sample_employed(self, country: int, n: int, rng: np.random.Generator) -> np.ndarray:
        """n distinct employed workers of a country, uniformly, by rejection (cost ~ n)."""
        if n <= 0 or self.size == 0:
            return np.empty(0, dtype=np.int64)
        n = min(n, int(self.counts[country, :, EMPLOYED].sum()))
        chosen: np.ndarray = np.empty(0, dtype=np.int64)
        share = max(self.counts[country, :, EMPLOYED].sum() / self.size, 1e-6)
        while len(chosen) < n:
            draw = rng.integers(0, self.size, size=int((n - len(chosen)) / share * 1.2) + 8)
            ok = draw[(self.status[draw] == EMPLOYED) & (self.country[draw] == country)]
            chosen = np.concatenate([chosen, ok])
            chosen = chosen[first_occurrences(chosen)]
        return chosen[:n]

    def alive_count(self) -> int:
        return int(self.counts[:, :, :DEPARTED].sum())


TRIAL_FIELDS = tuple(f"trial_work_{h}m" for h in TRIAL_HORIZONS)

_FIELDS: dict[str, type] = {
    name: hint.__metadata__[0]
    for name, hint in get_type_hints(WorkerTable, include_extras=True).items()
    if get_origin(hint) is Annotated
}


def employed_check(workers: WorkerTable) -> bool:
    """Plant headcounts equal the employed workers assigned to them (an invariant)."""
    live = np.flatnonzero(workers.status[: workers.size] == EMPLOYED)
    counted = np.zeros_like(workers.plants.headcount)
    np.add.at(counted, (workers.employer[live], workers.skill[live]), 1)
    return bool(np.array_equal(counted, workers.plants.headcount))
