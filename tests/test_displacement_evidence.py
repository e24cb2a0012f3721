"""Layoff or retraining from evidence (docs/model.md section 7.5): Mexican severance follows
the LFT for layoffs due to new machinery, plants retrain the WEF base share with no policy, and
policies that make retraining pay move the share from there."""

from functools import cache

import numpy as np
import pytest
from scipy.special import expit, logit

from sim.cli import main
from sim.config import CONFIGS_DIR
from sim.config.countries import ByCountry
from sim.config.schema import STATUTORY_SEVERANCE, SeveranceRule
from sim.mechanisms.displacement import layoff_cost, retrain_chance
from sim.run.runner import simulate
from tests.conftest import article_pace, scenario_with

MX, US = 0, 1
BASELINE = str(CONFIGS_DIR / "baseline.yaml")


def test_a_mexican_technological_layoff_owes_four_months_pay_at_no_tenure():
    owed = layoff_cost(np.array([600.0]), np.array([0]), np.array([MX]), STATUTORY_SEVERANCE, 400)
    assert owed[0] == pytest.approx(4 * 600.0)


def test_below_the_cap_the_seniority_premium_is_paid_on_the_full_wage():
    # 608 USD a month = 20 a day, under 2 x 500 USD minimum wage; 2 years of service:
    # 4 months + 2 x 20 days + 2 x 12 seniority days, all at 20 USD a day
    owed = layoff_cost(np.array([608.0]), np.array([24]), np.array([MX]), STATUTORY_SEVERANCE, 500)
    assert owed[0] == pytest.approx(4 * 608.0 + 40 * 20.0 + 24 * 20.0)


def test_above_the_cap_the_seniority_premium_is_paid_on_two_minimum_wages():
    # 1216 USD a month = 40 a day, over 2 x 304 USD minimum wage (608 a month = 20 a day):
    # the 20 days a year at 40 USD a day, the 12 seniority days a year at 20
    owed = layoff_cost(np.array([1216.0]), np.array([24]), np.array([MX]), STATUTORY_SEVERANCE, 304)
    assert owed[0] == pytest.approx(4 * 1216.0 + 40 * 40.0 + 24 * 20.0)


def test_us_law_owes_no_severance():
    owed = layoff_cost(np.array([4330.0]), np.array([36]), np.array([US]), STATUTORY_SEVERANCE, 500)
    assert owed[0] == 0.0


def test_a_weeks_per_year_rule_pays_a_weeks_wage_per_year_of_service():
    rules = ByCountry(mx=SeveranceRule(), us=SeveranceRule(weeks_per_year=1.0))
    owed = layoff_cost(np.array([4330.0]), np.array([36]), np.array([US]), rules, 500)
    assert owed[0] == pytest.approx(3 * 1000.0)  # 3 years x 1 week at 4330 / 4.33


def test_one_worker_is_retrained_with_the_base_share_moved_by_the_policy_gain_over_scale():
    chance = retrain_chance(np.array([1600.0]), np.array([1000.0]), 0.37, 1500.0)
    assert chance[0] == pytest.approx(expit(logit(0.37) + 600.0 / 1500.0))


def test_with_no_policy_the_mean_chance_of_a_mixed_cohort_is_the_base_share():
    gains = np.array([-2000.0, 0.0, 500.0, 4000.0, 9000.0])
    chance = retrain_chance(gains, gains, 0.37, 1500.0)
    assert chance.mean() == pytest.approx(0.37, abs=1e-9)


def test_within_a_cohort_a_worker_whose_layoff_costs_more_is_likelier_retrained():
    gains = np.array([1000.0, 3000.0])  # the second is owed 2000 USD more severance
    chance = retrain_chance(gains, gains, 0.37, 1500.0)
    assert chance[1] > 0.37 > chance[0]


def test_a_gain_above_the_no_policy_gain_raises_the_chance_above_the_base_share():
    no_policy = np.array([500.0, 2500.0])
    chance = retrain_chance(no_policy + 540.0, no_policy, 0.37, 1500.0)  # a course subsidy
    assert chance.mean() > 0.37


@cache  # the no-policy run serves three tests
def retrained_share_mx(*assignments: str) -> float:
    """Share of displaced Mexican workers retrained, 2022-2024, at a small scale (seed 4)."""
    scenario = scenario_with("labour.attrition_window_months=0", *article_pace(), *assignments)
    frame = simulate(scenario, seed=4).timeseries
    return frame["retrained_month_mx"].sum() / frame["displaced_month_mx"].sum()


def test_with_no_policy_plants_retrain_about_the_base_share():
    assert retrained_share_mx() == pytest.approx(0.37, abs=0.07)


def test_a_retraining_subsidy_raises_the_retrained_share():
    assert retrained_share_mx("policy.retraining_subsidy=1") > retrained_share_mx() + 0.05


def test_a_higher_severance_raises_the_retrained_share():
    assert retrained_share_mx("displacement.severance.mx.months=12") > retrained_share_mx() + 0.05


def test_the_retired_retrain_bias_override_is_refused_naming_its_replacement(capsys, tmp_path):
    args = ["--out", str(tmp_path / "out"), "--set", "displacement.retrain_bias_usd=500"]
    assert main(["run", BASELINE, *args]) == 2
    err = capsys.readouterr().err
    assert "displacement.retrain_bias_usd" in err
    assert "employer_retrain_share" in err
    assert len(err.strip().splitlines()) == 1


def test_the_retired_retrain_bias_in_a_file_is_refused_naming_its_replacement(capsys, tmp_path):
    config = tmp_path / "old.yaml"
    config.write_text(f"extends: {BASELINE}\ndisplacement:\n  retrain_bias_usd: 500\n")
    assert main(["run", str(config), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "retrain_bias_usd" in err and "employer_retrain_share" in err
    assert not (tmp_path / "out").exists()
