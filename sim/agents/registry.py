"""Registering Worker agents with the model: through Mesa's public API, or in bulk.

Why a bulk path: at `population_scale: 1.0` the build makes 1.81 million Worker agents: 3.3 s
in bulk, 18.7 s through `Worker(model, i)` (the whole 1:1 build takes ~12 s with the bulk path).
Mesa is pinned (`mesa==3.5.1`); `tests/test_agent_registry.py` fails if these internals change.

Why departed agents are reused: at 1:1 some 22,000 outsiders hired into factories become agents
every month, while about as many agents depart. Fresh objects pile up in the oldest generation
of CPython's cyclic garbage collector until it walks every live object, the 1.8 million agents
included: five full collections in a 1:1 run, 0.5 s at first and 2.5 s once the agents are
scattered over the heap (9 s of a 37 s run's CPU). So the bulk path keeps the agents it removes
and gives them, with fresh ids, to the next newcomers; an agent that anything else still holds
(a test, the visualizer) is never reused, so no holder sees an agent change identity.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain, repeat

import mesa
from mesa.agentset import _HardKeyAgentSet
from mesa.experimental.mesa_signals import ModelSignals

from sim.agents.worker import Worker


def signals_watched(model: mesa.Model, signal: ModelSignals) -> bool:
    """Whether anyone would see a per-agent signal (or dataset update) from Mesa."""
    return bool(
        Worker._datasets
        or model._batch_context is not None
        or (not model._suppress and model._has_subscribers("agents", signal))
    )


def _refcounts(agents: list[Worker]) -> list[int]:
    return [sys.getrefcount(agent) for agent in agents]


# what `_refcounts` reports for an object that only its list holds
_HELD_BY_LIST_ONLY = _refcounts([object()])[0]  # type: ignore[list-item]


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


class WorkerRegistry:
    """Makes and removes the Worker agents of a model's worker rows (see the module docstring).

    Nobody listening to agent signals (the usual case), agents go straight into Mesa's id
    counter and agent sets, as `Model.register_agent` puts them, and removed agents wait in
    `departed` to be reused; otherwise one by one, and nothing is reused."""

    def __init__(self, model: mesa.Model) -> None:
        self.model = model
        self.departed: list[Worker] = []

    def _reusable(self, n: int) -> list[Worker]:
        """Up to n departed agents that nothing outside the registry holds any more."""
        pool = self.departed
        taken = pool[len(pool) - min(n, len(pool)) :]
        del pool[len(pool) - len(taken) :]
        counts = _refcounts(taken)
        return [a for a, count in zip(taken, counts, strict=True) if count == _HELD_BY_LIST_ONLY]

    def add(self, first: int, n: int) -> list[Worker]:
        """Worker agents for rows first..first+n-1, registered with the model."""
        model = self.model
        rows = range(first, first + n)
        if signals_watched(model, ModelSignals.AGENT_ADDED):
            with _collector_paused():
                return [Worker(model, i) for i in rows]
        uid = model.agent_id_counter - first

        def renew(agent: Worker, i: int) -> Worker:
            agent.model = model
            agent.unique_id = uid + i
            agent.pos = None
            agent.idx = i
            return agent

        by_type = model._agents_by_type
        if Worker not in by_type:
            by_type[Worker] = _HardKeyAgentSet([], random=model.random)
        reused = self._reusable(n)
        made = map(Worker.__new__, repeat(Worker, n - len(reused)))
        with _collector_paused():
            agents = list(map(renew, chain(reused, made), rows))
            fresh = dict.fromkeys(agents)
            model._all_agents._agents.update(fresh)
            by_type[Worker]._agents.update(fresh)
        model.agent_id_counter += n
        return agents

    def remove(self, agents: list[Worker]) -> None:
        """Remove Worker agents from the model (in bulk unless someone listens)."""
        model = self.model
        if signals_watched(model, ModelSignals.AGENT_REMOVED):
            for agent in agents:
                agent.remove()
            return
        everyone, workers = model._all_agents._agents, model._agents_by_type[Worker]._agents
        for agent in agents:
            del everyone[agent]
            del workers[agent]
        self.departed.extend(agents)
