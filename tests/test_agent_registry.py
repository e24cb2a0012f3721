"""The bulk registration of Worker agents (sim/agents/registry.py) leaves a model exactly as
Mesa's public path does. It relies on Mesa internals (Mesa is pinned): if an upgrade changes
them, these tests fail before any run does."""

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
