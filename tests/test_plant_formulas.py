"""The plant's cost formulas on hand-made inputs (docs/model.md sections 7.1 and 7.5)."""

import numpy as np
import pytest

from sim.config.schema import AutomationConfig, PolicyConfig, TrainingConfig
from sim.mechanisms.automation import capex_per_job, subsidy_share
from sim.mechanisms.displacement import must_retrain, retraining_cost

MX, US = 0, 1


def test_retraining_cost_is_the_course_net_of_subsidy_plus_the_wage_share_kept():
    training = TrainingConfig(programme_months=6)
    cost = retraining_cost(
        wage=np.array([500.0]),
        course_per_month=np.array([200.0]),
        subsidy=np.array([0.25]),
        training=training,
        wage_share=0.5,
    )
    assert cost[0] == pytest.approx(6 * 200.0 * 0.75 + 6 * 250.0)


def test_a_full_subsidy_leaves_only_the_wage_share():
    cost = retraining_cost(
        np.array([500.0]), np.array([200.0]), np.array([1.0]), TrainingConfig(), 0.5
    )
    assert cost[0] == pytest.approx(TrainingConfig().programme_months * 250.0)


def test_capex_falls_each_year_and_mexico_gets_the_tech_transfer_discount():
    cfg = AutomationConfig(
        capex_per_automated_job_usd=10_000.0,
        cost_decline_per_year=0.1,
        tech_transfer_capex_discount=0.2,
    )
    capex = capex_per_job(cfg, interoperability=0.5, month=13, country=np.array([MX, US]))
    assert capex == pytest.approx([9000.0 * 0.9, 9000.0])


def test_public_capex_subsidies_add_up_to_at_most_95_percent_times_availability():
    policy = PolicyConfig(sez_tax_credit=0.6, sme_digitalization_grant=0.5)
    share = subsidy_share(
        policy,
        in_sez=np.array([True, True, False]),
        sme=np.array([True, False, False]),
        availability=np.array([1.0, 0.5, 1.0]),
    )
    assert share == pytest.approx([0.95, 0.3, 0.0])


def test_retrain_first_binds_only_sez_plants_with_a_tax_credit():
    policy = PolicyConfig(sez_retrain_first=True, sez_tax_credit=0.2)
    assert must_retrain(policy, np.array([True, False])).tolist() == [True, False]
    no_credit = PolicyConfig(sez_retrain_first=True, sez_tax_credit=0.0)
    assert must_retrain(no_credit, np.array([True])).tolist() == [False]


def test_retrain_before_layoff_binds_every_plant():
    policy = PolicyConfig(retrain_before_layoff=True)
    assert must_retrain(policy, np.array([False, False])).tolist() == [True, True]
