"""The randomised training trial inside the model: who is assigned, what each arm may do, how
the intention-to-treat effects are computed, and that assignment shifts no other draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model import BorderModel
from sim.outcomes import Z_95, trial_effects, trial_frame
from sim.state.codes import OPERATIVE
from sim.state.workers import TRIAL_CONTROL, TRIAL_OFFER, WORK_FORMAL, WORK_INFORMAL, WORK_NONE
from tests.conftest import article_pace, run_model, scenario_with

TRIAL = ("trial.enabled=true", "trial.start=2022-11", "trial.end=2023-06")
# seats x20 so that offers can be honoured, as in configs/scenarios/training_trial.yaml: at
# today's seats the city's unemployed fill what the queue leaves, and an offer waits for a seat
SEATS = "policy.training_capacity_multiplier=20"
ARTICLE_PACE = article_pace()  # as in configs/scenarios/training_trial.yaml


def test_trial_effects_are_differences_of_arm_shares_with_a_normal_interval():
    n, f, i = WORK_NONE, WORK_FORMAL, WORK_INFORMAL
    frame = pd.DataFrame(
        {
            "trial_arm": [TRIAL_OFFER] * 4 + [TRIAL_CONTROL] * 4 + [-1],
            "trial_month": [3] * 9,
            "trial_work_6m": [f, f, i, n, f, n, n, n, f],
            "trial_work_12m": [f, f, f, f, f, f, i, -1, f],
            "trial_work_24m": [-1] * 9,
            "trial_work_36m": [-1] * 9,
        }
    )
    effects = trial_effects(frame).set_index(["outcome", "months"])
    six = effects.loc[("employed", 6)]
    assert (six.offered, six.controls) == (4, 4)
    assert (six.offer, six.control, six.itt) == (0.75, 0.25, 0.5)
    half_width = Z_95 * np.sqrt(0.75 * 0.25 / 4 + 0.25 * 0.75 / 4)
    assert six.ci_low == pytest.approx(0.5 - half_width)
    assert six.ci_high == pytest.approx(0.5 + half_width)
    twelve = effects.loc[("formal", 12)]
    assert (twelve.controls, twelve.offer, twelve.control) == (3, 1.0, 2 / 3)
    assert np.isnan(effects.loc[("employed", 24)].itt)


@pytest.fixture(scope="module")
def trial_run() -> BorderModel:
    # scale 0.03: some 80 laid-off workers in the window, enough to see the lock-in
    scenario = scenario_with(*TRIAL, SEATS, *ARTICLE_PACE, scale=0.03, end="2024-07")
    return run_model(scenario, seed=2)


def test_laid_off_workers_of_the_window_are_assigned_and_followed(trial_run):
    frame = trial_frame(trial_run.workers)
    assert set(frame.trial_arm) == {TRIAL_OFFER, TRIAL_CONTROL}
    assert frame.trial_month.between(11, 18).all()  # 2022-11 .. 2023-06
    assert (frame.trial_work_6m >= 0).all() and (frame.trial_work_12m >= 0).all()
    assert (frame.trial_work_36m == -1).all()  # not reached by 2024-07
    effects = trial_effects(trial_run)
    assert list(effects.months.unique()) == [6, 12, 24, 36]
    assert effects.iloc[0].offered > 0 and effects.iloc[0].controls > 0


def test_offered_workers_are_in_training_in_the_first_months(trial_run):
    """Lock-in: six months on, more controls than offered workers are in work."""
    six = trial_effects(trial_run).set_index(["outcome", "months"]).loc[("employed", 6)]
    assert six.itt < 0


def _model(*assignments: str) -> BorderModel:
    model = BorderModel(scenario_with(*assignments, end="2023-12"), seed=4)
    for _ in range(3):
        model.step()
    return model


def test_controls_may_not_apply_for_public_training():
    model = _model("training.enrolment_probability_month=1")
    w = model.workers
    pool = w.unemployed_pool()
    pool = pool[(w.skill[pool] == OPERATIVE) & (w.queue_center[pool] < 0)]
    controls, others = pool[::2], pool[1::2]
    w.trial_arm[controls] = TRIAL_CONTROL
    w.trial_month[controls] = model.steps
    model.training.apply(pool)
    assert (w.queue_center[controls] < 0).all()
    assert (w.queue_center[others] >= 0).all()


def test_an_offer_puts_the_worker_at_the_front_of_the_home_queue():
    model = _model()
    w = model.workers
    pool = w.unemployed_pool()
    pool = pool[w.queue_center[pool] < 0][:3]
    model.training.offer(pool)
    for worker in pool.tolist():
        center = model.training.centers[w.city[worker]]
        assert worker in center.queue[:3]
        assert w.queue_center[worker] == w.city[worker]


def test_assignment_draws_nothing_from_the_model_stream():
    """Everyone a control, nobody barred: the run is the run without a trial."""
    no_trial = run_model(scenario_with(*ARTICLE_PACE, scale=0.01, end="2023-04"), seed=6)
    everyone_a_control = scenario_with(
        *TRIAL,
        *ARTICLE_PACE,
        "trial.offer_share=0",
        "trial.control_exclusion_months=0",
        scale=0.01,
        end="2023-04",
    )
    all_controls = run_model(everyone_a_control, seed=6)
    assert (trial_frame(all_controls.workers).trial_arm == TRIAL_CONTROL).all()
    assert len(trial_frame(all_controls.workers)) > 0
    months = [run.datacollector.get_model_vars_dataframe() for run in (all_controls, no_trial)]
    pd.testing.assert_frame_equal(*months)
