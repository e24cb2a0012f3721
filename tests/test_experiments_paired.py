"""Paired statistics of a policy arm against the reference (common random numbers): the mean
difference and its t interval, paired and unpaired standard deviations, the minimum detectable
effect and the power rule that chooses the number of seeds."""

import math

import numpy as np
import pytest
from scipy import stats

from sim.config import PROJECT_ROOT
from sim.experiments.paired import mde, paired, seeds_for_mde, zero_coverage
from sim.experiments.spec import load_experiment

ARM = [3.1, 2.9, 3.4, 3.0, 3.3]
REFERENCE = [3.0, 2.7, 3.1, 3.0, 3.0]  # differences 0.1, 0.2, 0.3, 0.0, 0.3


def test_the_difference_is_the_mean_of_seed_by_seed_differences():
    assert paired(ARM, REFERENCE).difference == pytest.approx(0.18)


def test_the_interval_is_the_t_interval_that_scipy_ttest_rel_gives():
    result = paired(ARM, REFERENCE)
    test = stats.ttest_rel(ARM, REFERENCE)
    low, high = test.confidence_interval(0.95)
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high))


def test_the_interval_by_hand_is_mean_plus_minus_t_times_sd_over_root_n():
    sd = float(np.std([0.1, 0.2, 0.3, 0.0, 0.3], ddof=1))  # 0.1304
    half = 2.7764451 * sd / math.sqrt(5)  # t_{0.975, 4} = 2.776
    result = paired(ARM, REFERENCE)
    assert result.sd_paired == pytest.approx(sd)
    assert (result.ci_low, result.ci_high) == pytest.approx((0.18 - half, 0.18 + half))


def test_the_unpaired_sd_is_that_of_a_difference_of_two_independent_runs():
    expected = math.sqrt(np.var(ARM, ddof=1) + np.var(REFERENCE, ddof=1))
    assert paired(ARM, REFERENCE).sd_unpaired == pytest.approx(expected)


def test_common_random_numbers_make_the_paired_sd_smaller_than_the_unpaired():
    rng = np.random.default_rng(1)
    shared = rng.normal(0, 1.0, 50)  # the seed's own noise, common to both arms
    result = paired(shared + 0.1 + rng.normal(0, 0.1, 50), shared + rng.normal(0, 0.1, 50))
    assert result.sd_paired < result.sd_unpaired / 3


def test_mde_is_the_two_t_quantiles_times_the_standard_error():
    # n = 10: t_{0.975, 9} = 2.262157, t_{0.8, 9} = 0.883404
    assert mde(0.3, 10) == pytest.approx((2.262157 + 0.883404) * 0.3 / math.sqrt(10), rel=1e-6)


def test_an_effect_of_one_mde_is_found_with_about_80_percent_power():
    # the non-central t gives the exact power; the MDE formula is its standard approximation
    n, sd = 20, 1.0
    shift = mde(sd, n) / (sd / math.sqrt(n))
    critical = stats.t.ppf(0.975, n - 1)
    power = 1 - stats.nct.cdf(critical, n - 1, shift) + stats.nct.cdf(-critical, n - 1, shift)
    assert power == pytest.approx(0.80, abs=0.02)


def test_the_power_rule_gives_the_fewest_seeds_that_reach_the_target():
    n = seeds_for_mde(0.0015, 0.0005)
    assert mde(0.0015, n) <= 0.0005 < mde(0.0015, n - 1)


def test_the_power_rule_refuses_a_target_no_affordable_design_reaches():
    with pytest.raises(ValueError, match="1000 seeds"):
        seeds_for_mde(1.0, 0.001)


def test_pairs_with_a_missing_outcome_are_left_out():
    result = paired([1.0, float("nan"), 3.0, 4.0], [0.0, 1.0, 1.0, 1.0])
    assert result.n == 3 and result.difference == pytest.approx(2.0)


def test_one_seed_gives_a_difference_without_an_interval():
    result = paired([2.0], [1.0])
    assert result.difference == 1.0 and math.isnan(result.ci_low) and math.isnan(result.mde)


def test_zero_coverage_counts_intervals_that_contain_zero():
    covers = paired([1.0, -1.0, 0.5], [0.0, 0.0, 0.0])
    misses = paired([1.0, 1.1, 0.9], [0.0, 0.0, 0.0])
    assert zero_coverage([covers, misses, covers, covers]) == 0.75


def test_zero_coverage_leaves_out_outcomes_that_never_vary():
    constant = paired([0.0, 0.0, 0.0], [0.0, 0.0, 0.0])  # its [0, 0] interval proves nothing
    misses = paired([1.0, 1.1, 0.9], [0.0, 0.0, 0.0])
    assert zero_coverage([constant, misses]) == 0.0


def test_e2_runs_the_seeds_its_power_rule_asks_for_at_scale_at_least_a_tenth():
    spec = load_experiment(PROJECT_ROOT / "experiments" / "02-policy-comparison")
    assert spec.power is not None and spec.population_scale is not None
    assert spec.seeds >= seeds_for_mde(spec.power.pilot_sd_paired, spec.power.target_mde)
    assert spec.population_scale >= 0.1
