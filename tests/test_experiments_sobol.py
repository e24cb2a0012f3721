"""Sobol indices with bootstrap intervals and the sum of S1 (`sim.experiments.sobol`), on
functions whose indices are known."""

import numpy as np
import pytest
from SALib.sample import sobol as saltelli

from sim.config import ConfigError
from sim.experiments.sobol import sobol_with_sum
from sim.sweep.designs import unit_problem

NAMES = ["a", "b", "c"]


def _design(n: int) -> np.ndarray:
    return saltelli.sample(unit_problem(NAMES), n, calc_second_order=False, seed=1)


def test_an_additive_function_has_first_order_indices_summing_to_one():
    x = _design(4096)
    y = x[:, 0] + 2 * x[:, 1]  # variances 1/12 and 4/12: S1 = 0.2, 0.8, 0
    table, total = sobol_with_sum(NAMES, y, resamples=200, confidence=0.95, seed=3)
    assert table["S1"].to_numpy() == pytest.approx([0.2, 0.8, 0.0], abs=0.03)
    assert total["sum_S1"] == pytest.approx(table["S1"].sum())
    assert abs(total["sum_S1"] - 1.0) < max(total["sum_S1_conf"], 0.03)


def test_the_ishigami_sum_of_s1_covers_its_known_value():
    # Ishigami (a = 7, b = 0.1): S1 = 0.3139, 0.4424, 0, so the sum is 0.7563 (interactions
    # of x1 and x3 hold the rest)
    x = _design(2048) * 2 * np.pi - np.pi
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    _, total = sobol_with_sum(NAMES, y, resamples=500, confidence=0.95, seed=3)
    assert abs(total["sum_S1"] - 0.7563) <= total["sum_S1_conf"]
    assert 0 < total["sum_S1_conf"] < 0.2


def test_more_resamples_or_a_higher_confidence_widen_nothing_but_the_interval():
    x = _design(256)
    y = x[:, 0] + x[:, 1] * x[:, 2]
    low, narrow = sobol_with_sum(NAMES, y, resamples=300, confidence=0.80, seed=3)
    high, wide = sobol_with_sum(NAMES, y, resamples=300, confidence=0.99, seed=3)
    assert low["S1"].to_numpy() == pytest.approx(high["S1"].to_numpy())
    assert wide["sum_S1_conf"] > narrow["sum_S1_conf"]


def test_a_sobol_n_that_is_not_a_power_of_two_is_refused(tmp_path):
    from sim.experiments.spec import load_experiment

    (tmp_path / "experiment.yaml").write_text(
        "title: t\nquestion: q\nkind: sensitivity\nsweep: configs/sweeps/sobol_levers.yaml\n"
        "sobol: {n: 500}\n"
    )
    with pytest.raises(ConfigError, match="sobol.n.*power of 2"):
        load_experiment(tmp_path)


def test_the_experiment_sobol_n_resizes_the_sweep_it_runs(tmp_path):
    from sim.config import PROJECT_ROOT
    from sim.experiments.sensitivity import _sized_sweep
    from sim.sweep.plan import load_sweep

    shipped = PROJECT_ROOT / "configs" / "sweeps" / "sobol_levers_reduced.yaml"
    plan = load_sweep(_sized_sweep(shipped, tmp_path, 8))
    assert plan.spec.design.n == 8
    assert load_sweep(_sized_sweep(shipped, tmp_path, None)).spec.design.n == 4
