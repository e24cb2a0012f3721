"""Each mechanism draws from its own random stream, so a policy arm and its twin share every
draw the policy does not touch (common random numbers)."""

import numpy as np

from sim.mechanisms.draws import STREAMS, random_streams
from sim.model import BorderModel
from tests.conftest import scenario_with


def test_the_same_seed_gives_the_same_streams():
    first, second = random_streams(5), random_streams(5)
    for name in STREAMS:
        assert np.array_equal(first[name].random(4), second[name].random(4))


def test_the_streams_of_one_seed_are_distinct():
    draws = {name: tuple(rng.random(3)) for name, rng in random_streams(5).items()}
    assert len(set(draws.values())) == len(STREAMS)


def test_a_training_policy_leaves_the_population_and_the_first_adoption_draws_alone():
    base = BorderModel(scenario_with(end="2022-03"), seed=3)
    policy = BorderModel(
        scenario_with(
            "policy.training_capacity_multiplier=5", "policy.stipend_usd_month=300", end="2022-03"
        ),
        seed=3,
    )
    assert np.array_equal(base.workers.status, policy.workers.status)
    assert np.array_equal(base.plants.headcount, policy.plants.headcount)
    base.step()
    policy.step()
    assert np.array_equal(base.plants.stage, policy.plants.stage)
    assert np.array_equal(base.plants.level, policy.plants.level)
