"""Workers: one Mesa agent each, state in a `WorkerTable` of numpy arrays.

An employed worker costs nothing per month unless something happens to them; every state
change goes through `WorkerTable.employ`, `separate`, `enrol` or `depart`, which also keep the
status counts, plant headcounts and plant rosters in step, so the monthly cost follows the
flows (hires, quits, layoffs, trainees), not the stock of workers.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import mesa
import numpy as np
from mesa.agentset import _HardKeyAgentSet
from mesa.experimental.mesa_signals import ModelSignals

from sim.agents.columns import Column
from sim.arrays import first_occurrences, unique_sorted

if TYPE_CHECKING:
    from sim.model import BorderModel

EMPLOYED, UNEMPLOYED, TRAINING, DEPARTED = 0, 1, 2, 3
STATUS_NAMES = ("employed", "unemployed", "training", "departed")
OPERATIVE, TECHNICIAN = 0, 1
SKILL_NAMES = ("operative", "technician")
COUNTRY_NAMES = ("MX", "US")

_FIELDS = {
    "country": np.int8,
    "city": np.int16,
    "home_cell": np.int32,
    "skill": np.int8,
    "status": np.int8,
    "employer": np.int32,  # plant index while employed, else -1
    "sponsor": np.int32,  # plant paying for this worker's training, else -1
    "hire_step": np.int32,
    "unemployed_since": np.int32,
    "training_end": np.int32,
    "training_center": np.int32,  # center index, -1 in-house or none
    "graduated_step": np.int32,  # month of last graduation until first hire after it, else -1
    "queue_center": np.int32,  # training center whose queue the worker waits in, else -1
    "displaced_step": np.int32,  # month automation displaced them, until re-employed, else -1
    "permit": np.bool_,  # may work across the border
    "binational_credential": np.bool_,
}


class WorkerTable:
    """All workers' state as arrays indexed by `Worker.idx`."""

    def __init__(self, model: BorderModel, capacity: int) -> None:
        self.model = model
        self.size = 0
        for name, dtype in _FIELDS.items():
            setattr(self, name, np.full(capacity, -1, dtype=dtype))
        self.agents: list[Worker | None] = []
        # counts[country, skill, status] and by_city[city, status] (city of residence), kept
        # current by every transition
        self.counts = np.zeros((2, 2, 4), dtype=np.int64)
        self.by_city = np.zeros((len(model.cities), 4), dtype=np.int64)
        self._pool = np.empty(0, dtype=np.int64)
        self._pending: list[np.ndarray] = []

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
        self.country[ids] = self.model.city_country[city]
        self.skill[ids] = skill
        self.status[ids] = UNEMPLOYED
        self.permit[ids] = permit
        self.binational_credential[ids] = False
        self.home_cell[ids] = home_cell
        self.unemployed_since[ids] = unemployed_since
        for name in (
            "employer",
            "sponsor",
            "training_center",
            "graduated_step",
            "queue_center",
            "displaced_step",
        ):
            getattr(self, name)[ids] = -1
        self.hire_step[ids] = unemployed_since
        self.training_end[ids] = -1
        self._count(ids, +1)
        self.agents.extend(new_workers(self.model, start, n))
        self._pending.append(ids)
        return ids

    def _reserve(self, needed: int) -> None:
        capacity = len(self.status)
        if needed <= capacity:
            return
        new_capacity = max(needed, int(capacity * 1.5) + 16)
        for name, dtype in _FIELDS.items():
            old = getattr(self, name)
            grown = np.full(new_capacity, -1, dtype=dtype)
            grown[: len(old)] = old
            setattr(self, name, grown)

    # ----------------------------------------------------------------- transitions
    def _count(self, ids: np.ndarray, sign: int) -> None:
        flat = (self.country[ids].astype(np.int64) * 2 + self.skill[ids]) * 4 + self.status[ids]
        self.counts += sign * np.bincount(flat, minlength=16).reshape(2, 2, 4)
        self._count_city(ids, sign)

    def _count_city(self, ids: np.ndarray, sign: int) -> None:
        flat = self.city[ids].astype(np.int64) * 4 + self.status[ids]
        self.by_city += sign * np.bincount(flat, minlength=self.by_city.size).reshape(-1, 4)

    def _set_status(self, ids: np.ndarray, status: int) -> None:
        group = (self.country[ids].astype(np.int64) * 2 + self.skill[ids]) * 4
        self.counts -= np.bincount(group + self.status[ids], minlength=16).reshape(2, 2, 4)
        self._count_city(ids, -1)
        self.status[ids] = status
        self.counts[:, :, status] += np.bincount(group // 4, minlength=4).reshape(2, 2)
        self._count_city(ids, +1)
        if status == UNEMPLOYED:
            self.unemployed_since[ids] = self.model.steps
            self._pending.append(ids)

    def set_skill(self, ids: np.ndarray, skill: int) -> None:
        """Change skill (graduation, or a technician taking an operative job)."""
        flat = (self.country[ids].astype(np.int64) * 2 + self.skill[ids]) * 4 + self.status[ids]
        self.counts -= np.bincount(flat, minlength=16).reshape(2, 2, 4)
        self.skill[ids] = skill
        flat = (self.country[ids].astype(np.int64) * 2 + self.skill[ids]) * 4 + self.status[ids]
        self.counts += np.bincount(flat, minlength=16).reshape(2, 2, 4)

    def switch_task(self, ids: np.ndarray) -> None:
        """Employed operatives take new technician tasks in their own plant (no separation)."""
        if len(ids) == 0:
            return
        plants = self.employer[ids]
        self.model.plants.leave(ids, plants, self.skill[ids])
        self.set_skill(ids, TECHNICIAN)
        self.model.plants.join(ids, plants, self.skill[ids])

    def employ(self, ids: np.ndarray, plants: np.ndarray) -> None:
        """Hire non-employed workers into plants (headcounts and rosters follow)."""
        if len(ids) == 0:
            return
        self._set_status(ids, EMPLOYED)
        self.employer[ids] = plants
        self.sponsor[ids] = -1
        self.training_center[ids] = -1
        self.hire_step[ids] = self.model.steps
        self.model.plants.join(ids, plants, self.skill[ids])

    def separate(self, ids: np.ndarray, status: int) -> None:
        """Take employed workers off their plants into unemployment or training."""
        if len(ids) == 0:
            return
        self.model.plants.leave(ids, self.employer[ids], self.skill[ids])
        self.employer[ids] = -1
        self._set_status(ids, status)

    def enrol(self, ids: np.ndarray, center: np.ndarray, sponsor: np.ndarray, months: int) -> None:
        """Put workers into training until `months` from now (employed ones leave their plant)."""
        if len(ids) == 0:
            return
        on_payroll = ids[self.status[ids] == EMPLOYED]
        if len(on_payroll):
            self.model.plants.leave(on_payroll, self.employer[on_payroll], self.skill[on_payroll])
            self.employer[on_payroll] = -1
        self._set_status(ids, TRAINING)
        self.training_center[ids] = center
        self.sponsor[ids] = sponsor
        self.training_end[ids] = self.model.steps + months

    def end_training(self, ids: np.ndarray) -> None:
        """Trainees who leave training without a job become unemployed job seekers."""
        self._set_status(ids, UNEMPLOYED)
        self.sponsor[ids] = -1
        self.training_center[ids] = -1

    def depart(self, ids: np.ndarray) -> None:
        """Workers leave the manufacturing labour market (another job in the city, informal
        work, retirement, migration): the city's stocks take them over."""
        if len(ids) == 0:
            return
        on_payroll = ids[self.status[ids] == EMPLOYED]
        if len(on_payroll):
            self.model.plants.leave(on_payroll, self.employer[on_payroll], self.skill[on_payroll])
            self.employer[on_payroll] = -1
        self._set_status(ids, DEPARTED)
        agents = self.agents
        remove_workers(self.model, [agents[i] for i in ids.tolist()])
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
            fresh = fresh[self.status[fresh] == UNEMPLOYED]
            at = np.searchsorted(pool, fresh)
            if len(pool):
                fresh = fresh[pool[np.minimum(at, len(pool) - 1)] != fresh]
                at = np.searchsorted(pool, fresh)
            pool = np.insert(pool, at, fresh)
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


def _signals_watched(model: BorderModel, signal: ModelSignals) -> bool:
    """Whether anyone would see a per-agent signal (or dataset update) from Mesa."""
    return bool(
        Worker._datasets
        or model._batch_context is not None
        or (not model._suppress and model._has_subscribers("agents", signal))
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic GC: a million new objects would trigger ~1500 needless collections."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def new_workers(model: BorderModel, first: int, n: int) -> list[Worker]:
    """Worker agents for rows first..first+n-1, registered with the model as Mesa does.

    Nobody listening to agent signals (the usual case), they are registered in bulk: Mesa's
    id counter and agent sets, without a signal dispatch per agent, several times faster than
    `Worker(model, idx)`, which matters at 1.8 million agents. Otherwise one by one.
    """
    rows = range(first, first + n)
    if _signals_watched(model, ModelSignals.AGENT_ADDED):
        with _collector_paused():
            return [Worker(model, i) for i in rows]
    new = Worker.__new__
    uid = model.agent_id_counter - first

    def make(i: int) -> Worker:
        agent = new(Worker)
        agent.model = model
        agent.unique_id = uid + i
        agent.pos = None
        agent.idx = i
        return agent

    by_type = model._agents_by_type
    if Worker not in by_type:
        by_type[Worker] = _HardKeyAgentSet([], random=model.random)
    with _collector_paused():
        agents = list(map(make, rows))
        fresh = dict.fromkeys(agents)
        model._all_agents._agents.update(fresh)
        by_type[Worker]._agents.update(fresh)
    model.agent_id_counter += n
    return agents


def remove_workers(model: BorderModel, agents: list[Worker]) -> None:
    """Remove Worker agents from the model, in bulk unless someone listens (see `new_workers`)."""
    if _signals_watched(model, ModelSignals.AGENT_REMOVED):
        for agent in agents:
            agent.remove()
        return
    everyone, workers = model._all_agents._agents, model._agents_by_type[Worker]._agents
    for agent in agents:
        del everyone[agent]
        del workers[agent]


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

    def __init__(self, model: BorderModel, idx: int) -> None:
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
