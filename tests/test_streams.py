"""Each mechanism draws from its own random stream, fresh each month and each use, and a
draw made for a worker or a plant is keyed by its row, so a policy arm and its twin share every
draw the policy does not touch (common random numbers)."""

import numpy as np
from scipy import stats

from sim.mechanisms.draws import STREAMS, Draws, keyed_uniform, random_streams
from sim.model import BorderModel
from tests.conftest import scenario_with


def _at(month: int) -> dict[str, Draws]:
    return random_streams(5, lambda: month)


def test_the_same_seed_month_and_site_give_the_same_numbers():
    first, second = _at(3), _at(3)
    for name in STREAMS:
        assert np.array_equal(first[name].rng("a").random(4), second[name].rng("a").random(4))


def test_the_streams_of_one_seed_are_distinct():
    draws = {name: tuple(d.rng("a").random(3)) for name, d in _at(3).items()}
    assert len(set(draws.values())) == len(STREAMS)


def test_each_month_and_each_site_has_its_own_numbers():
    seen = {
        tuple(_at(month)["labour_market"].rng(site, *index).random(3))
        for month in (1, 2)
        for site, index in (("quits", (0,)), ("quits", (1,)), ("hires", (0,)))
    }
    assert len(seen) == 6


def test_a_rows_number_does_not_depend_on_the_other_rows_drawn():
    draws = _at(7)["labour_market"]
    alone = draws.uniform(np.array([12345]), "found")
    among = draws.uniform(np.array([3, 12345, 999_999]), "found")
    assert among[1] == alone[0]


def test_keyed_numbers_are_uniform_and_independent_of_the_next_row():
    u = keyed_uniform(np.arange(200_000), key=2022)
    assert stats.kstest(u, "uniform").pvalue > 0.001
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01
    assert ((u >= 0) & (u < 1)).all()


def test_choose_picks_distinct_rows_uniformly_and_keeps_a_twins_choice():
    draws = _at(4)["labour_market"]
    rows = np.arange(1000, 2000)
    chosen = draws.choose(rows, 100, "hired")
    assert len(np.unique(chosen)) == 100 and np.isin(chosen, rows).all()
    twin = draws.choose(np.append(rows, 5000), 100, "hired")  # one more candidate
    assert len(np.intersect1d(chosen, twin)) >= 99
    hits = np.zeros(len(rows))
    for month in range(1, 201):
        hits[
            random_streams(5, lambda m=month: m)["labour_market"].choose(rows, 100, "h") - 1000
        ] += 1
    assert stats.chisquare(hits).pvalue > 0.001  # each row chosen about 20 times in 200


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
