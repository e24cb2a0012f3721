"""The bulk registration of Worker agents (sim/agents/registry.py) leaves a model exactly as
Mesa's public path does. It relies on Mesa internals (Mesa is pinned): if an upgrade changes
them, these tests fail before any run does."""

import weakref

import mesa
import numpy as np
from mesa.experimental.mesa_signals import ModelSignals

from sim.agents.registry import WorkerRegistry, signals_watched
from sim.agents.worker import Worker


def _models(n: int) -> tuple[mesa.Model, list[Worker], mesa.Model, list[Worker]]:
    bulk_model, public_model = mesa.Model(rng=1), mesa.Model(rng=1)
    mesa.Agent(bulk_model)  # an agent of another type registered first
    mesa.Agent(public_model)
    bulk = WorkerRegistry(bulk_model).add(0, n)
    public = [Worker(public_model, i) for i in range(n)]
    return bulk_model, bulk, public_model, public


def test_mesa_internals_the_bulk_path_uses_are_still_there():
    model = mesa.Model(rng=1)
    assert hasattr(model._all_agents, "_agents")
    assert isinstance(model._agents_by_type, dict)
    assert model._batch_context is None and model._suppress is False
    assert model._has_subscribers("agents", ModelSignals.AGENT_ADDED) is False
    assert Worker._datasets == set()


def test_nobody_listening_means_the_bulk_path_is_taken():
    assert not signals_watched(mesa.Model(rng=1), ModelSignals.AGENT_ADDED)


def test_bulk_registered_workers_match_mesa_registered_ones():
    bulk_model, bulk, public_model, public = _models(5)
    assert [a.unique_id for a in bulk] == [a.unique_id for a in public]
    assert [a.idx for a in bulk] == [a.idx for a in public]
    assert bulk_model.agent_id_counter == public_model.agent_id_counter
    assert len(bulk_model.agents) == len(public_model.agents) == 6
    assert list(bulk_model.agents_by_type[Worker]) == bulk
    assert all(a.pos is None and a.model is bulk_model for a in bulk)


def test_workers_added_later_continue_the_id_sequence():
    model = mesa.Model(rng=1)
    registry = WorkerRegistry(model)
    registry.add(0, 3)
    later = registry.add(3, 2)
    assert [a.unique_id for a in later] == [4, 5]
    assert Worker(model, 5).unique_id == 6


def test_bulk_removed_workers_leave_the_model_as_removed_ones_do():
    bulk_model, bulk, public_model, public = _models(4)
    WorkerRegistry(bulk_model).remove(bulk[1:3])
    for agent in public[1:3]:
        agent.remove()
    assert [a.unique_id for a in bulk_model.agents_by_type[Worker]] == [
        a.unique_id for a in public_model.agents_by_type[Worker]
    ]
    assert len(bulk_model.agents) == len(public_model.agents)
    assert np.array_equal(
        sorted(a.unique_id for a in bulk_model.agents),
        sorted(a.unique_id for a in public_model.agents),
    )


def _churn(n: int, leave: list[int], arrive: int) -> tuple[mesa.Model, list[Worker]]:
    """A bulk-registered model whose workers `leave` depart, then `arrive` newcomers."""
    model = mesa.Model(rng=1)
    registry = WorkerRegistry(model)
    first = registry.add(0, n)
    registry.remove([first[i] for i in leave])
    del first
    return model, registry.add(n, arrive)


def test_newcomers_after_departures_match_mesa_registered_ones():
    model, newcomers = _churn(5, [1, 3], 3)
    public_model = mesa.Model(rng=1)
    public = [Worker(public_model, i) for i in range(5)]
    for i in (1, 3):
        public[i].remove()
    public_newcomers = [Worker(public_model, i) for i in range(5, 8)]
    assert [(a.unique_id, a.idx) for a in newcomers] == [
        (a.unique_id, a.idx) for a in public_newcomers
    ]
    assert [a.unique_id for a in model.agents_by_type[Worker]] == [
        a.unique_id for a in public_model.agents_by_type[Worker]
    ]
    assert model.agent_id_counter == public_model.agent_id_counter
    assert all(a.pos is None and a.model is model for a in newcomers)


def test_departed_workers_nobody_holds_become_the_next_newcomers():
    model = mesa.Model(rng=1)
    registry = WorkerRegistry(model)
    agents = registry.add(0, 3)
    gone = weakref.ref(agents[1])
    registry.remove([agents.pop(1)])
    newcomer = registry.add(3, 1)[0]
    assert newcomer is gone()
    assert (newcomer.idx, newcomer.unique_id) == (3, 4)
    assert registry.departed == []


def test_a_departed_worker_still_held_elsewhere_is_never_reused():
    model = mesa.Model(rng=1)
    registry = WorkerRegistry(model)
    agents = registry.add(0, 3)
    registry.remove([agents[1]])  # `agents` still holds it
    newcomer = registry.add(3, 1)[0]
    assert newcomer is not agents[1]
    assert (agents[1].idx, agents[1].unique_id) == (1, 2)
    assert agents[1] not in model.agents
