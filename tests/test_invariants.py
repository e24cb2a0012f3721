"""Invariants that hold in every simulated month (the accounting of docs/model.md section 2)."""

import numpy as np
import pytest

from sim.agents.worker import Worker
from sim.mechanisms.city import agent_labour_force
from sim.model import BorderModel
from sim.outputs import nan_allowed_columns
from sim.state.codes import DEPARTED, EMPLOYED, TRAINING, UNEMPLOYED
from sim.state.workers import employed_check
from tests.conftest import scenario_with

POLICY_MIX = (
    "policy.retraining_subsidy=0.6",
    "policy.training_capacity_multiplier=3",
    "policy.stipend_usd_month=150",
    "policy.sme_digitalization_grant=0.4",
    "policy.sez_cities=[tijuana_mx, el_paso_us]",
    "policy.sez_tax_credit=0.3",
    "policy.binational_training=true",
    "policy.cross_border_enrolment=true",
    "policy.federal_matching_rate=1.0",
    "policy.federal_fiscal_cap_usd_per_year=50000000",
    "policy.adaptive_training.enabled=true",
)


def check_month(model: BorderModel) -> None:
    w = model.workers
    live = slice(0, w.size)
    status = w.status[live]
    # each worker is exactly one of employed / unemployed / in training / departed
    assert np.isin(status, [EMPLOYED, UNEMPLOYED, TRAINING, DEPARTED]).all()
    recount = np.zeros((2, 2, 4), dtype=np.int64)
    np.add.at(recount, (w.country[live], w.skill[live], status), 1)
    assert np.array_equal(recount, w.counts)
    assert ((w.employer[live] >= 0) == (status == EMPLOYED)).all()
    alive = len(model.agents_by_type[Worker])
    assert alive == w.alive_count() == int((status != DEPARTED).sum())
    # plant headcounts equal the workers assigned to them (arrays, and each Plant agent's roster)
    assert employed_check(model.workers)
    for plant in model.plant_agents[:: max(1, len(model.plant_agents) // 25)]:
        assert len(plant.workers) == plant.operatives + plant.technicians
    # sponsored trainees are counted by their plant
    sponsored = np.bincount(
        w.sponsor[live][(status == TRAINING) & (w.sponsor[live] >= 0)], minlength=model.plants.n
    )
    assert np.array_equal(sponsored, model.plants.trainees)
    # budgets within caps
    assert all(g.balance >= -1e-6 for g in model.governments)
    assert model.federal.spent_this_year <= model.federal.cap_per_year + 1e-6
    # training seats never over-filled
    assert all(0 <= c.occupied <= c.seats for c in model.training.centers)
    # residence-city status counts, and the city's stocks: never negative, and people add up
    by_city = np.zeros_like(w.by_city)
    np.add.at(by_city, (w.city[live], status), 1)
    assert np.array_equal(by_city, w.by_city)
    city = model.city_labour
    for stock in (city.other_jobs, city.informal, city.unemployed, city.inactive):
        assert (stock >= -1e-9).all()
    unemployed, labour_force = agent_labour_force(model.workers, model.plants)
    sponsored = labour_force - unemployed - w.by_city[:, EMPLOYED]
    people = city.labour_force(labour_force) + city.inactive + w.by_city[:, TRAINING] - sponsored
    assert np.allclose(people, city.working_age, rtol=1e-9)
    # shares in [0, 1], no NaN (but where the contract says when) or infinity
    undefined_allowed = nan_allowed_columns()
    for name, value in model.record.items():
        if isinstance(value, str) or (name in undefined_allowed and np.isnan(value)):
            continue
        assert np.isfinite(value), name
        if "share" in name or "rate" in name:
            assert 0.0 <= value <= 1.0, (name, value)


@pytest.mark.parametrize("policy", [(), POLICY_MIX, ("policy.retrain_before_layoff=true",)])
def test_invariants_hold_every_month(policy):
    model = BorderModel(scenario_with(*policy, end="2025-06"), seed=5)
    while model.running:
        model.step()
        check_month(model)


def test_public_training_never_admits_beyond_its_seats():
    model = BorderModel(
        scenario_with("training.enrolment_probability_month=1.0", end="2023-06"), seed=2
    )
    while model.running:
        model.step()
        for center in model.training.centers:
            public = int(
                (
                    (model.workers.training_center[: model.workers.size] == center.city)
                    & (model.workers.status[: model.workers.size] == TRAINING)
                ).sum()
            )
            assert public <= center.seats


def test_every_worker_is_a_mesa_agent_that_reads_its_row(baseline_small):
    model = baseline_small
    agents = [a for a in model.workers.agents if a is not None]
    assert len(agents) == model.workers.alive_count()
    from sim.agents.worker import Worker

    assert len(model.agents_by_type[Worker]) == len(agents)
    employed = next(a for a in agents if a.status == "employed")
    assert employed.employer is not None and employed.wage > 0
    assert employed in employed.employer.workers
    assert employed.cell is not None
