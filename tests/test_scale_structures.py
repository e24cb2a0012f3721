"""The structures that make 1:1 runs cheap stay exact: rosters, the job-seeker pool, agents
(docs/model.md section 2)."""

import numpy as np
from mesa.experimental.mesa_signals import ModelSignals

from sim.agents.worker import Worker
from sim.model import BorderModel
from sim.state.codes import EMPLOYED, UNEMPLOYED
from sim.state.roster import WORKER_MASK, roster_keys
from tests.conftest import scenario_with


def test_rosters_and_pool_match_worker_states_every_month():
    model = BorderModel(
        scenario_with(
            "policy.retraining_subsidy=0.5", "policy.stipend_usd_month=100", end="2024-06"
        ),
        seed=11,
    )
    w = model.workers
    while model.running:
        model.step()
        live = np.arange(w.size)
        employed = live[w.status[: w.size] == EMPLOYED]
        expected = np.sort(roster_keys(employed, w.employer[employed], w.skill[employed]))
        assert np.array_equal(model.plants.rosters.all_keys(), expected)
        unemployed = live[w.status[: w.size] == UNEMPLOYED]
        assert np.array_equal(w.unemployed_pool(), unemployed)
    # a plant's roster is its payroll, ascending
    plant = int(np.argmax(model.plants.headcount.sum(axis=1)))
    payroll = employed[w.employer[employed] == plant]
    assert np.array_equal(model.plants.roster(plant), payroll)
    assert [a.idx for a in model.plant_agents[plant].workers] == payroll.tolist()
    assert (expected & WORKER_MASK).max() < w.size


class Listener:
    def __init__(self) -> None:
        self.heard: list = []

    def hear(self, signal) -> None:
        self.heard.append(signal)


def test_workers_are_registered_mesa_agents_with_or_without_listeners():
    model = BorderModel(scenario_with(end="2022-03"), seed=2)
    before = len(model.agents)
    first_id = model.agent_id_counter
    quiet = model.newcomers.add(np.array([0, 1, 1]), since=0)
    listener = Listener()
    model.observe("agents", ModelSignals.AGENT_ADDED, listener.hear)
    loud = model.newcomers.add(np.array([2, 3]), since=0)
    new = [model.workers.agents[i] for i in [*quiet.tolist(), *loud.tolist()]]
    assert len(listener.heard) == 2  # listeners see every agent made while they listen
    assert [a.unique_id for a in new] == list(range(first_id, first_id + 5))
    assert all(a in model.agents and a in model.agents_by_type[Worker] for a in new)
    assert len(model.agents) == before + 5
    model.workers.depart(quiet[:2])
    assert new[0] not in model.agents and new[1] not in model.agents_by_type[Worker]
    assert len(model.agents) == before + 3
